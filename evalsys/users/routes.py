"""User administration views."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Unit, User, db

from .. import audit
from ..auth.decorators import role_required
from ..errors import DomainError
from ..forms import options
from . import bp, operations
from .forms import ROLE_LABELS, ResetPasswordForm, UserForm


@bp.get("/")
@role_required("admin")
def index():
    """List users (admin)."""
    users = db.session.scalars(select(User).order_by(User.username)).all()
    return render_template("users/index.html", users=users, role_labels=ROLE_LABELS)


def _unit_choices(form: UserForm) -> None:
    form.unit_ids.choices = options((u.id, f"{u.code} · {u.name}") for u in db.session.scalars(
        select(Unit).where(Unit.is_active.is_(True)).order_by(Unit.code)))


def _save(user: User, form: UserForm):
    _unit_choices(form)
    if form.validate_on_submit():
        try:
            operations.save_user(user, form.data, current_app.config["PASSWORD_HASH_METHOD"])
        except DomainError as err:
            flash(str(err), "danger")
        else:
            db.session.commit()
            flash(_("Pengguna %(u)s disimpan.", u=user.username), "success")
            return redirect(url_for("users.index"))
    return render_template("users/form.html", form=form, user=user,
                           reset_form=ResetPasswordForm())


@bp.route("/new", methods=["GET", "POST"])
@role_required("admin")
def create():
    """Create a user (admin)."""
    return _save(User(), UserForm())


@bp.route("/<int:user_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit(user_id: int):
    """Edit a user's role, units and status (admin)."""
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    if request.method == "GET":
        form.unit_ids.data = [u.id for u in user.units]
    return _save(user, form)


@bp.post("/<int:user_id>/password")
@role_required("admin")
def reset_password(user_id: int):
    """Set a new password for a user (admin)."""
    user = db.get_or_404(User, user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user.set_password(form.password.data, current_app.config["PASSWORD_HASH_METHOD"])
        audit.record("password_reset", "User", user.id)
        db.session.commit()
        flash(_("Kata sandi %(u)s diatur ulang.", u=user.username), "success")
    else:
        flash(_("Kata sandi baru minimal 10 karakter."), "danger")
    return redirect(url_for("users.edit", user_id=user.id))


@bp.route("/me/token", methods=["GET", "POST"])
def api_token():
    """Show how to use the API and issue a new personal API token (shown once)."""
    token = None
    if request.method == "POST":
        token = operations.issue_api_token(current_user)
        audit.record("api_token_issued", "User", current_user.id)
        db.session.commit()
    return render_template("users/token.html", token=token)
