"""The indicator catalogue and the values entered or computed per unit and period."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Audited, Base, TimestampMixin
from .period import Period
from .unit import Unit
from .user import User

SOURCES = ("computed", "manual")
# draft → submitted → approved; an approved value is read-only until a leader reopens it.
STATUSES = ("draft", "submitted", "approved")


class Indicator(Audited, TimestampMixin, Base):
    """What is measured: code, names, direction, unit of measure, valid range, legal basis."""

    __tablename__ = "indicator"
    __table_args__ = (CheckConstraint("direction IN (1, -1)", name="direction"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_id: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    # +1: a higher value is better; -1: a lower value is better.
    direction: Mapped[int] = mapped_column(Integer, default=1)
    unit_of_measure: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(10), default="manual")
    legal_basis: Mapped[str | None] = mapped_column(Text)
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)
    decimals: Mapped[int] = mapped_column(Integer, default=2)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    def name(self, locale: str) -> str:
        """Return the indicator's name in the given interface language."""
        return self.name_en if locale == "en" else self.name_id

    def __repr__(self) -> str:
        return f"<Indicator {self.code}>"


class IndicatorValue(Audited, TimestampMixin, Base):
    """One indicator's value for one unit and period, with where it came from."""

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("unit_id", "period_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), index=True)
    value: Mapped[float | None] = mapped_column(Float)
    # For computed values: the calculation, its inputs and record counts; for manual: the source.
    provenance: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    comment: Mapped[str | None] = mapped_column(Text)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Optimistic locking: a stale form cannot overwrite a newer value unnoticed.
    version: Mapped[int] = mapped_column(Integer, default=1)

    unit: Mapped[Unit] = relationship()
    period: Mapped[Period] = relationship()
    indicator: Mapped[Indicator] = relationship()
    entered_by: Mapped[User | None] = relationship(foreign_keys=[entered_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return (f"<IndicatorValue unit={self.unit_id} period={self.period_id} "
                f"indicator={self.indicator_id} {self.value} {self.status}>")
