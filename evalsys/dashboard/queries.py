"""Reads of the leadership dashboard: one query per widget, none per unit.

Runs are loaded without their frozen `inputs` (megabytes of JSON at 5,000 units): the
dashboard reads the stored UnitScore rows, never re-runs the engine. Which run a period
shows, and which run came before, are the rankings feature's rules
(rankings.queries.run_for_period, rankings.explain.previous_run), which defer `inputs` too.
"""

from sqlalchemy import func, select
from sqlalchemy.orm import defer

from models import AuditEvent, Indicator, IndicatorValue, Period, Unit, db
from models.scoring import ScoreRun, UnitScore

from ..rankings.operations import COUNTED_STATUSES

# How many periods the trend chart goes back (the current one included).
TREND_PERIODS = 6


def _runs():
    return select(ScoreRun).options(defer(ScoreRun.inputs))


def run_by_id(run_id: int) -> ScoreRun | None:
    """Return a finished run by id (without its inputs), or None."""
    return db.session.scalar(_runs().where(ScoreRun.id == run_id, ScoreRun.status == "done"))


def previous_period(period: Period) -> Period | None:
    """Return the period of the same kind that ended last before this one."""
    return db.session.scalar(select(Period).where(
        Period.kind == period.kind, Period.end_date < period.start_date)
        .order_by(Period.end_date.desc()))


def league_rows(run: ScoreRun) -> list:
    """Return every unit score of a run with its unit's code, name, type and parent."""
    return db.session.execute(
        select(UnitScore.unit_id, UnitScore.score, UnitScore.rank, UnitScore.group_rank,
               UnitScore.rank_p05, UnitScore.rank_p95, UnitScore.coverage,
               UnitScore.excluded_reason, Unit.code, Unit.name, Unit.unit_type, Unit.parent_id)
        .join(Unit, Unit.id == UnitScore.unit_id).where(UnitScore.run_id == run.id)
        .order_by(UnitScore.rank.is_(None), UnitScore.rank, Unit.code)).all()


def score_details(run: ScoreRun, unit_ids: list[int]) -> dict[int, tuple[dict, dict]]:
    """Return unit id → (node scores, contributions) of a few units (the charted ones)."""
    if not unit_ids:
        return {}
    rows = db.session.execute(
        select(UnitScore.unit_id, UnitScore.nodes, UnitScore.contributions)
        .where(UnitScore.run_id == run.id, UnitScore.unit_id.in_(unit_ids))).all()
    return {r.unit_id: (r.nodes or {}, r.contributions or {}) for r in rows}


def ranks_of(run: ScoreRun | None) -> dict[int, int]:
    """Return unit id → rank in a run (empty without a run)."""
    if run is None:
        return {}
    return dict(db.session.execute(select(UnitScore.unit_id, UnitScore.rank).where(
        UnitScore.run_id == run.id, UnitScore.rank.is_not(None))).all())


def org_nodes() -> dict[int, tuple]:
    """Return id → (parent id, level, name) of every node above the service units."""
    rows = db.session.execute(select(Unit.id, Unit.parent_id, Unit.level, Unit.name)
                              .where(Unit.level != "unit")).all()
    return {r.id: (r.parent_id, r.level, r.name) for r in rows}


def catalogue() -> dict[str, dict]:
    """Return indicator code → {id, name, direction, decimals, unit} for the whole catalogue."""
    rows = db.session.execute(select(Indicator.id, Indicator.code, Indicator.name_id,
                                     Indicator.direction, Indicator.decimals,
                                     Indicator.unit_of_measure)
                              .order_by(Indicator.code)).all()
    return {r.code: {"id": r.id, "name": r.name_id, "direction": r.direction,
                     "decimals": r.decimals, "unit": r.unit_of_measure} for r in rows}


def _counted():
    """Values a ranking counts: submitted or approved, of active service units."""
    return (IndicatorValue.status.in_(COUNTED_STATUSES), IndicatorValue.value.is_not(None),
            Unit.level == "unit", Unit.is_active.is_(True))


def aggregates(period_ids: list[int], codes: list[str]) -> dict[tuple[int, str], dict]:
    """Return (period id, code) → {mean, total, n, units_positive} over counted values."""
    rows = db.session.execute(
        select(IndicatorValue.period_id, Indicator.code, func.avg(IndicatorValue.value),
               func.sum(IndicatorValue.value), func.count(IndicatorValue.value))
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .join(Unit, Unit.id == IndicatorValue.unit_id)
        .where(IndicatorValue.period_id.in_(period_ids), Indicator.code.in_(codes), *_counted())
        .group_by(IndicatorValue.period_id, Indicator.code)).all()
    return {(p, c): {"mean": float(m), "total": float(t), "n": n} for p, c, m, t, n in rows}


def raw_values(period: Period, codes: list[str]) -> dict[str, dict[int, float]]:
    """Return code → {unit id: value} of counted values of some indicators in a period."""
    out: dict[str, dict[int, float]] = {c: {} for c in codes}
    rows = db.session.execute(
        select(Indicator.code, IndicatorValue.unit_id, IndicatorValue.value)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .join(Unit, Unit.id == IndicatorValue.unit_id)
        .where(IndicatorValue.period_id == period.id, Indicator.code.in_(codes), *_counted()))
    for code, unit_id, value in rows:
        out[code][unit_id] = float(value)
    return out


def trend_runs(run: ScoreRun, period: Period) -> list[tuple[int, str]]:
    """Return [(run id, period code)] oldest first: official runs of recent periods + this run."""
    rows = db.session.execute(
        select(ScoreRun.id, Period.code).join(Period, Period.id == ScoreRun.period_id)
        .where(ScoreRun.scheme_id == run.scheme_id, ScoreRun.is_official.is_(True),
               ScoreRun.status == "done", Period.end_date < period.start_date,
               Period.kind == period.kind)
        .order_by(Period.end_date.desc()).limit(TREND_PERIODS - 1)).all()
    return [(r.id, r.code) for r in reversed(rows)] + [(run.id, period.code)]


def trend_scores(run_ids: list[int]) -> list[tuple[int, int, float]]:
    """Return (run id, unit id, score) of every scored unit in some runs."""
    return db.session.execute(
        select(UnitScore.run_id, UnitScore.unit_id, UnitScore.score)
        .where(UnitScore.run_id.in_(run_ids), UnitScore.score.is_not(None))).all()


def data_stamp() -> tuple:
    """Return a cheap fingerprint of everything the dashboard shows (one query).

    Every ORM insert, update and delete of an audited model (values, targets, units, periods)
    writes an AuditEvent, and bulk imports record one event each, so the newest audit id moves
    whenever the figures can have changed (a sign-in moves it too: a harmless recompute).
    Values loaded without the audit log still move the newest value id; runs are covered by
    the newest run id, the finished runs and the official ones. Every part is a primary-key
    lookup or reads the small score_run table, on SQLite and PostgreSQL alike.
    """
    def one(column, *where):
        return select(column).where(*where).scalar_subquery()

    return tuple(db.session.execute(select(
        one(func.max(AuditEvent.id)), one(func.max(IndicatorValue.id)),
        one(func.max(ScoreRun.id)), one(func.count(ScoreRun.id), ScoreRun.status == "done"),
        one(func.sum(ScoreRun.id), ScoreRun.is_official.is_(True)))).one())
