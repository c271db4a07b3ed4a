"""Make the proposals of an official run: facts → rules (``scoring.proposals``) → Proposal rows.

Regenerating a run replaces its undecided proposals (proposed, held back) and keeps every
decided one: a candidate that repeats a decision already taken in this run (same unit and
kind, or same breach for sanctions, or same staff member for a move) is not stored again.
Stored titles, reasons and evidence labels are Indonesian (``texts`` under
``force_locale("id")``); the codes and parameters behind them go to ``Proposal.detail``.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select

from models import Unit, User, db
from models.proposal import Proposal, ProposalRule
from models.scoring import ScoreRun
from scoring.proposals import SANCTIONS, Candidate, UnitFacts, evaluate

from .. import audit
from ..errors import DomainError
from . import reassignment, texts
from .facts import gather_facts, gather_history
from .rules import active_rules, as_engine_rule, ensure_default_rules

UNDECIDED = ("proposed", "held_back")


class RunNotEligible(DomainError):
    """Proposals are made only from an official, finished, non-sandbox run."""


@dataclass
class GenerateResult:
    """What one generation did: rows created (incl. held back), proposed per kind, moves."""

    created: int = 0
    held_back: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)  # proposed (not held back) rows
    moves: dict | None = None  # reassignment.summary: status, message, shortage before/after
    kept: int = 0  # decided proposals of the run left untouched
    replaced: int = 0  # undecided proposals removed before regenerating


def _check(run: ScoreRun) -> None:
    if run.status != "done" or not run.is_official or run.is_sandbox:
        raise RunNotEligible("Usulan hanya dapat dibuat dari perhitungan peringkat resmi yang "
                             "telah selesai.")


def _key(unit_id: int, kind: str, detail: dict) -> tuple:
    """Return what makes two proposals of one run the same decision."""
    if kind == "reassignment":
        return ("move", detail.get("staff_id"))
    if kind in SANCTIONS:
        return (unit_id, "sanction", detail.get("breach"))
    return (unit_id, kind)


def _urls(run: ScoreRun, unit_id: int) -> dict[str, str]:
    """Return evidence label → the page that shows it (drill-down, complaints, standards)."""
    ranking = url_for("rankings.unit", run_id=run.id, unit_id=unit_id)
    complaints = url_for("complaints.index", unit=unit_id, period=run.period_id)
    standards = url_for("standards.unit", unit_id=unit_id)
    return {"score": ranking, "rank": ranking, "group_rank": ranking, "group_size": ranking,
            "group_rank_interval": ranking, "coverage": ranking, "ikm": ranking,
            "ikm_grade": ranking, "sla_resolution_pct": complaints,
            "overdue_statutory": complaints, "standard_share": standards,
            "has_maklumat": standards, "has_complaint_channel": standards}


def _evidence(c: Candidate, urls: dict[str, str]) -> list[dict]:
    return [{"label": str(texts.EVIDENCE_LABELS.get(e.label, e.label)),
             "value": texts.format_value(e.label, e.value), "url": urls.get(e.label),
             "code": e.label, "raw": e.value} for e in c.evidence]


def _row(run: ScoreRun, c: Candidate, rule: ProposalRule, f: UnitFacts,
         unit_name: str) -> Proposal:
    """Build the Proposal row of one candidate (proposed or held back)."""
    reason = texts.reason(c, f)
    if c.hold:
        reason = f"{texts.hold_reason(c, f, rule.params)} {reason}"
    detail = {"rule_code": rule.code, "rule_version": rule.version, "reason_code": c.reason,
              "reason_params": dict(c.params), "hold": c.hold, "breach": c.breach,
              "step": c.step, "step_code": c.step_code, "peer_group": f.peer_group}
    return Proposal(run_id=run.id, period_id=run.period_id, unit_id=c.unit_id,
                    rule_id=rule.id, kind=c.kind, status="held_back" if c.hold else "proposed",
                    title=texts.title(c, unit_name)[:300],
                    evidence=_evidence(c, _urls(run, c.unit_id)),
                    legal_basis=rule.legal_basis, detail=detail, reason=reason)


def _move_rows(run: ScoreRun, rule: ProposalRule, plan: reassignment.MovePlan) -> list:
    """Build one reassignment Proposal per move of the plan."""
    p, rows = plan.plan, []
    for move in p.moves:
        detail = reassignment.move_detail(plan, move)
        total = f"{p.shortage_before} → {p.shortage_after}"
        target = f"{detail['to_shortage_before']} → {detail['to_shortage_after']}"
        evidence = [
            {"label": _("Kekurangan pegawai di unit tujuan (jabatan ini)"), "value": target,
             "url": url_for("workforce.index", unit=move.to_unit)},
            {"label": _("Kekurangan pegawai seluruh unit (rencana mutasi)"), "value": total,
             "url": url_for("workforce.index")},
            {"label": _("Ringkasan rencana"), "value": p.message, "url": None}]
        rows.append(Proposal(
            run_id=run.id, period_id=run.period_id, unit_id=move.from_unit, rule_id=rule.id,
            kind="reassignment", status="proposed",
            title=_("Mutasi %(name)s dari %(src)s ke %(dst)s", name=detail["staff_name"],
                    src=detail["from_unit_name"], dst=detail["to_unit_name"])[:300],
            evidence=evidence, legal_basis=rule.legal_basis,
            detail={**detail, "rule_code": rule.code, "rule_version": rule.version},
            reason=move.reason))
    return rows


def _replace_undecided(run: ScoreRun) -> tuple[int, set[tuple]]:
    """Delete the run's undecided proposals; return how many, and the decided ones' keys."""
    decided = db.session.execute(select(Proposal.unit_id, Proposal.kind, Proposal.detail).where(
        Proposal.run_id == run.id, Proposal.status.not_in(UNDECIDED))).all()
    removed = db.session.execute(delete(Proposal).where(
        Proposal.run_id == run.id, Proposal.status.in_(UNDECIDED))).rowcount
    return removed or 0, {_key(u, k, d or {}) for u, k, d in decided}


def _candidate_rows(run: ScoreRun, rules: dict[str, ProposalRule]) -> list[Proposal]:
    """Evaluate the rules on the run's facts and build the rows (one query per fact kind)."""
    facts = gather_facts(run)
    by_unit = {f.unit_id: f for f in facts}
    history = gather_history(run.period, list(by_unit))
    outcome = evaluate([as_engine_rule(r) for r in rules.values()], facts, history)
    names = dict(db.session.execute(select(Unit.id, Unit.name).where(
        Unit.id.in_(list(by_unit)))).all()) if by_unit else {}
    return [_row(run, c, rules[c.rule_code], by_unit[c.unit_id], names[c.unit_id])
            for c in outcome.proposals + outcome.held_back]


def generate_for_run(run: ScoreRun, user: User | None = None, *,
                     with_moves: bool = True) -> GenerateResult:
    """Make (or remake) the proposals of an official run; flush, never commit.

    Raises RunNotEligible for a run that is not official and done. Returns the counts per kind
    (held-back rows counted in ``held_back`` and in ``created``) and the move plan's summary.
    Staff moves come from today's roster, whatever the run's period; ``with_moves=False``
    skips them (e.g. when remaking an older period's proposals).
    """
    _check(run)
    ensure_default_rules(user)
    rules = {r.code: r for r in active_rules()}
    replaced, decided = _replace_undecided(run)
    move_rule = next((r for r in rules.values() if r.kind == "reassignment"), None)
    move_rule = move_rule if with_moves else None
    with force_locale("id"), (nullcontext() if has_request_context()
                              else current_app.test_request_context()):
        rows = _candidate_rows(run, {c: r for c, r in rules.items() if r.kind != "reassignment"})
        plan = reassignment.plan(move_rule) if move_rule else None
        if plan is not None:
            rows += _move_rows(run, move_rule, plan)
    rows = [r for r in rows if _key(r.unit_id, r.kind, r.detail) not in decided]
    db.session.add_all(rows)
    result = GenerateResult(created=len(rows), kept=len(decided), replaced=replaced,
                            moves=reassignment.summary(plan))
    for row in rows:
        if row.status == "held_back":
            result.held_back += 1
        else:
            result.by_kind[row.kind] = result.by_kind.get(row.kind, 0) + 1
    audit.record("generate_proposals", "ScoreRun", run.id,
                 {"created": result.created, "held_back": result.held_back,
                  "replaced": replaced, "kept": result.kept, "by_kind": result.by_kind,
                  "moves": result.moves, "user": user.username if user else None})
    db.session.flush()
    return result
