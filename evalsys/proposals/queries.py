"""Read proposals, their history and the rules (one query per list, no per-row queries)."""

from __future__ import annotations

from collections import defaultdict

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from models import AuditEvent, Period, Unit, db
from models.proposal import PROPOSAL_KINDS, Proposal, ProposalRule
from models.scoring import ScoreRun

KIND_LABELS = {"reward": _l("Penghargaan"), "coaching": _l("Pembinaan"),
               "warning": _l("Teguran tertulis"), "escalation": _l("Eskalasi"),
               "reassignment": _l("Mutasi pegawai")}
STATUS_LABELS = {"proposed": _l("Diusulkan"), "approved": _l("Disetujui"),
                 "rejected": _l("Ditolak"), "held_back": _l("Ditahan")}
FOLLOW_UP_LABELS = {"none": _l("Belum ditindaklanjuti"), "letter_drafted": _l("Draf surat dibuat"),
                    "in_progress": _l("Sedang ditindaklanjuti"), "done": _l("Selesai")}
# Keys of a move's detail that say how the target unit's shortage changes (set by generate).
SHORTAGE_KEYS = (("shortage_before", "shortage_after"),
                 ("to_shortage_before", "to_shortage_after"))


def official_run(period: Period) -> ScoreRun | None:
    """Return the period's official finished run, or None."""
    return db.session.scalar(
        select(ScoreRun).where(ScoreRun.period_id == period.id, ScoreRun.is_official.is_(True),
                               ScoreRun.status == "done", ScoreRun.is_sandbox.is_(False))
        .order_by(ScoreRun.id.desc()))


def proposals_of(run: ScoreRun, kind: str | None = None, status: str | None = None,
                 opd_id: int | None = None) -> list[Proposal]:
    """Return the run's proposals (units loaded), filtered by kind, status and OPD."""
    query = (select(Proposal).join(Unit, Unit.id == Proposal.unit_id)
             .options(joinedload(Proposal.unit).joinedload(Unit.parent),
                      joinedload(Proposal.decided_by))
             .where(Proposal.run_id == run.id).order_by(Unit.name, Proposal.id))
    if kind:
        query = query.where(Proposal.kind == kind)
    if status:
        query = query.where(Proposal.status == status)
    if opd_id:
        query = query.where(or_(Unit.id == opd_id, Unit.parent_id == opd_id))
    return list(db.session.scalars(query).unique())


def grouped(proposals: list[Proposal]) -> list[tuple[str, list[Proposal]]]:
    """Group the proposals that were not held back by kind, in the fixed order of kinds."""
    groups: dict[str, list[Proposal]] = defaultdict(list)
    for proposal in proposals:
        if proposal.status != "held_back":
            groups[proposal.kind].append(proposal)
    return [(kind, groups[kind]) for kind in PROPOSAL_KINDS if groups[kind]]


def held_back(proposals: list[Proposal]) -> list[Proposal]:
    """Return the proposals fairness held back (their reason says why)."""
    return [p for p in proposals if p.status == "held_back"]


def shortage_change(detail: dict) -> tuple[float, float] | None:
    """Return (shortage before, after) at a move's target, when generation recorded it."""
    for before, after in SHORTAGE_KEYS:
        if detail.get(before) is not None and detail.get(after) is not None:
            return float(detail[before]), float(detail[after])
    return None


def moves_total(moves: list[Proposal]) -> tuple[float, float] | None:
    """Return the run's total shortage before and after the moves, if generation stored it."""
    for move in moves:
        before = move.detail.get("total_shortage_before")
        after = move.detail.get("total_shortage_after")
        if before is not None and after is not None:
            return float(before), float(after)
    return None


def unit_names(proposals: list[Proposal]) -> dict[int, str]:
    """Return unit id → name for the from/to units the moves mention (one query)."""
    ids = {int(p.detail[key]) for p in proposals for key in ("from_unit_id", "to_unit_id")
           if p.kind == "reassignment" and p.detail.get(key)}
    if not ids:
        return {}
    return dict(db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids))).all())


def history(proposal: Proposal) -> list[AuditEvent]:
    """Return the proposal's audit events, oldest first, with their users."""
    return list(db.session.scalars(
        select(AuditEvent).options(joinedload(AuditEvent.user))
        .where(AuditEvent.entity_type == "Proposal", AuditEvent.entity_id == proposal.id)
        .order_by(AuditEvent.at, AuditEvent.id)))


def approved_of(period: Period, kind: str | None = None) -> list[Proposal]:
    """Return the approved proposals of the period's official run (for the letters bundle)."""
    run = official_run(period)
    return proposals_of(run, kind=kind, status="approved") if run else []


def rules_with_history() -> list[tuple[ProposalRule, list[ProposalRule]]]:
    """Return each rule code's current version with all its versions, newest first."""
    versions: dict[str, list[ProposalRule]] = defaultdict(list)
    for rule in db.session.scalars(select(ProposalRule).order_by(
            ProposalRule.code, ProposalRule.version.desc())):
        versions[rule.code].append(rule)
    rows = []
    for chain in versions.values():
        current = next((r for r in chain if r.is_active), chain[0])
        rows.append((current, chain))
    order = {kind: i for i, kind in enumerate(PROPOSAL_KINDS)}
    return sorted(rows, key=lambda row: (order.get(row[0].kind, 99), row[0].code))


def target_units() -> list[Unit]:
    """Return the active service units a move may target, by name."""
    return list(db.session.scalars(select(Unit).where(
        Unit.level == "unit", Unit.is_active.is_(True)).order_by(Unit.name)))


def pemda() -> Unit | None:
    """Return the regional government at the root of the tree (the letters' issuer)."""
    return db.session.scalar(select(Unit).where(Unit.level == "pemda").order_by(Unit.id))
