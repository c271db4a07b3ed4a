"""Demo proposals: the rules run on the last two official runs, with a leader's decisions.

The earlier run's warnings are mostly approved (a few rejected with a note), so the latest
run shows escalations where a breach persisted; a few of the latest proposals are decided
too, so the workflow pages have every status to show. Runs after ``rankings.seed``.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from models import db
from models.proposal import Proposal
from models.scoring import ScoreRun

from ..proposals.generate import generate_for_run


def _official_runs(ctx) -> list[ScoreRun]:
    """Return the official runs of the demo periods, oldest period first."""
    ids = [p.id for p in ctx.periods]
    runs = db.session.scalars(select(ScoreRun).where(
        ScoreRun.period_id.in_(ids), ScoreRun.is_official.is_(True),
        ScoreRun.status == "done")).all()
    order = {pid: i for i, pid in enumerate(ids)}
    return sorted(runs, key=lambda r: order[r.period_id])


def _decide(proposal: Proposal, status: str, leader, note: str | None) -> None:
    """Record a decision at a fixed time (three weeks after the period), for determinism."""
    end = proposal.period.end_date + timedelta(days=21)
    proposal.status, proposal.decision_note = status, note
    proposal.decided_by_id = leader.id if leader else None
    proposal.decided_at = datetime.combine(end, time(9, 0), tzinfo=UTC)
    if status == "approved":
        proposal.follow_up = "letter_drafted" if proposal.kind != "reassignment" else "none"


def _proposed(run: ScoreRun) -> list[Proposal]:
    return list(db.session.scalars(select(Proposal).where(
        Proposal.run_id == run.id, Proposal.status == "proposed").order_by(Proposal.id)))


def _decide_earlier(ctx, run: ScoreRun, leader) -> None:
    """Approve most warnings and the rewards; reject a few warnings and one coaching."""
    for proposal in _proposed(run):
        if proposal.kind in ("warning", "reward"):
            if ctx.rng.random() < 0.8:
                _decide(proposal, "approved", leader, None)
            else:
                _decide(proposal, "rejected", leader,
                        "Unit telah menyampaikan bukti perbaikan sebelum rapat evaluasi.")
    coaching = [p for p in _proposed(run) if p.kind == "coaching"]
    if coaching:
        _decide(ctx.rng.choice(coaching), "rejected", leader,
                "Pembinaan sudah berjalan melalui pendampingan Dinas Kesehatan.")


def _decide_latest(ctx, run: ScoreRun, leader) -> None:
    """Decide a handful of the latest proposals; leave the rest for the leader to try."""
    by_kind: dict[str, list[Proposal]] = {}
    for proposal in _proposed(run):
        by_kind.setdefault(proposal.kind, []).append(proposal)
    for kind in ("reward", "reassignment", "escalation"):
        if by_kind.get(kind):
            _decide(by_kind[kind][0], "approved", leader, "Disetujui dalam rapat evaluasi.")
    if by_kind.get("coaching"):
        _decide(ctx.rng.choice(by_kind["coaching"]), "approved", leader, None)


def seed(ctx) -> None:
    """Generate and partly decide the proposals of the last two official runs."""
    runs = _official_runs(ctx)
    if not runs:
        return
    leader = ctx.users.get("pimpinan")
    if len(runs) > 1:
        generate_for_run(runs[-2], leader, with_moves=False)  # moves are today's: latest only
        _decide_earlier(ctx, runs[-2], leader)
        db.session.flush()
    generate_for_run(runs[-1], leader)
    _decide_latest(ctx, runs[-1], leader)
    db.session.flush()
