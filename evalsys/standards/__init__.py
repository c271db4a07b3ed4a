"""Service standards, maklumat and SOPs per service type; coverage; public information page."""

from flask import Blueprint

bp = Blueprint("standards", __name__)

from . import routes  # noqa: E402,F401  (views register on bp)
