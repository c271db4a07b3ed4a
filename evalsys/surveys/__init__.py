"""Community satisfaction surveys: questionnaire, public form, imports, IKM results."""

from flask import Blueprint

bp = Blueprint("surveys", __name__)

from . import routes  # noqa: E402,F401  (views register on bp)
