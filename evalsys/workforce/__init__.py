"""Staff roster, ABK and WISN worksheets, staffing gaps."""

from flask import Blueprint

bp = Blueprint("workforce", __name__, url_prefix="/workforce")

from . import routes, sheet_routes, staff_routes  # noqa: E402,F401  (views register on bp)
