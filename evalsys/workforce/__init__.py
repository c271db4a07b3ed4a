"""Staff roster, ABK and WISN worksheets, staffing gaps."""

from flask import Blueprint

bp = Blueprint("workforce", __name__)

from . import routes  # noqa: E402,F401  (views register on bp)
