"""Read runs and league tables (one query per table)."""

from sqlalchemy import select
from sqlalchemy.orm import defer

from models import Period, Unit, db
from models.scoring import ScoreRun, UnitScore


def run_for_period(period: Period) -> ScoreRun | None:
    """Return the period's official run, else its latest finished non-sandbox run.

    The frozen inputs (megabytes at thousands of units) load only when someone reads them.
    """
    return db.session.scalar(
        select(ScoreRun).options(defer(ScoreRun.inputs))
        .where(ScoreRun.period_id == period.id, ScoreRun.status == "done",
               ScoreRun.is_sandbox.is_(False))
        .order_by(ScoreRun.is_official.desc(), ScoreRun.id.desc()))


def runs_of(period: Period) -> list[ScoreRun]:
    """Return every run of a period, newest first."""
    return list(db.session.scalars(select(ScoreRun).where(ScoreRun.period_id == period.id)
                                   .order_by(ScoreRun.id.desc())))


def league(run: ScoreRun, unit_type: str | None = None) -> list[tuple[UnitScore, Unit]]:
    """Return the run's scores with their units, ranked first (1 = best), unranked last."""
    query = (select(UnitScore, Unit).join(Unit, Unit.id == UnitScore.unit_id)
             .where(UnitScore.run_id == run.id)
             .order_by(UnitScore.rank.is_(None), UnitScore.rank, Unit.code))
    if unit_type:
        query = query.where(Unit.unit_type == unit_type)
    return list(db.session.execute(query).tuples())


def previous_ranks(run: ScoreRun | None) -> dict[int, int]:
    """Return unit id → rank in a run (for rank-change arrows)."""
    if run is None:
        return {}
    return dict(db.session.execute(select(UnitScore.unit_id, UnitScore.rank).where(
        UnitScore.run_id == run.id, UnitScore.rank.is_not(None))).all())
