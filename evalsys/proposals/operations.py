"""Decide proposals, track their follow-up, generate them and version the rules.

Operations flush and never commit; an invalid transition raises a DomainError subclass with an
Indonesian message. Every change is audited by the session listener (before/after values);
the notes of edits and reopenings are recorded as extra workflow events.
"""

from __future__ import annotations

from models import Period, Unit, User, db
from models.base import utcnow
from models.proposal import FOLLOW_UP_STATUSES, Proposal, ProposalRule

from .. import audit
from ..errors import DomainError, InvalidValue
from . import queries
from .generate import GenerateResult, generate_for_run
from .rules import save_rule_version


class InvalidTransition(DomainError):
    """The proposal's status does not allow this step (e.g. deciding twice without reopening)."""


class NoOfficialRun(DomainError):
    """The period has no official run to make proposals from."""


def _require_note(note: str | None, message: str) -> str:
    note = (note or "").strip()
    if not note:
        raise InvalidValue(message)
    return note


def _require_open(proposal: Proposal) -> None:
    if proposal.status == "held_back":
        raise InvalidTransition("Usulan ini ditahan demi keadilan penilaian dan tidak dapat "
                                "diputuskan.")
    if proposal.status != "proposed":
        raise InvalidTransition("Usulan ini sudah diputuskan. Buka kembali usulan terlebih "
                                "dahulu bila keputusan perlu diubah.")


def _decide(proposal: Proposal, user: User, status: str, note: str | None) -> None:
    _require_open(proposal)
    proposal.status = status
    proposal.decision_note = note
    proposal.decided_by_id = user.id
    proposal.decided_at = utcnow()
    db.session.flush()


def approve(proposal: Proposal, user: User, note: str | None = None) -> None:
    """Approve a proposed proposal (the note is optional)."""
    _decide(proposal, user, "approved", (note or "").strip() or None)


def reject(proposal: Proposal, user: User, note: str | None) -> None:
    """Reject a proposed proposal; a rejection always says why."""
    note = _require_note(note, "Catatan keputusan wajib diisi saat menolak usulan.")
    _decide(proposal, user, "rejected", note)


def reopen(proposal: Proposal, user: User, note: str | None) -> None:
    """Return a decided proposal to "proposed" so it can be decided again (note required)."""
    if proposal.status not in ("approved", "rejected"):
        raise InvalidTransition("Hanya usulan yang sudah disetujui atau ditolak yang dapat "
                                "dibuka kembali.")
    note = _require_note(note, "Catatan wajib diisi saat membuka kembali usulan.")
    proposal.status = "proposed"
    proposal.decided_by_id = None
    proposal.decided_at = None
    proposal.follow_up = "none"  # a drafted letter no longer stands once the decision is open
    audit.record("reopen", "Proposal", proposal.id, {"catatan": note, "oleh": user.username})
    db.session.flush()


def edit(proposal: Proposal, user: User, title: str, reason: str | None,
         to_unit_id: int | None, note: str | None) -> None:
    """Change the title, reason and (for a move) the target unit before deciding."""
    _require_open(proposal)
    note = _require_note(note, "Catatan wajib diisi saat mengubah usulan.")
    if not (title or "").strip():
        raise InvalidValue("Judul usulan wajib diisi.")
    proposal.title = title.strip()
    proposal.reason = (reason or "").strip() or None
    if proposal.kind == "reassignment" and to_unit_id:
        _retarget(proposal, to_unit_id)
    audit.record("note", "Proposal", proposal.id, {"catatan": note, "oleh": user.username})
    db.session.flush()


def _retarget(proposal: Proposal, to_unit_id: int) -> None:
    """Point a move at another unit (the detail JSON is replaced so the change is tracked)."""
    unit = db.session.get(Unit, to_unit_id)
    if unit is None or unit.level != "unit":
        raise InvalidValue("Unit tujuan mutasi tidak ditemukan.")
    if unit.id == proposal.detail.get("from_unit_id"):
        raise InvalidValue("Unit tujuan mutasi harus berbeda dari unit asal.")
    if unit.id != proposal.detail.get("to_unit_id"):
        detail = dict(proposal.detail, to_unit_id=unit.id, to_unit_name=unit.name,
                      edited_target=True)
        for before, after in queries.SHORTAGE_KEYS:  # figures of the old target no longer hold
            detail.pop(before, None)
            detail.pop(after, None)
        proposal.detail = detail


def set_follow_up(proposal: Proposal, status: str, note: str | None) -> None:
    """Record how an approved proposal is being followed up."""
    if proposal.status != "approved":
        raise InvalidTransition("Tindak lanjut hanya dicatat untuk usulan yang disetujui.")
    if status not in FOLLOW_UP_STATUSES:
        raise InvalidValue("Status tindak lanjut tidak dikenal.")
    proposal.follow_up = status
    proposal.follow_up_note = (note or "").strip() or None
    db.session.flush()


def require_approved(proposal: Proposal) -> None:
    """Refuse a letter for a proposal that is not approved."""
    if proposal.status != "approved":
        raise InvalidTransition("Draf surat hanya dapat dibuat untuk usulan yang disetujui.")


def mark_letters_drafted(proposals: list[Proposal]) -> int:
    """Set follow-up "letter drafted" on approved proposals not followed up yet; count them."""
    changed = 0
    for proposal in proposals:
        require_approved(proposal)
        if proposal.follow_up == "none":
            proposal.follow_up = "letter_drafted"
            changed += 1
    db.session.flush()
    return changed


def generate(period: Period, user: User) -> GenerateResult:
    """Make the proposals of the period's official run; return the generator's summary."""
    run = queries.official_run(period)
    if run is None:
        raise NoOfficialRun("Periode ini belum memiliki peringkat resmi; jadikan satu "
                            "perhitungan resmi sebelum membuat usulan.")
    return generate_for_run(run, user=user)


def save_rule(rule: ProposalRule, user: User, params: dict, name: str,
              legal_basis: str) -> ProposalRule:
    """Save an edited rule as a new version; the old version is kept unchanged."""
    if not rule.is_active:
        raise InvalidTransition("Hanya versi aktif suatu aturan yang dapat diubah.")
    new = save_rule_version(rule, params, user)
    new.name = name.strip()
    new.legal_basis = legal_basis.strip()
    db.session.flush()
    return new
