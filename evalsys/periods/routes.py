"""Period views."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from models import Period, db

from ..auth.decorators import role_required
from ..errors import DomainError
from . import bp, operations
from .forms import KIND_LABELS, PeriodForm


@bp.get("/")
def index():
    """List periods, newest first."""
    periods = db.session.scalars(select(Period).order_by(Period.end_date.desc(),
                                                         Period.start_date)).all()
    return render_template("periods/index.html", periods=periods, form=PeriodForm(),
                           kind_labels=KIND_LABELS)


@bp.post("/")
@role_required("admin")
def create():
    """Create a period (admin)."""
    form = PeriodForm()
    if form.validate_on_submit():
        try:
            period = operations.create_period(form.kind.data, form.year.data, form.number.data)
            db.session.commit()
            flash(_("Periode %(code)s dibuat.", code=period.code), "success")
        except DomainError as err:
            flash(str(err), "danger")
    else:
        for field, errors in form.errors.items():
            flash(f"{form[field].label.text}: {'; '.join(map(str, errors))}", "danger")
    return redirect(url_for("periods.index"))


@bp.post("/<int:period_id>/lock")
@role_required("admin", "leader")
def toggle_lock(period_id: int):
    """Lock a period against edits, or unlock it (admin, leader)."""
    period = db.get_or_404(Period, period_id)
    operations.set_locked(period, not period.is_locked)
    db.session.commit()
    flash(_("Periode %(code)s dikunci.", code=period.code) if period.is_locked
          else _("Periode %(code)s dibuka.", code=period.code), "success")
    return redirect(url_for("periods.index"))
