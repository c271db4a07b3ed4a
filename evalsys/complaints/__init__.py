"""Complaints: register, life cycle, service levels in working days, holiday calendar."""

from flask import Blueprint

bp = Blueprint("complaints", __name__, url_prefix="/complaints")

# Views and the label context processor register on bp when imported.
from . import labels, routes, routes_calendar, routes_import, routes_sla  # noqa: E402,F401
