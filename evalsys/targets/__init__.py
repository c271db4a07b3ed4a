"""Targets (IKU) of the RPJMD/Renstra per indicator and year (issue 8)."""

from flask import Blueprint

bp = Blueprint("targets", __name__, url_prefix="/targets")

from . import routes  # noqa: E402,F401  (views register on bp)
