"""Innovation registry, local competition and dossiers (issue 10)."""

from flask import Blueprint

bp = Blueprint("innovations", __name__, url_prefix="/innovations")

from . import routes, routes_competitions, routes_items  # noqa: E402,F401  (views register on bp)
