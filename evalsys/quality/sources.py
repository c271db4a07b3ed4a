"""Database reads of the data-quality panel: one query per table, set-based, no row loops.

Units are filtered once as a subquery (service units, active, optionally of one OPD or unit
type) and every other read joins it, so the panel's cost does not grow with per-unit queries.
"""

import pandas as pd
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from models import Indicator, IndicatorValue, Period, Unit, db
from models.scoring import ScoringScheme
from models.survey import SurveyResponse, SurveyTarget

from ..rankings.spec import DEFAULT_SCHEME_NAME, default_spec, indicator_codes
from ..units.operations import filtered_units

PERIODS_SHOWN = 4  # the units × periods overview: the selected period and the three before


def scheme_codes() -> list[str]:
    """Return the indicator codes the active default scheme expects (read-only)."""
    scheme = db.session.scalar(select(ScoringScheme).where(
        ScoringScheme.name == DEFAULT_SCHEME_NAME, ScoringScheme.is_active.is_(True))
        .order_by(ScoringScheme.version.desc()))
    return indicator_codes(scheme.spec if scheme is not None else default_spec({}, {}))


def indicators_by_code(codes: list[str]) -> dict[str, Indicator]:
    """Return the active catalogue indicators among the codes."""
    rows = db.session.scalars(select(Indicator).where(Indicator.code.in_(codes),
                                                      Indicator.is_active.is_(True)))
    return {i.code: i for i in rows}


def all_indicators() -> dict[int, Indicator]:
    """Return every indicator by id (for names in the status and outlier tables)."""
    return {i.id: i for i in db.session.scalars(select(Indicator))}


def unit_query(opd_id: int | None, unit_type: str | None) -> Select:
    """Return the query of the service units in the panel's scope, by code."""
    return filtered_units(opd_id, unit_type).where(Unit.level == "unit")


def units(query: Select) -> list[Unit]:
    """Return the units of the scope with their parent (OPD) loaded in one more query."""
    return list(db.session.scalars(query.options(selectinload(Unit.parent))))


def _ids(query: Select):
    return query.with_only_columns(Unit.id).order_by(None)


def period_values(period: Period, query: Select) -> pd.DataFrame:
    """Return every value of the period for the units: unit, indicator, value, status."""
    rows = db.session.execute(
        select(IndicatorValue.unit_id, IndicatorValue.indicator_id, IndicatorValue.value,
               IndicatorValue.status)
        .where(IndicatorValue.period_id == period.id, IndicatorValue.unit_id.in_(_ids(query))))
    return pd.DataFrame(rows.all(), columns=["unit", "indicator", "value", "status"])


def recent_periods(period: Period, count: int = PERIODS_SHOWN) -> list[Period]:
    """Return the period and the ones before it, oldest first."""
    rows = db.session.scalars(select(Period).where(Period.end_date <= period.end_date)
                              .order_by(Period.end_date.desc(), Period.id.desc()).limit(count))
    return list(reversed(rows.all()))


def entered_counts(periods: list[Period], query: Select, indicator_ids: list[int]
                   ) -> pd.DataFrame:
    """Return, per unit and period, how many of the indicators have a value."""
    rows = db.session.execute(
        select(IndicatorValue.unit_id, IndicatorValue.period_id, func.count())
        .where(IndicatorValue.period_id.in_([p.id for p in periods]),
               IndicatorValue.unit_id.in_(_ids(query)),
               IndicatorValue.indicator_id.in_(indicator_ids),
               IndicatorValue.value.is_not(None))
        .group_by(IndicatorValue.unit_id, IndicatorValue.period_id))
    return pd.DataFrame(rows.all(), columns=["unit", "period", "n"])


def respondents(period: Period, query: Select) -> pd.Series:
    """Return the number of survey responses per unit in the period."""
    rows = db.session.execute(
        select(SurveyResponse.unit_id, func.count())
        .where(SurveyResponse.period_id == period.id, SurveyResponse.unit_id.in_(_ids(query)))
        .group_by(SurveyResponse.unit_id))
    return pd.Series(dict(rows.all()), dtype=float)


def populations(period: Period, query: Select) -> pd.Series:
    """Return the service users per unit recorded for the period (the K&M population)."""
    rows = db.session.execute(
        select(SurveyTarget.unit_id, SurveyTarget.population)
        .where(SurveyTarget.period_id == period.id, SurveyTarget.unit_id.in_(_ids(query))))
    return pd.Series(dict(rows.all()), dtype=float)
