"""Gather the facts the proposal rules read, for every unit scored in a run.

One query (or one set-based read) per kind of fact, for all units at once:

* scores and rank intervals: ``UnitScore`` of the run; the peer group is the run's frozen
  grouping (``run.inputs["groups"]``), the group-rank interval comes from
  ``scoring.proposals.group_rank_intervals``;
* indicator values (``ikm``, ``sla_resolution_pct``): the run's frozen inputs for codes its
  spec uses, one ``IndicatorValue`` query (submitted/approved) for the others;
* complaints unanswered beyond the UU 25/2009 Pasal 44(3) limit: the complaints feature's
  evaluation (``statutory_response_breach``: verification more than 14 *calendar* days after
  receipt, METHODOLOGY §3.1), counted for complaints received in the period, plus older ones
  still unanswered at its end;
* service standard, maklumat, complaint channel: the standards register as of the period's
  end (see :func:`_duties` for how "unknown" differs from "absent");
* history: approved warnings and escalations of the same units in earlier periods.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd
from sqlalchemy import select

from models import Indicator, IndicatorValue, Period, Unit, db
from models.proposal import Proposal
from models.scoring import ScoreRun, UnitScore
from models.standard import Maklumat
from scoring.proposals import SANCTIONS, HistoryItem, UnitFacts, group_rank_intervals
from scoring.skm import grade_ikm

from ..complaints.evaluation import period_frames
from ..rankings.operations import COUNTED_STATUSES
from ..rankings.spec import indicator_codes
from ..standards import queries as standard_queries

VALUE_CODES = ("ikm", "sla_resolution_pct")


def _scores(run: ScoreRun) -> list[dict]:
    """Return one dict per unit scored in the run, with its peer group and group interval."""
    rows = [dict(r._mapping) for r in db.session.execute(
        select(UnitScore.unit_id, Unit.code, Unit.unit_type, UnitScore.score, UnitScore.rank,
               UnitScore.group_rank, UnitScore.rank_p05, UnitScore.rank_p95, UnitScore.coverage)
        .join(Unit, Unit.id == UnitScore.unit_id).where(UnitScore.run_id == run.id)
        .order_by(UnitScore.unit_id))]
    groups = (run.inputs or {}).get("groups") or {}
    sizes: Counter = Counter()
    for row in rows:
        row["group"] = groups.get(row["code"]) or row["unit_type"]
        sizes[row["group"]] += row["rank"] is not None
    intervals = group_rank_intervals((r["unit_id"], r["group"], r["rank"], r["rank_p05"],
                                      r["rank_p95"]) for r in rows)
    for row in rows:
        row["group_size"] = sizes[row["group"]]
        row["interval"] = intervals[row["unit_id"]]
    return rows


def _values(run: ScoreRun, scores: list[dict]) -> dict[int, dict[str, float]]:
    """Return unit id → {code: value} for VALUE_CODES (frozen inputs first, then the table)."""
    out: dict[int, dict[str, float]] = {r["unit_id"]: {} for r in scores}
    frozen = (run.inputs or {}).get("values") or {}
    in_spec = set(indicator_codes(run.spec or {"framework": []})) & set(VALUE_CODES)
    for row in scores:
        for key, value in (frozen.get(row["code"]) or {}).items():
            if key in in_spec:
                out[row["unit_id"]][key] = float(value)
    missing = [c for c in VALUE_CODES if c not in in_spec]
    if missing and out:
        rows = db.session.execute(
            select(IndicatorValue.unit_id, Indicator.code, IndicatorValue.value)
            .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
            .where(IndicatorValue.period_id == run.period_id, Indicator.code.in_(missing),
                   IndicatorValue.unit_id.in_(list(out)), IndicatorValue.value.is_not(None),
                   IndicatorValue.status.in_(COUNTED_STATUSES)))
        for unit_id, code, value in rows:
            out[unit_id][code] = float(value)
    return out


def _complaints(period: Period, unit_ids: list[int]) -> tuple[dict[int, int], set[int]]:
    """Return (unit → complaints past the 14-day statutory response, units with complaints)."""
    evaluated, _ = period_frames(period.start_date, period.end_date, Unit.id.in_(unit_ids))
    if evaluated.empty:
        return {}, set()
    in_period = evaluated["received_date"] >= pd.Timestamp(period.start_date)
    unanswered = evaluated["verified_date"].isna()
    late = evaluated[evaluated["statutory_response_breach"] & (in_period | unanswered)]
    counts = late.groupby("unit_id").size()
    return ({int(u): int(n) for u, n in counts.items()},
            {int(u) for u in evaluated["unit_id"].unique()})


def _duties(as_of: date, unit_ids: list[int], with_complaints: set[int]) -> dict[int, dict]:
    """Return unit → standard share, maklumat and complaint channel as of a date.

    The standards register is the record: for a unit with at least one active service type in
    it, a missing adopted standard, maklumat or complaint-handling component is a recorded
    absence (False). A unit with no service type registered is *unknown* (None) unless a
    maklumat is on file. A complaint channel counts as present when the unit's standard has
    the "pengaduan" component done or the unit received complaints in the register.
    """
    services = standard_queries.service_frame(as_of, unit_ids)
    adopted = pd.to_datetime(services["adopted_on"]).le(pd.Timestamp(as_of))
    per_unit = services.assign(adopted=adopted).groupby("unit_id")["adopted"].agg(["size",
                                                                                  "sum"])
    components = standard_queries.component_counts(unit_ids)
    channel = set(components.loc[components["code"] == "pengaduan", "unit_id"].astype(int))
    signed = dict(db.session.execute(select(Maklumat.unit_id, Maklumat.signed_on).where(
        Maklumat.unit_id.in_(unit_ids))).all())
    out = {}
    for unit_id in unit_ids:
        known = unit_id in per_unit.index
        size = int(per_unit.at[unit_id, "size"]) if known else 0
        done = int(per_unit.at[unit_id, "sum"]) if known else 0
        has_maklumat = signed.get(unit_id) is not None and signed[unit_id] <= as_of
        has_channel = unit_id in channel or unit_id in with_complaints
        out[unit_id] = {
            "standard_share": done / size if size else None, "services": size,
            "has_maklumat": True if has_maklumat else (False if known else None),
            "has_complaint_channel": True if has_channel else (False if known else None)}
    return out


def _grade(ikm: float | None) -> str | None:
    try:
        return None if ikm is None else grade_ikm(ikm)[0]
    except ValueError:
        return None


def _facts(row: dict, period: Period, values: dict, overdue: int, duty: dict) -> UnitFacts:
    """Return one unit's facts; the group interval always contains the point group rank."""
    best, worst = row["interval"] or (None, None)
    if best is not None and row["group_rank"] is not None:
        best, worst = min(best, row["group_rank"]), max(worst, row["group_rank"])
    return UnitFacts(
        unit_id=row["unit_id"], period_end=period.end_date, peer_group=row["group"],
        score=row["score"], rank=row["rank"], group_rank=row["group_rank"],
        group_size=row["group_size"], rank_p05=row["rank_p05"], rank_p95=row["rank_p95"],
        group_rank_best=best, group_rank_worst=worst, coverage=row["coverage"],
        ikm=values.get("ikm"), ikm_grade=_grade(values.get("ikm")),
        sla_resolution_pct=values.get("sla_resolution_pct"), overdue_statutory=overdue,
        standard_share=duty["standard_share"], has_maklumat=duty["has_maklumat"],
        has_complaint_channel=duty["has_complaint_channel"])


def gather_facts(run: ScoreRun) -> list[UnitFacts]:
    """Return the facts of every unit scored in the run (see the module docstring)."""
    period = run.period
    scores = _scores(run)
    unit_ids = [r["unit_id"] for r in scores]
    if not unit_ids:
        return []
    values = _values(run, scores)
    overdue, with_complaints = _complaints(period, unit_ids)
    duties = _duties(min(period.end_date, standard_queries.today()), unit_ids, with_complaints)
    return [_facts(row, period, values[row["unit_id"]], overdue.get(row["unit_id"], 0),
                   duties[row["unit_id"]]) for row in scores]


def gather_history(period: Period, unit_ids: list[int]) -> list[HistoryItem]:
    """Return the approved warnings and escalations of these units from earlier periods."""
    rows = db.session.execute(
        select(Proposal.unit_id, Proposal.kind, Proposal.status, Proposal.detail,
               Period.end_date)
        .join(Period, Period.id == Proposal.period_id)
        .where(Proposal.unit_id.in_(unit_ids), Proposal.kind.in_(SANCTIONS),
               Proposal.status == "approved", Period.end_date < period.end_date)
        .order_by(Period.end_date, Proposal.id))
    return [HistoryItem(unit_id=u, breach=(d or {}).get("breach", ""), kind=k,
                        step=int((d or {}).get("step") or 0), status=s, period_end=end)
            for u, k, s, d, end in rows if (d or {}).get("breach")]
