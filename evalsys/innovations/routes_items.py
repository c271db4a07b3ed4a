"""Views of an innovation's linked indicators, evidence files and dossier downloads."""

from flask import Response, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.utils import secure_filename

from models import db
from models.innovation import Innovation, InnovationEvidence, InnovationIndicator

from ..errors import DomainError
from . import bp, dossier, operations, uploads
from .forms import EvidenceForm, IndicatorForm
from .routes import fill_indicator_choices, form_errors, require_edit


def _back(innovation_id: int, anchor: str):
    return redirect(url_for("innovations.detail", innovation_id=innovation_id, _anchor=anchor))


def _commit_or_flash(action, success: str) -> None:
    """Run an operation; commit and flash success, or roll back and flash the refusal."""
    try:
        action()
    except DomainError as err:
        db.session.rollback()
        flash(str(err), "danger")
    else:
        db.session.commit()
        flash(success, "success")


@bp.post("/<int:innovation_id>/indicators")
def add_indicator(innovation_id: int):
    """Link an indicator with values before/after, typed or taken from evalsys data."""
    innovation = db.get_or_404(Innovation, innovation_id)
    require_edit(innovation.unit_id)
    form = IndicatorForm()
    fill_indicator_choices(form)
    if not form.validate_on_submit():
        flash(_("Indikator tidak disimpan: %(e)s", e=form_errors(form)), "danger")
    else:
        _commit_or_flash(lambda: operations.add_indicator(innovation, form.values()),
                         _("Indikator sebelum/sesudah disimpan."))
    return _back(innovation.id, "indikator")


@bp.post("/indicators/<int:inov_indicator_id>/remove")
def remove_indicator(inov_indicator_id: int):
    """Unlink an indicator (the unit's evaluators, admins)."""
    row = db.get_or_404(InnovationIndicator, inov_indicator_id)
    innovation_id = row.innovation_id
    require_edit(row.innovation.unit_id)
    operations.remove_indicator(row)
    db.session.commit()
    flash(_("Indikator dihapus dari inovasi."), "success")
    return _back(innovation_id, "indikator")


@bp.post("/<int:innovation_id>/evidence")
def add_evidence(innovation_id: int):
    """Upload an evidence file (PDF/JPG/PNG) or add a link (the unit's evaluators, admins)."""
    innovation = db.get_or_404(Innovation, innovation_id)
    require_edit(innovation.unit_id)
    form = EvidenceForm()
    if not form.validate_on_submit():
        flash(_("Bukti tidak disimpan: %(e)s", e=form_errors(form)), "danger")
    else:
        _commit_or_flash(lambda: operations.add_evidence(
            innovation, current_user, form.kind.data, form.title.data, form.file.data,
            form.url.data), _("Bukti disimpan."))
    return _back(innovation.id, "bukti")


@bp.get("/evidence/<int:inov_evidence_id>")
def evidence(inov_evidence_id: int):
    """Serve an evidence file to a signed-in user, with the type stored at upload."""
    return uploads.send_stored(db.get_or_404(InnovationEvidence, inov_evidence_id))


@bp.post("/evidence/<int:inov_evidence_id>/remove")
def remove_evidence(inov_evidence_id: int):
    """Delete an evidence record and its file (the unit's evaluators, admins)."""
    record = db.get_or_404(InnovationEvidence, inov_evidence_id)
    innovation_id = record.innovation_id
    require_edit(record.innovation.unit_id)
    operations.remove_evidence(record)
    db.session.commit()
    flash(_("Bukti dihapus."), "success")
    return _back(innovation_id, "bukti")


_TYPES = {"pdf": "application/pdf", "zip": "application/zip",
          "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
BUILDERS = {"pdf": dossier.dossier_pdf, "docx": dossier.dossier_docx, "zip": dossier.dossier_zip}


def download_dossier(innovation_id: int, kind: str) -> Response:
    """Build one dossier format and send it as an attachment."""
    innovation = db.get_or_404(Innovation, innovation_id)
    name = f"dossier_{secure_filename(innovation.name) or innovation.id}.{kind}"
    response = Response(BUILDERS[kind](innovation), mimetype=_TYPES[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/<int:innovation_id>/dossier.pdf")
def dossier_pdf(innovation_id: int):
    """The innovation's competition dossier as PDF."""
    return download_dossier(innovation_id, "pdf")


@bp.get("/<int:innovation_id>/dossier.docx")
def dossier_docx(innovation_id: int):
    """The innovation's competition dossier as Word document."""
    return download_dossier(innovation_id, "docx")


@bp.get("/<int:innovation_id>/dossier.zip")
def dossier_zip(innovation_id: int):
    """The dossier PDF and DOCX with every attachment, as ZIP."""
    return download_dossier(innovation_id, "zip")
