"""Indicator views: catalogue, entry grid, approval."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Indicator, Period, db

from ..auth.decorators import role_required
from ..errors import DomainError
from ..home.operations import current_period
from ..units.operations import opd_choices
from . import bp, entry, operations
from .forms import IndicatorForm


@bp.get("/")
def index():
    """List the indicator catalogue."""
    indicators = db.session.scalars(select(Indicator).order_by(Indicator.code)).all()
    return render_template("indicators/index.html", indicators=indicators)


def _save(indicator: Indicator, form: IndicatorForm):
    if form.validate_on_submit():
        try:
            operations.save_indicator(indicator, form.data)
        except DomainError as err:
            flash(str(err), "danger")
        else:
            db.session.commit()
            flash(_("Indikator disimpan."), "success")
            return redirect(url_for("indicators.index"))
    return render_template("indicators/form.html", form=form, indicator=indicator)


@bp.route("/new", methods=["GET", "POST"])
@role_required("admin")
def create():
    """Add an indicator to the catalogue (admin)."""
    return _save(Indicator(), IndicatorForm())


@bp.route("/<int:indicator_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit(indicator_id: int):
    """Edit an indicator (admin)."""
    indicator = db.get_or_404(Indicator, indicator_id)
    return _save(indicator, IndicatorForm(obj=indicator))


def _selected_period() -> Period | None:
    period_id = request.values.get("period", type=int)
    return db.session.get(Period, period_id) if period_id else current_period()


def _posted_cells() -> dict:
    """Read v-<unit>-<indicator> inputs and their ver-<unit>-<indicator> versions."""
    cells = {}
    for key, raw in request.form.items():
        if not key.startswith("v-"):
            continue
        try:
            unit_id, indicator_id = (int(x) for x in key[2:].split("-"))
        except ValueError:
            continue
        version = request.form.get(f"ver-{unit_id}-{indicator_id}", type=int)
        cells[(unit_id, indicator_id)] = (raw, version)
    return cells


@bp.route("/entry", methods=["GET", "POST"])
def grid():
    """Enter values for units × indicators in one period; evaluators see their units only."""
    period = _selected_period()
    if period is None:
        flash(_("Belum ada periode. Admin perlu membuat periode terlebih dahulu."), "warning")
        return redirect(url_for("periods.index"))
    scope = entry.editable_unit_ids(current_user)
    row_scope = scope if current_user.role == "evaluator" else None
    opd_id, unit_type = request.values.get("opd", type=int), request.values.get("type") or None
    page = db.paginate(operations.grid_units(row_scope, opd_id, unit_type),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    result, posted = entry.GridResult(), {}
    if request.method == "POST":
        posted = _posted_cells()
        try:
            result = entry.save_cells(current_user, period, posted,
                                      submit=request.form.get("action") == "submit")
        except DomainError as err:
            db.session.rollback()
            flash(str(err), "danger")
        else:
            if result.errors:
                db.session.rollback()
                flash(_("%(n)d isian ditolak; tidak ada yang disimpan. Perbaiki sel bertanda "
                        "merah lalu simpan lagi.", n=len(result.errors)), "danger")
            else:
                db.session.commit()
                flash(_("%(n)d nilai disimpan.", n=result.saved), "success")
                return redirect(url_for("indicators.grid", period=period.id, opd=opd_id or "",
                                        type=unit_type or "", page=page.page))
    units = page.items
    return render_template(
        "indicators/grid.html", period=period, page=page, units=units,
        indicators=operations.active_indicators(),
        values=entry.values_for(period, [u.id for u in units]),
        editable=scope, errors=result.errors, where=result.where, posted=posted,
        periods=db.session.scalars(select(Period).order_by(Period.end_date.desc())).all(),
        opds=opd_choices(), filters=request.values)


@bp.route("/approvals", methods=["GET", "POST"])
@role_required("leader", "admin")
def approvals():
    """Approve submitted values per unit, or return them to draft (leader, admin)."""
    period = _selected_period()
    if period is None:
        return redirect(url_for("periods.index"))
    if request.method == "POST":
        unit_ids = [int(x) for x in request.form.getlist("unit_id") if x.isdigit()]
        approve = request.form.get("action") != "return"
        try:
            count = entry.decide(current_user, period,
                                 operations.submitted_ids(period, unit_ids), approve)
            db.session.commit()
            flash(_("%(n)d nilai disetujui.", n=count) if approve
                  else _("%(n)d nilai dikembalikan ke draf.", n=count), "success")
        except DomainError as err:
            db.session.rollback()
            flash(str(err), "danger")
        return redirect(url_for("indicators.approvals", period=period.id))
    return render_template("indicators/approvals.html", period=period,
                           queue=operations.approval_queue(period),
                           periods=db.session.scalars(
                               select(Period).order_by(Period.end_date.desc())).all())
