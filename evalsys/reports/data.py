"""Read everything a run's reports show, one query per table, into plain rows.

The PDF, the workbook, the CSV files and the API all start from `ranking_data(run)`, so every
export of a run shows the same numbers.
"""

from collections import Counter
from dataclasses import dataclass, field
from statistics import mean

from flask import abort
from sqlalchemy import func, select

from models import Indicator, IndicatorValue, Unit, db
from models.proposal import Proposal
from models.scoring import ScoreRun
from scoring.skm import grade_ikm

from ..rankings import explain, queries

N_BEST = 5


@dataclass
class RankingData:
    """A run's league table and everything around it, ready for templates and sheets."""

    run: ScoreRun
    region: str
    rows: list[dict]
    catalogue: dict[str, Indicator]
    previous: ScoreRun | None
    proposals: list[dict] = field(default_factory=list)

    @property
    def ranked(self) -> list[dict]:
        """Return the rows that have a rank, best first."""
        return [r for r in self.rows if r["rank"] is not None]

    @property
    def framework(self) -> list[dict]:
        """Return the run's scheme tree: aggregates and indicators, as stored in its spec."""
        return self.run.spec["framework"]

    def aspects(self) -> list[dict]:
        """Return the aggregates just below the root (the aspects), in spec order."""
        levels = [row["level"] for row in self.framework]
        top = max(levels)
        return [row for row in self.framework if row["level"] == top - 1]

    def name_of(self, code: str) -> str:
        """Return the Indonesian name of a node or indicator code."""
        if code in self.catalogue:
            return self.catalogue[code].name_id
        return next((r.get("name") or code for r in self.framework if r["code"] == code), code)


def done_run_or_404(run_id: int) -> ScoreRun:
    """Return a finished run, or answer 404: a running or failed run has nothing to export."""
    run = db.get_or_404(ScoreRun, run_id)
    if run.status != "done":
        abort(404, description="Perhitungan ini belum selesai atau gagal.")
    return run


def unit_in_run_or_404(run: ScoreRun, unit_id: int) -> Unit:
    """Return the unit, or answer 404 when it does not exist or the run did not score it."""
    unit = db.get_or_404(Unit, unit_id)
    if unit.code not in run.inputs.get("values", {}):
        abort(404, description="Unit ini tidak ada dalam perhitungan tersebut.")
    return unit


def region_name() -> str:
    """Return the name of the regional government (the pemda unit at the top of the tree)."""
    return db.session.scalar(select(Unit.name).where(Unit.level == "pemda")
                             .order_by(Unit.id)) or "Pemerintah Daerah"


def ikm_grade(value: float | None) -> str | None:
    """Return the IKM quality grade (A–D) of a value, or None when it cannot be graded."""
    if value is None:
        return None
    try:
        return grade_ikm(value)[0]
    except ValueError:
        return None


def ranking_data(run: ScoreRun) -> RankingData:
    """Gather a run's rows, catalogue, previous run and proposal counts."""
    previous = explain.previous_run(run)
    before = queries.previous_ranks(previous)
    rows = [_row(s, u, run.inputs["values"].get(u.code, {}), before.get(u.id))
            for s, u in queries.league(run)]
    catalogue = {i.code: i for i in db.session.scalars(select(Indicator))}
    return RankingData(run=run, region=region_name(), rows=rows, catalogue=catalogue,
                       previous=previous, proposals=proposal_counts(run))


def _row(score, unit: Unit, raw: dict, before: int | None) -> dict:
    change = before - score.rank if before is not None and score.rank is not None else None
    return {"rank": score.rank, "group_rank": score.group_rank, "unit_id": unit.id,
            "code": unit.code, "name": unit.name, "unit_type": unit.unit_type,
            "score": score.score, "ikm": raw.get("ikm"), "grade": ikm_grade(raw.get("ikm")),
            "previous_rank": before, "change": change, "p05": score.rank_p05,
            "p95": score.rank_p95, "median": score.rank_median, "coverage": score.coverage,
            "excluded_reason": score.excluded_reason, "nodes": score.nodes or {}, "raw": raw,
            "contributions": score.contributions or {}}


def proposal_counts(run: ScoreRun) -> list[dict]:
    """Return the run's proposals counted per kind and status (empty list when none)."""
    rows = db.session.execute(
        select(Proposal.kind, Proposal.status, func.count(Proposal.id))
        .where(Proposal.run_id == run.id).group_by(Proposal.kind, Proposal.status)
        .order_by(Proposal.kind, Proposal.status)).all()
    return [{"kind": k, "status": s, "count": n} for k, s, n in rows]


def summary(data: RankingData) -> dict:
    """Return the executive summary's figures: counts, best/worst, IKM, movers, held back."""
    ranked = data.ranked
    ikms = [r["ikm"] for r in data.rows if r["ikm"] is not None]
    average = mean(ikms) if ikms else None
    moved = [r for r in ranked if r["change"]]
    held = [p for p in data.proposals if p["status"] == "held_back"]
    return {
        "n_units": len(data.rows), "n_ranked": len(ranked),
        "best": ranked[:N_BEST], "worst": list(reversed(ranked[-N_BEST:])) if ranked else [],
        "ikm_average": average, "ikm_grade": ikm_grade(average), "ikm_units": len(ikms),
        "risers": sorted((r for r in moved if r["change"] > 0),
                         key=lambda r: (-r["change"], r["rank"]))[:N_BEST],
        "fallers": sorted((r for r in moved if r["change"] < 0),
                          key=lambda r: (r["change"], r["rank"]))[:N_BEST],
        "unscored": [r for r in data.rows if r["rank"] is None],
        "held_back": sum(p["count"] for p in held),
        "grades": Counter(r["grade"] for r in data.rows if r["grade"]),
    }


def indicator_values(run: ScoreRun) -> list[tuple]:
    """Return every indicator value of the run's period for service units, with its status.

    Rows: (unit code, unit name, unit type, indicator code, indicator name, value, unit of
    measure, status), ordered by unit then indicator; one query.
    """
    return db.session.execute(
        select(Unit.code, Unit.name, Unit.unit_type, Indicator.code, Indicator.name_id,
               IndicatorValue.value, Indicator.unit_of_measure, IndicatorValue.status)
        .join(IndicatorValue, IndicatorValue.unit_id == Unit.id)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(IndicatorValue.period_id == run.period_id, Unit.level == "unit")
        .order_by(Unit.code, Indicator.code)).tuples().all()
