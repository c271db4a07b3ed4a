"""Letter drafts of approved proposals (leaders and admins only: drafting is follow-up).

Downloading a letter marks the proposal's follow-up "letter drafted" (audited). The ZIP of a
period is rendered synchronously: about 0.3–0.5 s per letter, so a few dozen letters take
seconds; ?kind= limits the bundle to one kind when a period has very many approvals.
"""

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from models import db
from models.proposal import Proposal

from ..auth.decorators import role_required
from ..errors import DomainError
from . import bp, letters, operations, queries
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


@bp.get("/letters.zip")
@role_required(*DECIDERS)
def letters_zip():
    """Download the letter drafts of every approved proposal of the period as one ZIP."""
    period = period_from_request() or abort(404)
    approved = queries.approved_of(period, request.args.get("kind") or None)
    if not approved:
        flash(_("Belum ada usulan yang disetujui pada periode ini."), "warning")
        return redirect(url_for("proposals.index", period=period.id))
    archive = letters.bundle(letters.build(approved))
    operations.mark_letters_drafted(approved)
    db.session.commit()
    return Response(archive, mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="draf_surat_{period.code}.zip"'})
