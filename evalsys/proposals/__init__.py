"""Proposals (reward, coaching, warning, escalation, staff moves) and decisions (issue 9)."""

from flask import Blueprint

bp = Blueprint("proposals", __name__, url_prefix="/proposals")

from . import routes, routes_letters, routes_rules  # noqa: E402,F401  (views register on bp)
