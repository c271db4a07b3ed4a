"""Sign-in, sign-out, and the rule that every page needs a login unless marked public."""

from flask import Blueprint, Flask, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import User, db
from models.user import hash_token

from ..extensions import login_manager

bp = Blueprint("auth", __name__, url_prefix="/auth")


def init_app(app: Flask) -> None:
    """Register the blueprint, the user loaders and the login-by-default guard."""
    from . import routes  # noqa: F401  (registers the views on bp)

    app.register_blueprint(bp)
    login_manager.session_protection = "strong"
    app.before_request(_require_login)


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.is_active else None


@login_manager.request_loader
def _load_user_from_token(req) -> User | None:
    """Authenticate API calls that carry `Authorization: Bearer <token>`."""
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or not req.path.startswith("/api/"):
        return None
    token = header.removeprefix("Bearer ").strip()
    user = db.session.scalar(select(User).where(User.api_token_hash == hash_token(token)))
    return user if user is not None and user.is_active else None


@login_manager.unauthorized_handler
def _unauthorized():
    if request.path.startswith("/api/"):
        return jsonify(error="unauthorized", message=_("Silakan masuk terlebih dahulu.")), 401
    flash(_("Silakan masuk untuk membuka halaman itu."), "warning")
    return redirect(url_for("auth.login", next=request.full_path))


def public(view):
    """Mark a view as open to visitors who are not signed in (login, public survey)."""
    view.is_public = True
    return view


def _require_login():
    """Deny every endpoint to anonymous visitors unless its view is marked public."""
    from flask import current_app

    if request.endpoint is None or request.endpoint == "static":
        return None
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "is_public", False) or current_user.is_authenticated:
        return None
    return login_manager.unauthorized()
