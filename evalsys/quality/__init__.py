"""Data-quality panel: completeness, outliers, IKM sample shortfalls, approvals (issue 8)."""

from flask import Blueprint

bp = Blueprint("quality", __name__, url_prefix="/quality")

from . import routes  # noqa: E402,F401  (views register on bp)
