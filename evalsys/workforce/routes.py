"""Workforce views: overview, rotation list, settings, positions."""

from datetime import date

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from models import Unit, db
from models.unit import UNIT_TYPES
from models.workforce import Position, WorkloadTask

from ..auth.decorators import role_required
from ..errors import DomainError
from ..units.operations import filtered_units, opd_choices
from . import bp, overview, roster, staffing
from .forms import EJ_TABLE_LABELS, KIND_LABELS, ROUNDING_LABELS, PositionForm, SettingsForm


@bp.get("/")
def index():
    """Show required versus existing staff per unit and position (ABK), with charts."""
    opd_id, unit_type = request.args.get("opd", type=int), request.args.get("type") or None
    units = db.session.scalars(filtered_units(opd_id, unit_type).where(Unit.level == "unit")
                               ).all()
    view = overview.build(units, request.args.get("sort", "kode"),
                          request.args.get("unit", type=int))
    return render_template("workforce/index.html", view=view, units=units, opds=opd_choices(),
                           unit_types=UNIT_TYPES, filters=request.args,
                           rounding_labels=ROUNDING_LABELS)


@bp.post("/recompute")
@role_required("leader", "admin")
def recompute():
    """Recompute the staffing indicators of every open period (leader, admin)."""
    written = staffing.refresh_staffing()
    db.session.commit()
    flash(_("Indikator kepegawaian dihitung ulang: %(n)d nilai diperbarui.", n=written),
          "success")
    return redirect(url_for("workforce.index"))


@bp.get("/rotation")
def rotation():
    """List staff longer than N years in the same post, and staff protected from rotation."""
    settings = staffing.current_settings()
    years = min(40, max(1, request.args.get("years", type=int) or settings.rotation_years))
    unit_id = request.args.get("unit", type=int)
    page = db.paginate(roster.long_in_post(years, unit_id),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    units = db.session.scalars(select(Unit).where(Unit.level == "unit").order_by(Unit.name)
                               ).all()
    return render_template("workforce/rotation.html", page=page, years=years,
                           default_years=settings.rotation_years, units=units, unit_id=unit_id,
                           protected=roster.protected_staff(unit_id),
                           since=roster.years_ago(years), years_between=roster.years_between,
                           today=date.today())


@bp.route("/settings", methods=["GET", "POST"])
@role_required("admin")
def settings():
    """Edit the workload policy; saving recomputes the staffing indicators (admin)."""
    current = staffing.current_settings()
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        try:
            staffing.save_settings(form.data)
        except DomainError as err:
            flash(str(err), "danger")
        else:
            db.session.commit()
            flash(_("Pengaturan disimpan dan indikator kepegawaian dihitung ulang."), "success")
            return redirect(url_for("workforce.settings"))
    return render_template("workforce/settings.html", form=form, current=current,
                           ej_labels=EJ_TABLE_LABELS, rounding_labels=ROUNDING_LABELS)


@bp.get("/positions")
def positions():
    """List positions with how many staff hold them and how many units have tasks for them."""
    rows = db.session.scalars(select(Position).order_by(Position.kind, Position.name)).all()
    task_units = dict(db.session.execute(
        select(WorkloadTask.position_id, func.count(func.distinct(WorkloadTask.unit_id)))
        .group_by(WorkloadTask.position_id)).all())
    return render_template("workforce/positions.html", positions=rows,
                           staff=roster.position_counts(), task_units=task_units,
                           kind_labels=KIND_LABELS)


def _save_position(position: Position, form: PositionForm):
    if form.validate_on_submit():
        try:
            roster.save_position(position, form.data)
        except DomainError as err:
            flash(str(err), "danger")
        else:
            db.session.commit()
            flash(_("Jabatan disimpan."), "success")
            return redirect(url_for("workforce.positions"))
    return render_template("workforce/position_form.html", form=form, position=position)


@bp.route("/positions/new", methods=["GET", "POST"])
@role_required("admin")
def position_new():
    """Add a position (admin)."""
    return _save_position(Position(), PositionForm())


@bp.route("/positions/<int:position_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def position_edit(position_id: int):
    """Edit a position (admin)."""
    position = db.get_or_404(Position, position_id)
    return _save_position(position, PositionForm(obj=position))
