"""Unit profile and drill-down from the index to the raw records (issue 8)."""

from flask import Blueprint

bp = Blueprint("profiles", __name__, url_prefix="/profile")

from . import routes  # noqa: E402,F401  (views register on bp)
