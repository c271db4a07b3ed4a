"""Service standards, maklumat and SOPs per service type; coverage; public information page."""

from flask import Blueprint

bp = Blueprint("standards", __name__)

from . import routes, routes_files, routes_public, routes_sop  # noqa: E402,F401  (register views)
