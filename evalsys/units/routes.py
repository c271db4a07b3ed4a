"""Unit views: thin wrappers around units.operations."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from models import IndicatorValue, Period, Unit, db
from models.unit import UNIT_TYPES

from ..auth.decorators import role_required
from ..errors import DomainError
from ..forms import options
from . import bp, operations
from .forms import ServiceTypeForm, UnitForm


@bp.get("/")
def index():
    """List units with filters by OPD, type and a search term."""
    opd_id = request.args.get("opd", type=int)
    unit_type = request.args.get("type") or None
    q = request.args.get("q") or None
    show_inactive = request.args.get("inactive") == "1"
    query = operations.filtered_units(opd_id, unit_type, q, active_only=not show_inactive,
                                      level=request.args.get("level") or None)
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("units/index.html", page=page, opds=operations.opd_choices(),
                           unit_types=UNIT_TYPES, filters=request.args)


@bp.get("/tree")
def tree():
    """Show the whole organisation as a tree."""
    return render_template("units/tree.html", rows=operations.tree())


@bp.get("/<int:unit_id>")
def detail(unit_id: int):
    """Show a unit, its service types, sub-units and latest indicator values."""
    unit = db.get_or_404(Unit, unit_id)
    values = db.session.execute(
        select(IndicatorValue, Period).join(Period)
        .where(IndicatorValue.unit_id == unit.id)
        .order_by(Period.end_date.desc(), IndicatorValue.indicator_id).limit(60)).all()
    return render_template("units/detail.html", unit=unit, values=values,
                           service_form=ServiceTypeForm())


def _parent_choices(form: UnitForm) -> None:
    choices = [(0, "—")] + [(u.id, f"{u.code} · {u.name}")
                            for u in db.session.scalars(select(Unit).where(Unit.level != "unit")
                                                        .order_by(Unit.code))]
    form.parent_id.choices = options(choices)


def _save(unit: Unit, form: UnitForm, template: str):
    _parent_choices(form)
    if form.validate_on_submit():
        try:
            operations.save_unit(unit, form.data)
        except DomainError as err:
            flash(str(err), "danger")
        else:
            db.session.commit()
            flash(_("Unit disimpan."), "success")
            return redirect(url_for("units.detail", unit_id=unit.id))
    return render_template(template, form=form, unit=unit)


@bp.route("/new", methods=["GET", "POST"])
@role_required("admin")
def create():
    """Create a unit (admin)."""
    return _save(Unit(), UnitForm(), "units/form.html")


@bp.route("/<int:unit_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit(unit_id: int):
    """Edit a unit (admin)."""
    unit = db.get_or_404(Unit, unit_id)
    form = UnitForm(obj=unit)
    if request.method == "GET":
        form.parent_id.data = unit.parent_id or 0
    return _save(unit, form, "units/form.html")


@bp.post("/<int:unit_id>/active")
@role_required("admin")
def toggle_active(unit_id: int):
    """Deactivate or reactivate a unit (admin)."""
    unit = db.get_or_404(Unit, unit_id)
    operations.set_active(unit, not unit.is_active)
    db.session.commit()
    flash(_("Unit diaktifkan.") if unit.is_active else _("Unit dinonaktifkan."), "success")
    return redirect(url_for("units.detail", unit_id=unit.id))


@bp.post("/<int:unit_id>/services")
@role_required("admin")
def add_service(unit_id: int):
    """Add a service type to a unit (admin)."""
    unit = db.get_or_404(Unit, unit_id)
    form = ServiceTypeForm()
    if form.validate_on_submit():
        try:
            operations.add_service_type(unit, form.code.data.strip(), form.name.data.strip())
            db.session.commit()
            flash(_("Layanan ditambahkan."), "success")
        except DomainError as err:
            flash(str(err), "danger")
    else:
        flash(_("Kode dan nama layanan wajib diisi."), "danger")
    return redirect(url_for("units.detail", unit_id=unit.id))
