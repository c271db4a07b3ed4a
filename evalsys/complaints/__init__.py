"""Complaints: register, life cycle, service levels in working days, holiday calendar."""

from flask import Blueprint

bp = Blueprint("complaints", __name__)

from . import routes  # noqa: E402,F401  (views register on bp)
