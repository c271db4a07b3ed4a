"""Rankings: run a scoring scheme, league table, "why this rank", methodology, what-if."""

from flask import Blueprint

bp = Blueprint("rankings", __name__, url_prefix="/rankings")

from . import routes  # noqa: E402,F401  (views register on bp)
