"""Letter drafts of approved proposals (leaders and admins only: drafting is follow-up).

Downloading a letter marks the proposal's follow-up "letter drafted" (audited). A period's
letters (?kind= limits them to one kind) are rendered into one ZIP by a background job (about
0.3–0.5 s per letter): POST starts it, the job page shows its progress and then the download
link, and downloading the ZIP marks its letters drafted.
"""

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _

from models import db
from models.proposal import PROPOSAL_KINDS, Proposal

from .. import exports
from ..auth.decorators import role_required
from ..errors import DomainError
from . import bp, letters, operations, queries
from .queries import KIND_LABELS
from .routes import DECIDERS, period_from_request


@bp.get("/<int:proposal_id>/letter.pdf")
@role_required(*DECIDERS)
def letter(proposal_id: int):
    """Download the letter draft of an approved proposal."""
    proposal = db.get_or_404(Proposal, proposal_id)
    try:
        operations.require_approved(proposal)
        pdf = letters.render(letters.build([proposal])[0])
        operations.mark_letters_drafted([proposal])
    except DomainError as err:
        db.session.rollback()
        flash(str(err), "danger")
        return redirect(url_for("proposals.detail", proposal_id=proposal_id))
    db.session.commit()
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{letters.filename(proposal)}"'})


def _approved():
    """Return (period, kind, approved proposals, job key) named by the request."""
    period = period_from_request() or abort(404)
    kind = request.values.get("kind") or None
    kind = kind if kind in PROPOSAL_KINDS else None
    approved = queries.approved_of(period, kind)
    key = letters.job_key(period, kind, approved) if approved else None
    return period, kind, approved, key


def _none_approved(period):
    flash(_("Belum ada usulan yang disetujui pada periode ini."), "warning")
    return redirect(url_for("proposals.index", period=period.id))


@bp.post("/letters")
@role_required(*DECIDERS)
def letters_start():
    """Start building the ZIP of the period's approved letters (unless it is ready)."""
    period, kind, approved, key = _approved()
    if not approved:
        return _none_approved(period)
    rebuild = request.form.get("rebuild") or not exports.finished(current_app, key)
    if rebuild and not letters.start_job(key, approved):
        flash(_("Draf surat sedang dibuat; tunggu hingga selesai."), "info")
    return redirect(url_for("proposals.letters_job", period=period.id, kind=kind))


@bp.get("/letters")
@role_required(*DECIDERS)
def letters_job():
    """Show the progress of the letters ZIP, and its download link when done."""
    period, kind, approved, key = _approved()
    if not approved:
        return _none_approved(period)
    return render_template("proposals/letters_job.html", period=period, kind=kind,
                           kind_label=KIND_LABELS.get(kind), count=len(approved),
                           job=exports.state(current_app, key))


@bp.get("/letters.zip")
@role_required(*DECIDERS)
def letters_zip():
    """Download the finished letters ZIP and mark its letters drafted (else show the job)."""
    period, kind, approved, key = _approved()
    if not approved:
        return _none_approved(period)
    if not exports.finished(current_app, key):
        flash(_("ZIP draf surat belum tersedia; buat terlebih dahulu."), "warning")
        return redirect(url_for("proposals.letters_job", period=period.id, kind=kind))
    operations.mark_letters_drafted(approved)
    db.session.commit()
    # The marks changed updated_at (read back from the database: one query), not the letters:
    # keep the ZIP under the new key.
    drafted_key = letters.job_key(period, kind, queries.approved_of(period, kind))
    exports.rename(current_app, key, drafted_key)
    path = exports.zip_path(current_app, drafted_key)
    if not path.exists():  # another download moved it meanwhile
        return redirect(url_for("proposals.letters_job", period=period.id, kind=kind))
    suffix = f"_{kind}" if kind else ""
    return send_file(path, mimetype="application/zip", as_attachment=True, max_age=0,
                     download_name=f"draf_surat_{period.code}{suffix}.zip")
