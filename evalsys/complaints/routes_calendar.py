"""Calendar views: the year's holidays and cuti bersama; admins adjust dates and work weeks."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Unit, db
from models.complaint import HolidayAdjustment, UnitWorkWeek

from ..auth.decorators import role_required
from ..errors import DomainError
from ..forms import options
from . import bp, calendar_page, operations, queries
from .calendars import local_today
from .forms import AdjustmentForm, WorkWeekForm


def _work_week_form() -> WorkWeekForm:
    form = WorkWeekForm()
    form.unit_id.choices = options((u.id, f"{u.code} · {u.name}")
                                   for u in queries.unit_choices())
    return form


@bp.get("/calendar")
def calendar():
    """Show a year's working-day calendar with holidays, cuti bersama and local changes."""
    year = calendar_page.clamp_year(request.args.get("year", type=int), local_today("WIB"))
    six_day = request.args.get("six_day") == "1"
    adjustments = db.session.scalars(select(HolidayAdjustment)
                                     .order_by(HolidayAdjustment.day.desc())).all()
    six_day_units = db.session.scalars(
        select(Unit).join(UnitWorkWeek, UnitWorkWeek.unit_id == Unit.id)
        .where(UnitWorkWeek.six_day).order_by(Unit.code)).all()
    admin = current_user.role == "admin"
    return render_template(
        "complaints/calendar.html", year=year, six_day=six_day,
        view=calendar_page.year_view(year, six_day), adjustments=adjustments,
        six_day_units=six_day_units, form=AdjustmentForm() if admin else None,
        week_form=_work_week_form() if admin else None)


@bp.post("/calendar/adjustments")
@role_required("admin")
def add_adjustment():
    """Add a local holiday or turn a national holiday into a working day (admin)."""
    form = AdjustmentForm()
    if form.validate_on_submit():
        try:
            operations.add_adjustment(form.day.data, form.name.data, form.kind.data,
                                      form.note.data)
        except DomainError as err:
            db.session.rollback()
            flash(str(err), "danger")
        else:
            db.session.commit()
            flash(_("Penyesuaian kalender disimpan; batas waktu pengaduan dihitung ulang."),
                  "success")
        return redirect(url_for("complaints.calendar", year=form.day.data.year))
    flash(_("Tanggal dan nama wajib diisi."), "danger")
    return redirect(url_for("complaints.calendar"))


@bp.post("/calendar/adjustments/<int:adjustment_id>/delete")
@role_required("admin")
def delete_adjustment(adjustment_id: int):
    """Remove a local calendar adjustment (admin)."""
    row = db.get_or_404(HolidayAdjustment, adjustment_id)
    year = row.day.year
    operations.delete_adjustment(row)
    db.session.commit()
    flash(_("Penyesuaian dihapus; kalender nasional berlaku lagi pada tanggal itu."), "success")
    return redirect(url_for("complaints.calendar", year=year))


@bp.post("/calendar/work-week")
@role_required("admin")
def work_week():
    """Set a unit's working week: 5 days (default) or 6 days (admin)."""
    form = _work_week_form()
    if form.validate_on_submit():
        unit = db.get_or_404(Unit, form.unit_id.data)
        operations.set_work_week(unit, bool(form.six_day.data))
        db.session.commit()
        flash(_("Hari kerja %(u)s disimpan.", u=unit.name), "success")
    else:
        flash(_("Pilih unit dan hari kerja."), "danger")
    return redirect(url_for("complaints.calendar"))
