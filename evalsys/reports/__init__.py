"""Reports and exports: ranking report, Excel/CSV, unit report cards (issue 10)."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from . import routes  # noqa: E402,F401  (views register on bp)
