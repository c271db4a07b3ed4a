"""Sign-in and sign-out views."""

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select

from models import User, db
from models.base import utcnow

from .. import audit
from ..extensions import limiter
from . import bp, public
from .forms import LoginForm, PasswordForm


def _safe_next(target: str | None) -> str:
    """Return a same-site path to continue to after login, never an outside address."""
    if target and urlsplit(target).netloc == "" and target.startswith("/") \
            and not target.startswith("//"):
        return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"],
               deduct_when=lambda response: response.status_code != 302)
def login():
    """Sign in with username and password; only failed attempts count towards the limit."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(
            select(User).where(func.lower(User.username) == form.username.data.strip().lower()))
        if user and user.is_active and user.check_password(form.password.data):
            login_user(user)
            user.last_login_at = utcnow()
            audit.record("login", "User", user.id)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        audit.record("login_failed", "User", None, {"username": form.username.data[:60]})
        db.session.commit()
        flash(_("Nama pengguna atau kata sandi salah."), "danger")
        return render_template("auth/login.html", form=form), 200
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """Sign out (POST with a CSRF token, so no other site can sign a user out)."""
    audit.record("logout", "User", current_user.id)
    db.session.commit()
    logout_user()
    flash(_("Anda telah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Change one's own password."""
    form = PasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append(_("Kata sandi sekarang salah."))
        else:
            current_user.set_password(form.new.data, current_app.config["PASSWORD_HASH_METHOD"])
            audit.record("password_changed", "User", current_user.id)
            db.session.commit()
            flash(_("Kata sandi diganti."), "success")
            return redirect(url_for("home.index"))
    return render_template("auth/password.html", form=form)
