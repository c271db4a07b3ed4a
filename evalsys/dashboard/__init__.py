"""Leadership dashboard: headline cards, league table, charts (issue 8)."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

from . import routes  # noqa: E402,F401  (views register on bp)
