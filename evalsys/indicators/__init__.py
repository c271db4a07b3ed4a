"""Indicator catalogue, the entry grid (units × indicators for one period) and approval."""

from flask import Blueprint

bp = Blueprint("indicators", __name__, url_prefix="/indicators")

from . import routes  # noqa: E402,F401  (views register on bp)
