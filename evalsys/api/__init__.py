"""JSON API under /api/v1: session or bearer-token auth, errors as JSON with a message."""

import re

from flask import Blueprint, abort, current_app, request
from werkzeug.exceptions import HTTPException

from ..converters import INTEGER_MAX
from ..extensions import csrf

_INTEGER = re.compile(r"^\s*[-+]?[0-9]+\s*$")

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Token clients cannot hold a CSRF token; browser sessions still must send one (see below).
csrf.exempt(bp)


@bp.before_request
def _csrf_for_sessions():
    """Require the CSRF token on writes made with a browser session rather than a token."""
    if current_app.config["WTF_CSRF_ENABLED"] \
            and request.method in ("POST", "PUT", "PATCH", "DELETE") \
            and not request.headers.get("Authorization", "").startswith("Bearer "):
        csrf.protect()


@bp.before_request
def _refuse_unusable_parameters():
    """Refuse query parameters no database can take: NUL bytes, integers past INTEGER.

    PostgreSQL cannot bind either (and aborts the transaction), so they would end in a 500.
    """
    for name, value in request.args.items(multi=True):
        if "\x00" in name or "\x00" in value:
            abort(400, description=f"Parameter '{name.replace(chr(0), '')}' memuat karakter NUL.")
        if _INTEGER.match(value) and abs(int(value)) > INTEGER_MAX:
            abort(400, description=f"Parameter '{name}' di luar rentang bilangan bulat.")


@bp.errorhandler(HTTPException)
def _json_error(err: HTTPException):
    return {"error": err.name.lower().replace(" ", "_"), "message": err.description}, err.code


from ..innovations import api as _innovations_api  # noqa: E402,F401  (dossier download)
from ..reports import api as _reports_api  # noqa: E402,F401  (report downloads register on bp)
from . import rankings, routes  # noqa: E402,F401  (views register on bp)
