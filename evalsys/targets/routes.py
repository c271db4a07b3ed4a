"""Target (IKU) views: the year's list for everyone; create, edit and delete for admins."""

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from models import Indicator, Unit, db
from models.target import IndicatorTarget
from models.unit import UNIT_TYPES

from ..auth.decorators import role_required
from ..errors import DomainError
from . import bp, operations, overview
from .forms import TargetForm, fill_choices


@bp.get("/")
def index():
    """List a year's targets grouped by indicator, with realisation and % achieved."""
    known = overview.years()
    year = request.args.get("year", type=int) or (known[0] if known else date.today().year)
    return render_template("targets/index.html", year=year, years=sorted(set(known) | {year},
                                                                         reverse=True),
                           groups=overview.grouped(year))


def _form_page(target: IndicatorTarget, form: TargetForm):
    """Validate and save the form, or show it again with its messages."""
    indicators = db.session.scalars(select(Indicator).order_by(Indicator.code)).all()
    units = db.session.scalars(select(Unit).where(Unit.level == "unit").order_by(Unit.name)).all()
    fill_choices(form, indicators, units, UNIT_TYPES)
    if form.validate_on_submit():
        try:
            operations.save_target(target, form.data)
        except DomainError as err:
            flash(str(err), "danger")
        else:
            db.session.commit()
            flash(_("Target disimpan."), "success")
            return redirect(url_for("targets.index", year=target.year))
    return render_template("targets/form.html", form=form, target=target)


@bp.route("/new", methods=["GET", "POST"])
@role_required("admin")
def create():
    """Add a target (admin)."""
    form = TargetForm(year=request.args.get("year", type=int) or date.today().year,
                      indicator_id=request.args.get("indicator", type=int))
    return _form_page(IndicatorTarget(), form)


@bp.route("/<int:target_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit(target_id: int):
    """Edit a target (admin)."""
    target = db.get_or_404(IndicatorTarget, target_id)
    form = TargetForm(obj=target)
    if request.method == "GET":
        form.unit_id.data = target.unit_id or 0
        form.unit_type.data = target.unit_type or ""
    return _form_page(target, form)


@bp.post("/<int:target_id>/remove")
@role_required("admin")
def remove(target_id: int):
    """Delete a target (admin); the audit log keeps its last values."""
    target = db.get_or_404(IndicatorTarget, target_id)
    year = target.year
    operations.delete_target(target)
    db.session.commit()
    flash(_("Target dihapus."), "success")
    return redirect(url_for("targets.index", year=year))
