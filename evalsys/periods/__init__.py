"""Periods: list, create, lock and unlock."""

from flask import Blueprint

bp = Blueprint("periods", __name__, url_prefix="/periods")

from . import routes  # noqa: E402,F401  (views register on bp)
