"""Views for a unit's maklumat and its evidence files (upload, download, removal)."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import Unit, db
from models.standard import StandardEvidence

from ..errors import DomainError
from . import bp, operations, queries, uploads
from .forms import MaklumatForm
from .routes import evidence_form, require_edit


def _back(unit_id: int, anchor: str):
    return redirect(url_for("standards.unit", unit_id=unit_id, _anchor=anchor))


def _form_errors(form) -> str:
    return "; ".join(f"{form[name].label.text}: {' '.join(map(str, errors))}"
                     for name, errors in form.errors.items())


@bp.post("/standards/unit/<int:unit_id>/maklumat")
def save_maklumat(unit_id: int):
    """Create or update the unit's maklumat pelayanan (the unit's evaluators, admins)."""
    unit = db.get_or_404(Unit, unit_id)
    require_edit(unit.id)
    form = MaklumatForm()
    if not form.validate_on_submit():
        flash(_("Maklumat tidak disimpan: %(e)s", e=_form_errors(form)), "danger")
        return _back(unit.id, "maklumat")
    try:
        operations.save_maklumat(unit, form.data)
    except DomainError as err:
        db.session.rollback()
        flash(str(err), "danger")
    else:
        db.session.commit()
        flash(_("Maklumat pelayanan disimpan."), "success")
    return _back(unit.id, "maklumat")


@bp.post("/standards/unit/<int:unit_id>/evidence")
def upload_evidence(unit_id: int):
    """Upload a PDF/JPG/PNG evidence file for the unit's standard, SOP or maklumat."""
    unit = db.get_or_404(Unit, unit_id)
    require_edit(unit.id)
    form = evidence_form(unit, queries.unit_sops(unit.id))
    if not form.validate_on_submit():
        flash(_("Berkas tidak diunggah: %(e)s", e=_form_errors(form)), "danger")
        return _back(unit.id, "bukti")
    try:
        operations.add_evidence(unit, current_user, form.kind.data, form.file.data,
                                service_type_id=form.service.data or None,
                                sop_id=form.sop.data or None)
    except DomainError as err:
        db.session.rollback()
        flash(str(err), "danger")
    else:
        db.session.commit()
        flash(_("Berkas bukti diunggah."), "success")
    return _back(unit.id, "bukti")


@bp.get("/standards/evidence/<int:std_evidence_id>")
def evidence(std_evidence_id: int):
    """Serve an evidence file to a signed-in user, with the type stored at upload."""
    return uploads.send_stored(db.get_or_404(StandardEvidence, std_evidence_id))


@bp.post("/standards/evidence/<int:std_evidence_id>/remove")
def remove_evidence(std_evidence_id: int):
    """Delete an evidence file (the unit's evaluators, admins)."""
    record = db.get_or_404(StandardEvidence, std_evidence_id)
    require_edit(record.unit_id)
    unit_id = record.unit_id
    operations.remove_evidence(record)
    db.session.commit()
    flash(_("Berkas bukti dihapus."), "success")
    return _back(unit_id, "bukti")
