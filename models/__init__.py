"""SQLAlchemy 2.x typed models, one module per aggregate; nothing here imports evalsys."""

from flask_sqlalchemy import SQLAlchemy

from .audit import AuditEvent
from .base import Base
from .indicator import Indicator, IndicatorValue
from .period import Period
from .unit import ServiceType, Unit
from .user import User

db = SQLAlchemy(model_class=Base)

# Feature modules register their tables on Base.metadata when imported.
from . import (  # noqa: E402,F401
    complaint,
    innovation,
    proposal,
    scoring,
    standard,
    survey,
    target,
    workforce,
)

__all__ = [
    "AuditEvent", "Base", "Indicator", "IndicatorValue", "Period", "ServiceType", "Unit",
    "User", "db",
]
