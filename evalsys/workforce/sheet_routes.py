"""Worksheet views: ABK per unit and position, WISN per facility and health cadre."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Unit, db
from models.workforce import Position

from ..errors import NotAllowed
from . import bp, charts, wisn, worksheet
from .forms import EJ_TABLE_LABELS, KIND_LABELS, ROUNDING_LABELS


def _unit_or_404(unit_id: int) -> Unit:
    unit = db.get_or_404(Unit, unit_id)
    if unit.level != "unit":
        abort(404)
    return unit


def _service_units() -> list[Unit]:
    return list(db.session.scalars(select(Unit).where(Unit.level == "unit")
                                   .order_by(Unit.name)))


def _render_abk(unit: Unit, form=None, errors=None, status: int = 200):
    add = request.args.get("add", type=int)
    sections, staffing = worksheet.build_sheet(unit, add, form, errors)
    shown = {s.position.id for s in sections}
    addable = [p for p in db.session.scalars(select(Position).order_by(Position.name))
               if p.id not in shown]
    bars = worksheet.bar_frame(sections)
    chart = charts.to_html(charts.need_vs_existing(bars)) if len(bars) else None
    return render_template(
        "workforce/abk.html", unit=unit, sections=sections, settings=staffing.settings,
        totals=worksheet.unit_totals(staffing, unit.id), addable=addable, chart=chart,
        can_edit=current_user.can_edit_unit(unit.id), units=_service_units(),
        errors=errors or {}, rounding_labels=ROUNDING_LABELS, ej_labels=EJ_TABLE_LABELS,
        kind_labels=KIND_LABELS), status


@bp.get("/abk/<int:unit_id>")
def abk(unit_id: int):
    """Show the unit's ABK worksheet per position, laid out like the PermenPANRB lampiran."""
    return _render_abk(_unit_or_404(unit_id))


@bp.post("/abk/<int:unit_id>")
def abk_save(unit_id: int):
    """Save the worksheet's rows (add, change, delete) all at once, or none of them."""
    unit = _unit_or_404(unit_id)
    if not current_user.can_edit_unit(unit.id):
        abort(403)
    result = worksheet.save_sheet(current_user, unit, request.form)
    if result.errors:
        db.session.rollback()
        flash(_("%(n)d baris ditolak; tidak ada yang disimpan. Perbaiki baris bertanda merah "
                "lalu simpan lagi.", n=len(result.errors)), "danger")
        return _render_abk(unit, request.form, result.errors)
    db.session.commit()
    flash(_("Lembar kerja disimpan: %(a)d tugas ditambah, %(u)d diubah, %(d)d dihapus.",
            a=result.added, u=result.updated, d=result.deleted), "success")
    return redirect(url_for("workforce.abk", unit_id=unit.id))


def _render_wisn(unit: Unit, posted=None):
    add = request.args.get("add", type=int) or (posted and posted[0])
    add_position = db.session.get(Position, add) if add else None
    sheets = wisn.build_sheets(unit, add_position, posted) \
        if unit.unit_type in wisn.FACILITY_TYPES else []
    shown = {s.position.id for s in sheets}
    cadres = [p for p in db.session.scalars(select(Position).where(
        Position.is_health_cadre.is_(True)).order_by(Position.name)) if p.id not in shown]
    return render_template("workforce/wisn.html", unit=unit, sheets=sheets, cadres=cadres,
                           can_edit=current_user.can_edit_unit(unit.id),
                           facility=unit.unit_type in wisn.FACILITY_TYPES,
                           units=[u for u in _service_units()
                                  if u.unit_type in wisn.FACILITY_TYPES],
                           awt_fields=wisn.AWT_FIELDS, pressure=wisn.PRESSURE)


@bp.get("/wisn/<int:unit_id>")
def wisn_sheet(unit_id: int):
    """Show the WISN (ABK-Kes) worksheets of a puskesmas or RSUD, one per health cadre."""
    return _render_wisn(_unit_or_404(unit_id))


@bp.post("/wisn/<int:unit_id>")
def wisn_save(unit_id: int):
    """Save or remove one cadre's WISN inputs; a refused sheet is shown again as typed."""
    unit = _unit_or_404(unit_id)
    if not current_user.can_edit_unit(unit.id):
        abort(403)
    position = db.get_or_404(Position, request.form.get("position_id", type=int) or 0)
    try:
        if request.form.get("action") == "delete":
            wisn.delete_sheet(current_user, unit, position)
            message = _("Lembar WISN %(name)s dihapus.", name=position.name)
        else:
            errors = wisn.save_sheet(current_user, unit, position, request.form)
            if errors:
                db.session.rollback()
                flash(_("Lembar WISN tidak disimpan; perbaiki isian yang salah."), "danger")
                return _render_wisn(unit, (position.id, request.form, errors))
            message = _("Lembar WISN %(name)s disimpan.", name=position.name)
    except NotAllowed:
        abort(403)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("workforce.wisn_sheet", unit_id=unit.id) + f"#p{position.id}")
