"""Views of the standards registry: coverage dashboard, a unit's standards, one service's
standard (checklist, stages, checks) and its printable document."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Period, ServiceType, Unit, db
from models.standard import COMPONENT_CODES, COMPONENTS, PUBLIC_COMPONENTS

from ..auth.decorators import role_required
from ..errors import DomainError
from ..home.operations import current_period
from ..units.operations import opd_choices
from . import bp, coverage, labels, operations, pages, queries
from .forms import STAGE_FORMS, CheckForm, ComponentsForm, EvidenceForm, MaklumatForm

GAP_ROWS = 25  # gap-list rows shown before "show all"


@bp.context_processor
def _labels() -> dict:
    """Give this blueprint's templates the labels and the component list."""
    return {"L": labels, "COMPONENTS": COMPONENTS, "PUBLIC_COMPONENTS": PUBLIC_COMPONENTS}


def require_edit(unit_id: int) -> None:
    """Refuse (403) unless the signed-in user may edit the unit's records."""
    if not current_user.can_edit_unit(unit_id):
        abort(403)


def selected_period() -> Period | None:
    """Return the period asked for (?period=), else the current one."""
    period_id = request.values.get("period", type=int)
    return db.session.get(Period, period_id) if period_id else current_period()


def _periods() -> list[Period]:
    return list(db.session.scalars(select(Period).order_by(Period.end_date.desc())))


def _as_of(period: Period | None):
    return queries.as_of_for(period) if period else queries.today()


@bp.get("/standards/coverage")
def coverage_dashboard():
    """Coverage across units: totals, heatmap of components, per-unit table, ranked gaps."""
    period = selected_period()
    opd_id = request.args.get("opd", type=int)
    data = pages.coverage_page(_as_of(period), opd_id)
    show_all = request.args.get("all") == "1"
    return render_template("standards/coverage.html", data=data, period=period,
                           periods=_periods(), opds=opd_choices(), opd_id=opd_id,
                           gaps=data["gaps"] if show_all else data["gaps"][:GAP_ROWS])


@bp.post("/standards/coverage/compute")
@role_required("leader", "admin")
def compute():
    """Recompute the coverage indicators of every unit for one period (leader, admin)."""
    period = selected_period()
    if period is None:
        abort(404)
    try:
        written = coverage.recompute(period)
    except DomainError as err:
        db.session.rollback()
        flash(str(err), "danger")
    else:
        db.session.commit()
        flash(_("Indikator cakupan periode %(p)s dihitung ulang: %(n)d nilai berubah.",
                p=period.code, n=written), "success")
    return redirect(url_for("standards.coverage_dashboard", period=period.id))


def evidence_form(unit: Unit, sops: list) -> EvidenceForm:
    """Return the upload form with the unit's services and SOPs as choices."""
    form = EvidenceForm()
    form.service.choices = [(0, "—")] + [(s.id, s.name) for s in unit.service_types]
    form.sop.choices = [(0, "—")] + [(s.id, f"{s.number} · {s.title}") for s, _names in sops]
    return form


@bp.get("/standards/unit/<int:unit_id>")
def unit(unit_id: int):
    """A unit's standards: 14-component checklist per service, flags, maklumat, SOPs, files."""
    unit = db.get_or_404(Unit, unit_id)
    period = selected_period()
    data = pages.unit_page(unit, _as_of(period))
    maklumat = data["maklumat"]
    maklumat_form = MaklumatForm(obj=maklumat) if maklumat else MaklumatForm(
        signatory_name=unit.head_name, signatory_position=_("Kepala %(u)s", u=unit.name))
    return render_template("standards/unit.html", unit=unit, data=data, period=period,
                           periods=_periods(), can_edit=current_user.can_edit_unit(unit.id),
                           maklumat_form=maklumat_form,
                           evidence_form=evidence_form(unit, data["sops"]))


def _service_page(service: ServiceType, forms: dict | None = None, status: int = 200):
    """Render one service's standard page, with posted forms (kept on errors) or fresh ones."""
    standard = queries.standard_of(service.id)
    components = standard.component_map() if standard else {}
    forms = forms or {}
    if "components" not in forms:
        data = {f"text_{c}": components[c].text for c in components}
        data |= {f"done_{c}": components[c].is_done for c in components}
        forms["components"] = ComponentsForm(formdata=None, data=data)
    for stage, form_class in STAGE_FORMS.items():
        if stage not in forms:  # formdata=None: a POST of one form must not fill the others
            forms[stage] = form_class(formdata=None, obj=standard)
    forms.setdefault("check", CheckForm(formdata=None))
    period = current_period()
    rows = pages.unit_page_rows(service.unit_id, _as_of(period))
    row = next((r for r in rows if r["service_type_id"] == service.id), None)
    return render_template("standards/service.html", service=service, unit=service.unit,
                           standard=standard, components=components, forms=forms, row=row,
                           evidence=queries.unit_evidence(service.unit_id, service.id),
                           can_edit=current_user.can_edit_unit(service.unit_id)), status


@bp.get("/standards/service/<int:std_service_id>")
def service(std_service_id: int):
    """One service type's standard: the 14 components, its stages and checks."""
    return _service_page(db.get_or_404(ServiceType, std_service_id))


def _after(service: ServiceType, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("standards.service", std_service_id=service.id))


def _refused(service: ServiceType, forms: dict, err: DomainError | None = None):
    db.session.rollback()
    flash(str(err) if err else _("Periksa isian yang ditandai."), "danger")
    return _service_page(service, forms, 422)


@bp.post("/standards/service/<int:std_service_id>/components")
def save_components(std_service_id: int):
    """Save the 14 components' texts and done flags (the unit's evaluators, admins)."""
    service = db.get_or_404(ServiceType, std_service_id)
    require_edit(service.unit_id)
    form = ComponentsForm()
    if not form.validate_on_submit():
        return _refused(service, {"components": form})
    data = {c: (form[f"text_{c}"].data, form[f"done_{c}"].data) for c in COMPONENT_CODES}
    try:
        operations.save_components(service, data)
    except DomainError as err:
        return _refused(service, {"components": form}, err)
    return _after(service, _("Komponen standar pelayanan disimpan."))


@bp.post("/standards/service/<int:std_service_id>/stage")
def record_stage(std_service_id: int):
    """Record a stage: public consultation, adoption (SK) or publication."""
    service = db.get_or_404(ServiceType, std_service_id)
    require_edit(service.unit_id)
    stage = request.form.get("stage", "")
    if stage not in STAGE_FORMS:
        abort(400)
    form = STAGE_FORMS[stage]()
    if not form.validate_on_submit():
        return _refused(service, {stage: form})
    try:
        operations.record_stage(service, stage, form.data)
    except DomainError as err:
        return _refused(service, {stage: form}, err)
    return _after(service, _("Tahap %(s)s dicatat.", s=labels.STATUS_LABELS[stage]))


@bp.post("/standards/service/<int:std_service_id>/check")
def record_check(std_service_id: int):
    """Record a yearly evaluation or a three-yearly review of the adopted standard."""
    service = db.get_or_404(ServiceType, std_service_id)
    require_edit(service.unit_id)
    form = CheckForm()
    if not form.validate_on_submit():
        return _refused(service, {"check": form})
    try:
        operations.record_check(service, form.kind.data, form.done_on.data)
    except DomainError as err:
        return _refused(service, {"check": form}, err)
    return _after(service, _("Evaluasi/peninjauan ulang dicatat."))


@bp.get("/standards/service/<int:std_service_id>/print")
def print_standard(std_service_id: int):
    """The standard as a printable document in the usual public format."""
    service = db.get_or_404(ServiceType, std_service_id)
    standard = queries.standard_of(service.id)
    maklumat = queries.maklumat_of(service.unit_id)
    return render_template("standards/print.html", service=service, unit=service.unit,
                           standard=standard,
                           components=standard.component_map() if standard else {},
                           signatory=service.unit.head_name or (
                               maklumat.signatory_name if maklumat else None))
