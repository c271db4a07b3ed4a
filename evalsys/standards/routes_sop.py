"""Views for SOPs: create and edit (identity, services, procedure rows) and the printable sheet."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from models import Unit, db
from models.standard import Sop

from ..errors import DomainError
from . import bp, queries, sops
from .flowchart import build_svg
from .forms import SopForm
from .routes import require_edit

BLANK_ROWS = 3


def _form(unit: Unit, sop: Sop | None) -> SopForm:
    """Return the SOP form with the unit's services as choices and spare empty step rows."""
    form = SopForm(obj=sop)
    form.services.choices = [(s.id, f"{s.name} ({s.code})") for s in unit.service_types]
    if request.method == "GET":
        if sop is not None:
            form.services.data = [link.service_type_id for link in sop.links]
        while len(form.steps) < len(sop.steps if sop else []) + BLANK_ROWS:
            form.steps.append_entry()
    return form


def _save(unit: Unit, sop: Sop | None):
    form = _form(unit, sop)
    if form.validate_on_submit():
        data = {k: v for k, v in form.data.items() if k not in ("steps", "services")}
        try:
            saved = sops.save_sop(unit, sop, data, form.steps.data, form.services.data or [])
        except DomainError as err:
            db.session.rollback()
            flash(str(err), "danger")
        else:
            db.session.commit()
            flash(_("SOP disimpan."), "success")
            return redirect(url_for("standards.sop", sop_id=saved.id))
    elif request.method == "POST":
        flash(_("Periksa isian yang ditandai."), "danger")
    status = 422 if request.method == "POST" else 200
    return render_template("standards/sop_form.html", form=form, unit=unit, sop=sop), status


@bp.route("/standards/unit/<int:unit_id>/sops/new", methods=["GET", "POST"])
def new_sop(unit_id: int):
    """Create an SOP for the unit (the unit's evaluators, admins)."""
    unit = db.get_or_404(Unit, unit_id)
    require_edit(unit.id)
    return _save(unit, None)


@bp.route("/standards/sop/<int:sop_id>/edit", methods=["GET", "POST"])
def edit_sop(sop_id: int):
    """Edit an SOP's identity, services and procedure rows."""
    sop = db.get_or_404(Sop, sop_id)
    require_edit(sop.unit_id)
    return _save(sop.unit, sop)


def step_dicts(sop: Sop) -> list[dict]:
    """Return the SOP's steps as plain dicts for the flowchart builder."""
    keys = ("activity", "actor", "is_decision", "no_goto", "requirements", "duration", "output",
            "note")
    return [{k: getattr(step, k) for k in keys} for step in sop.steps]


@bp.get("/standards/sop/<int:sop_id>")
def sop(sop_id: int):
    """The SOP in the SOP AP format: identity sheet and swim-lane flowchart; printable."""
    sop = db.get_or_404(Sop, sop_id)
    services = queries.sop_services(sop.id)
    svg = Markup(build_svg(step_dicts(sop), f"{sop.number} {sop.title}")) if sop.steps else None
    return render_template("standards/sop.html", sop=sop, unit=sop.unit, services=services,
                           svg=svg, evidence=queries.unit_evidence(sop.unit_id, sop_id=sop.id))
