"""Innovation competitions: eligibility, proposal completeness and the ranking of entries.

Pure functions (METHODOLOGY §8). Every problem is returned as a ``Reason`` — a code and its
parameters — so the interface words it in its own language and tests compare codes.

Eligibility (administrative selection, §8.1):
- the innovation must be in the *penerapan* stage (a *uji coba* is not yet implemented), with a
  date penerapan began;
- it must have run at least ``min_years[group]`` whole years by the reference date. KIPP 2021:
  ≥ 2 years for Umum and Khusus, ≥ 1 for Replikasi (``MIN_YEARS_2021``); 2018–2020: ≥ 1 year
  for every group (``MIN_YEARS_2018``). A competition stores its own table;
- Umum: not already a KIPP Top innovation; Khusus: a previous Top winner re-entering;
  Replikasi: names the innovation it adapts;
- every proposal section of its group is filled, and none is longer than the word limit when
  the competition sets one (§8 gives no official limit).

Ranking of entries (local competition; KIPP's own rubric weights are an open gap, §10.8):
- a judge's *scoresheet* for an entry counts only when it scores every criterion; its total is
  the weighted mean Σ wᵢ·sᵢ / Σ wᵢ on the judges' scale (0–100 by default);
- an entry's score is the plain mean of its complete scoresheets. Incomplete or missing
  scoresheets are left out (not counted as zero) and reported as ``missing_judges``;
- an entry with no complete scoresheet has no score and is listed after the ranked entries;
- ties (scores equal at 2 decimals) are broken by the criterion means in order of decreasing
  weight (equal weights: the order the criteria are listed); entries still equal share a rank
  (1, 2, 2, 4).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import fmean

MIN_YEARS_2021 = {"umum": 2, "replikasi": 1, "khusus": 2}
MIN_YEARS_2018 = {"umum": 1, "replikasi": 1, "khusus": 1}
# PermenPANRB 91/2021 innovation criteria (§8.1); no official weights, so equal by default.
DEFAULT_CRITERIA = (
    {"code": "kebaruan", "name": "Kebaruan", "weight": 20.0},
    {"code": "efektif", "name": "Efektif", "weight": 20.0},
    {"code": "bermanfaat", "name": "Bermanfaat", "weight": 20.0},
    {"code": "mudah_disebarkan", "name": "Mudah disebarkan (dapat direplikasi)", "weight": 20.0},
    {"code": "berkelanjutan", "name": "Berkelanjutan", "weight": 20.0},
)
SCORE_MIN, SCORE_MAX = 0.0, 100.0
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Reason:
    """A problem found: a stable code and the figures needed to explain it."""

    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Facts:
    """What eligibility looks at, taken from an innovation."""

    group: str
    stage: str
    implemented_on: date | None
    prior_top: bool = False
    replicated_from: str | None = None


def full_years(start: date, on: date) -> int:
    """Return the whole years from ``start`` to ``on`` (anniversary reached counts)."""
    years = on.year - start.year - ((on.month, on.day) < (start.month, start.day))
    return max(0, years)


def anniversary(start: date, years: int) -> date:
    """Return the date ``years`` after ``start`` (29 February moves to 28 February)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def eligibility(facts: Facts, on: date, min_years: Mapping[str, int] = MIN_YEARS_2021
                ) -> list[Reason]:
    """Return why the innovation may not enter (empty list: eligible as to age and group)."""
    if facts.group not in min_years:
        return [Reason("unknown_group", {"group": facts.group})]
    reasons = _group_reasons(facts)
    if facts.stage != "penerapan":
        reasons.append(Reason("not_implemented", {"stage": facts.stage}))
    elif facts.implemented_on is None:
        reasons.append(Reason("no_implementation_date"))
    else:
        need = int(min_years[facts.group])
        years = full_years(facts.implemented_on, on)
        if years < need:
            reasons.append(Reason("too_young", {
                "years": years, "min_years": need, "group": facts.group,
                "eligible_from": anniversary(facts.implemented_on, need)}))
    return reasons


def _group_reasons(facts: Facts) -> list[Reason]:
    """Return the group-specific problems (prior award, replicated innovation)."""
    if facts.group == "umum" and facts.prior_top:
        return [Reason("umum_prior_top")]
    if facts.group == "khusus" and not facts.prior_top:
        return [Reason("khusus_needs_prior_top")]
    if facts.group == "replikasi" and not (facts.replicated_from or "").strip():
        return [Reason("replikasi_needs_origin")]
    return []


def word_count(text: str | None) -> int:
    """Return the number of words (runs of non-space characters) in a text."""
    return len(_WORD.findall(text or ""))


def completeness(texts: Mapping[str, str | None], required: Sequence[str],
                 word_limit: int | None = None) -> list[Reason]:
    """Return the required sections that are empty or longer than ``word_limit`` words."""
    reasons = []
    for code in required:
        words = word_count(texts.get(code))
        if words == 0:
            reasons.append(Reason("section_missing", {"section": code}))
        elif word_limit and words > word_limit:
            reasons.append(Reason("section_too_long",
                                  {"section": code, "words": words, "limit": word_limit}))
    return reasons


@dataclass(frozen=True)
class Criterion:
    """A judging criterion and its weight (weights need not sum to 100)."""

    code: str
    weight: float


@dataclass
class EntryResult:
    """One entry's outcome: score, rank, criterion means, judges counted and missing."""

    entry_id: int
    score: float | None
    rank: int | None = None
    criterion_means: dict[str, float] = field(default_factory=dict)
    judge_totals: dict[int, float] = field(default_factory=dict)
    missing_judges: list[int] = field(default_factory=list)


def scoresheet_total(scores: Mapping[str, float], criteria: Sequence[Criterion]
                     ) -> float | None:
    """Return the weighted mean of one complete scoresheet, or None when a criterion is unscored."""
    if any(c.code not in scores for c in criteria):
        return None
    total_weight = sum(c.weight for c in criteria)
    if total_weight <= 0:
        raise ValueError("criterion weights must sum to more than zero")
    return sum(c.weight * scores[c.code] for c in criteria) / total_weight


def rank_entries(entry_ids: Iterable[int], judge_ids: Sequence[int],
                 criteria: Sequence[Criterion],
                 scores: Iterable[tuple[int, int, str, float]]) -> list[EntryResult]:
    """Score and rank entries from (entry, judge, criterion, score) rows; see the module doc."""
    sheets: dict[int, dict[int, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for entry_id, judge_id, criterion, score in scores:
        if judge_id in judge_ids:
            sheets[entry_id][judge_id][criterion] = float(score)
    results = [_entry_result(e, judge_ids, criteria, sheets.get(e, {})) for e in entry_ids]
    _assign_ranks(results, criteria)
    return results


def _entry_result(entry_id: int, judge_ids: Sequence[int], criteria: Sequence[Criterion],
                  sheets: Mapping[int, Mapping[str, float]]) -> EntryResult:
    """Return one entry's result from its judges' scoresheets."""
    totals = {}
    for judge_id in judge_ids:
        total = scoresheet_total(sheets.get(judge_id, {}), criteria)
        if total is not None:
            totals[judge_id] = total
    means = {c.code: fmean(sheets[j][c.code] for j in totals) for c in criteria} if totals else {}
    return EntryResult(entry_id, fmean(totals.values()) if totals else None,
                       criterion_means=means, judge_totals=totals,
                       missing_judges=[j for j in judge_ids if j not in totals])


def _assign_ranks(results: list[EntryResult], criteria: Sequence[Criterion]) -> None:
    """Sort results in place and give ranks; ties as described in the module doc."""
    order = [c.code for c in sorted(criteria, key=lambda c: -c.weight)]

    def key(r: EntryResult) -> tuple:
        if r.score is None:
            return (1,)
        return (0, -round(r.score, 2), *(-round(r.criterion_means[c], 2) for c in order))

    results.sort(key=lambda r: (key(r), r.entry_id))
    previous, rank = None, 0
    for position, result in enumerate(results, start=1):
        if result.score is None:
            continue
        if key(result) != previous:
            rank, previous = position, key(result)
        result.rank = rank
