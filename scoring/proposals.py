"""Rules that propose rewards, coaching, written warnings and Pasal 54 escalations (issue 9).

Pure: facts per unit and rules as dicts in, candidates (codes + parameters) out; the app turns
the codes into Indonesian sentences and stores them. A rule is ``{code, kind, params,
legal_basis}``; its ``kind`` picks the evaluator (a warning rule names its breach in params).

**Peer-group rank interval.** A run stores each unit's rank interval over *all* units
(``rank_p05``–``rank_p95`` of the weight-perturbation study) and its point rank in its group.
:func:`group_rank_intervals` maps the overall interval into the group holding the other members
at their overall point ranks: best = 1 + members ranked strictly better than ``rank_p05``,
worst = 1 + members ranked at or better than ``rank_p95`` (widened to contain the point group
rank). A degenerate interval gives back the point group rank.

**Zones** (group of *n*): top = group ranks ≤ ``max(ceil(top_share·n), min(top_count, n//4))``
(the top 10 % or the top 3, but never more than a quarter of the group); bottom quartile =
group ranks > ``n − ceil(bottom_share·n)``; everything above it is the safe zone.

**Fairness.** A sanction (warning, escalation) or a rank-based coaching is never proposed when
coverage (data completeness, 0–1) is below ``min_coverage``; a rank-based rule also needs a
group of at least ``min_group_size`` and an interval inside its zone: a bottom-quartile unit
whose interval reaches the safe zone, or a top unit whose interval leaves the top, is held back
with the reason. Statutory-duty facts are ``True``/``False``/``None``: ``None`` means *unknown*
(nothing recorded that could show it either way) and holds the warning back; ``False`` is a
recorded absence and is a breach.

**Escalation.** A breach with an approved warning or escalation (step *k*) from an earlier
period moves to step *k+1* of the breach's ``steps`` once ``after_months`` of that step have
passed between the two periods' ends; before that it is held back (remedy period running).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

BREACHES = ("no_service_standard", "no_maklumat", "complaint_overdue", "no_complaint_channel")
SANCTIONS = ("warning", "escalation")


@dataclass(frozen=True)
class UnitFacts:
    """What the rules know about one unit in one run (``None`` = unknown)."""

    unit_id: int
    period_end: date
    peer_group: str | None = None
    score: float | None = None
    rank: int | None = None
    group_rank: int | None = None
    group_size: int = 0
    rank_p05: float | None = None
    rank_p95: float | None = None
    group_rank_best: int | None = None
    group_rank_worst: int | None = None
    coverage: float | None = None
    ikm: float | None = None
    ikm_grade: str | None = None
    sla_resolution_pct: float | None = None
    overdue_statutory: int | None = None
    standard_share: float | None = None
    has_maklumat: bool | None = None
    has_complaint_channel: bool | None = None


@dataclass(frozen=True)
class HistoryItem:
    """An earlier warning or escalation of a unit for one breach, and its decision status."""

    unit_id: int
    breach: str
    kind: str
    step: int
    status: str
    period_end: date


@dataclass(frozen=True)
class Evidence:
    """One number behind a candidate: a label code and its value."""

    label: str
    value: Any


@dataclass(frozen=True)
class Candidate:
    """A proposal a rule makes; ``hold`` says why fairness held it back (None: proposed)."""

    unit_id: int
    rule_code: str
    kind: str
    reason: str
    params: Mapping[str, Any] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    breach: str | None = None
    step: int | None = None
    step_code: str | None = None
    hold: str | None = None


@dataclass(frozen=True)
class Outcome:
    """Candidates to propose, and those held back (each with its ``hold`` reason)."""

    proposals: list[Candidate]
    held_back: list[Candidate]


def group_rank_intervals(rows: Iterable[tuple[int, Any, int | None, float | None, float | None]]
                         ) -> dict[int, tuple[int, int] | None]:
    """Return unit → (best, worst) rank within its peer group, from overall rank intervals.

    ``rows``: (unit id, group, overall point rank, rank_p05, rank_p95); see the module
    docstring for the mapping. A unit without a rank or an interval maps to ``None``.
    """
    rows = list(rows)
    members: dict[Any, list[int]] = defaultdict(list)
    for _, group, rank, _, _ in rows:
        if rank is not None:
            members[group].append(rank)
    sorted_ranks = {g: np.sort(np.asarray(r, dtype=float)) for g, r in members.items()}
    out: dict[int, tuple[int, int] | None] = {}
    for unit_id, group, rank, p05, p95 in rows:
        if rank is None or p05 is None or p95 is None:
            out[unit_id] = None
            continue
        ranks = sorted_ranks[group]
        own = int(np.searchsorted(ranks, rank, side="left")) + 1  # point rank in the group
        better_than_best = int(np.searchsorted(ranks, p05, side="left")) - (rank < p05)
        upto_worst = int(np.searchsorted(ranks, p95, side="right")) - (rank <= p95)
        out[unit_id] = (min(own, 1 + better_than_best), max(own, 1 + upto_worst))
    return out


def top_cut(n: int, share: float, count: int) -> int:
    """Return the worst group rank still in the top zone of a group of ``n``."""
    return max(1, math.ceil(share * n - 1e-9), min(count, n // 4))


def safe_cut(n: int, share: float) -> int:
    """Return the worst group rank of the safe zone (ranks below it are the bottom zone)."""
    return n - math.ceil(share * n - 1e-9)


def months_between(earlier: date, later: date) -> int:
    """Return whole calendar months from ``earlier`` to ``later`` (a month end counts as full).

    30 June → 30 September is 3; 31 January → 28 February is 1; 15 March → 14 June is 2.
    """
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day and (later + timedelta(days=1)).day != 1:
        months -= 1
    return months


def _ev(f: UnitFacts, *names: str) -> tuple[Evidence, ...]:
    """Return the named facts of a unit as evidence (the group interval as one item)."""
    items = []
    for name in names:
        if name == "group_rank_interval":
            value = None if f.group_rank_best is None else [f.group_rank_best,
                                                            f.group_rank_worst]
            items.append(Evidence(name, value))
        else:
            items.append(Evidence(name, getattr(f, name)))
    return tuple(items)


_RANK_EVIDENCE = ("score", "rank", "group_rank", "group_size", "group_rank_interval",
                  "coverage")


def _rank_hold(f: UnitFacts, p: Mapping) -> str | None:
    """Return why a rank-based proposal for this unit cannot stand, or None."""
    if (f.coverage or 0.0) < p.get("min_coverage", 0.8):
        return "low_coverage"
    if f.group_size < p.get("min_group_size", 4):
        return "group_too_small"
    if f.group_rank_best is None:
        return "no_rank_interval"
    return None


def _reward(rule: Mapping, f: UnitFacts) -> Candidate | None:
    """Reward: the whole group-rank interval in the top, and every floor met."""
    p = rule["params"]
    cut = top_cut(f.group_size, p.get("top_share", 0.10), p.get("top_count", 3))
    floors = (f.ikm_grade in p.get("ikm_grades", ["A"])
              and (f.sla_resolution_pct or 0.0) >= p.get("min_sla_pct", 90.0)
              and f.overdue_statutory == 0)
    if f.group_rank is None or f.group_rank > cut or not floors:
        return None
    hold = _rank_hold(f, p)
    if hold is None and f.group_rank_worst > cut:
        hold = "interval_leaves_top"
    evidence = _ev(f, *_RANK_EVIDENCE, "ikm", "ikm_grade", "sla_resolution_pct",
                   "overdue_statutory")
    return Candidate(f.unit_id, rule["code"], "reward", "top_of_group",
                     {"top_cut": cut, "group_size": f.group_size}, evidence, hold=hold)


def _coaching(rule: Mapping, f: UnitFacts) -> Candidate | None:
    """Coaching: bottom quartile (rank-based, fairness-checked), low IKM grade or low SLA."""
    p = rule["params"]
    triggers, hold = [], None
    cut = safe_cut(f.group_size, p.get("bottom_share", 0.25))
    if f.group_rank is not None and f.group_size and f.group_rank > cut:
        hold = _rank_hold(f, p)
        if hold is None and f.group_rank_best <= cut:
            hold = "interval_overlaps_safe_zone"
        if hold is None:
            triggers.append("bottom_quartile")
    if f.ikm_grade in p.get("ikm_grades", ["C", "D"]):
        triggers.append("ikm_grade")
    if f.sla_resolution_pct is not None and f.sla_resolution_pct < p.get("min_sla_pct", 70.0):
        triggers.append("sla_low")
    if not triggers and hold is None:
        return None
    evidence = _ev(f, *_RANK_EVIDENCE, "ikm", "ikm_grade", "sla_resolution_pct")
    params = {"triggers": triggers or ["bottom_quartile"], "safe_cut": cut,
              "min_sla_pct": p.get("min_sla_pct", 70.0), "rank_hold": hold}
    return Candidate(f.unit_id, rule["code"], "coaching", "coaching", params, evidence,
                     hold=None if triggers else hold)


def breach_state(breach: str, f: UnitFacts, p: Mapping) -> bool | None:
    """Return True when the statutory duty is unmet, False when met, None when unknown."""
    if breach == "no_service_standard":
        share = f.standard_share
        return None if share is None else share < p.get("min_share", 1.0)
    if breach == "no_maklumat":
        return None if f.has_maklumat is None else not f.has_maklumat
    if breach == "complaint_overdue":
        count = f.overdue_statutory
        return None if count is None else count >= p.get("min_count", 1)
    if breach == "no_complaint_channel":
        has = f.has_complaint_channel
        return None if has is None else not has
    raise ValueError(f"unknown breach {breach!r}")


_BREACH_EVIDENCE = {"no_service_standard": "standard_share", "no_maklumat": "has_maklumat",
                    "complaint_overdue": "overdue_statutory",
                    "no_complaint_channel": "has_complaint_channel"}


def _warning(rule: Mapping, f: UnitFacts) -> Candidate | None:
    """Written warning for one unmet statutory duty (not rank-based)."""
    p, breach = rule["params"], rule["params"]["breach"]
    state = breach_state(breach, f, p)
    if state is False:
        return None
    hold = "fact_unknown" if state is None else None
    if hold is None and (f.coverage or 0.0) < p.get("min_coverage", 0.8):
        hold = "low_coverage"
    evidence = _ev(f, _BREACH_EVIDENCE[breach], "coverage")
    return Candidate(f.unit_id, rule["code"], "warning", "breach", {"breach": breach},
                     evidence, breach=breach, step=0, step_code="teguran_tertulis", hold=hold)


_EVALUATORS = {"reward": _reward, "coaching": _coaching, "warning": _warning}


def _last_approved(history: Sequence[HistoryItem], unit_id: int, breach: str,
                   before: date) -> HistoryItem | None:
    """Return the highest approved step for this unit and breach in an earlier period."""
    mine = [h for h in history if h.unit_id == unit_id and h.breach == breach
            and h.status == "approved" and h.kind in SANCTIONS and h.period_end < before]
    return max(mine, key=lambda h: (h.step, h.period_end), default=None)


def _escalate(rule: Mapping, warning: Candidate, f: UnitFacts,
              history: Sequence[HistoryItem]) -> Candidate:
    """Turn a warning whose breach persists after an approved step into the next step."""
    last = _last_approved(history, f.unit_id, warning.breach, f.period_end)
    if last is None:
        return warning
    p = rule["params"]
    steps = p.get("steps", {}).get(warning.breach) or p["default_steps"]
    nxt = min(last.step + 1, len(steps) - 1)
    months = months_between(last.period_end, f.period_end)
    needed = int(steps[nxt].get("after_months", 0))
    final = last.step >= len(steps) - 1
    params = {"breach": warning.breach,
              "previous_step": steps[min(last.step, len(steps) - 1)]["code"],
              "previous_period_end": last.period_end.isoformat(), "months": months,
              "after_months": needed, "article": steps[nxt].get("article")}
    evidence = warning.evidence + (Evidence("previous_step", params["previous_step"]),
                                   Evidence("months_since", months))
    hold = None if final or months >= needed else "remedy_period_running"
    return Candidate(f.unit_id, rule["code"], "escalation",
                     "final_step_persists" if final else "breach_persists", params, evidence,
                     breach=warning.breach, step=nxt, step_code=steps[nxt]["code"], hold=hold)


def evaluate(rules: Sequence[Mapping], facts: Iterable[UnitFacts],
             history: Iterable[HistoryItem] = ()) -> Outcome:
    """Evaluate every rule on every unit; return the proposals and the held-back candidates.

    Reward, coaching and warning rules run per unit; an escalation rule then replaces each
    proposed warning whose breach had an approved step in an earlier period (module docstring).
    Output is ordered by unit id, then rule order, so it is deterministic.
    """
    history = list(history)
    escalation = next((r for r in rules if r["kind"] == "escalation"), None)
    proposals, held = [], []
    for f in sorted(facts, key=lambda x: x.unit_id):
        for rule in rules:
            evaluator = _EVALUATORS.get(rule["kind"])
            found = evaluator(rule, f) if evaluator else None
            if found is None:
                continue
            if found.kind == "warning" and found.hold is None and escalation is not None:
                found = _escalate(escalation, found, f, history)
            (held if found.hold else proposals).append(found)
    return Outcome(proposals, held)

