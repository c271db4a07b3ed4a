"""The year's targets grouped by indicator, each with its realisation and % achieved.

Realisation of a target = the mean, over the service units in its scope, of each unit's mean
over the year's periods (scoring.targets.realisation); only submitted and approved values count,
as in a ranking run. Two queries per page: the targets, and the year's values of their
indicators.
"""

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import distinct, select

from models import Indicator, IndicatorValue, Period, Unit, db
from models.target import IndicatorTarget
from scoring.targets import percent_achieved, realisation

from ..rankings.operations import COUNTED_STATUSES


@dataclass
class TargetRow:
    """One target with what was realised in its scope."""

    target: IndicatorTarget
    realisation: float | None
    n_units: int
    achieved: float | None


def year_targets(year: int) -> list[IndicatorTarget]:
    """Return a year's targets with indicator and unit loaded, by indicator then scope."""
    rows = db.session.execute(
        select(IndicatorTarget, Indicator, Unit)
        .join(Indicator, Indicator.id == IndicatorTarget.indicator_id)
        .outerjoin(Unit, Unit.id == IndicatorTarget.unit_id)
        .where(IndicatorTarget.year == year)
        .order_by(Indicator.code, IndicatorTarget.unit_id.is_not(None),
                  IndicatorTarget.unit_type.is_not(None), IndicatorTarget.unit_type, Unit.code))
    return [target for target, _indicator, _unit in rows]


def year_values(year: int, indicator_ids: list[int]) -> pd.DataFrame:
    """Return the counted values of service units in a year: unit, unit_type, indicator, value."""
    rows = db.session.execute(
        select(IndicatorValue.unit_id, Unit.unit_type, IndicatorValue.indicator_id,
               IndicatorValue.value)
        .join(Unit, Unit.id == IndicatorValue.unit_id)
        .join(Period, Period.id == IndicatorValue.period_id)
        .where(Period.year == year, IndicatorValue.indicator_id.in_(indicator_ids),
               IndicatorValue.status.in_(COUNTED_STATUSES), Unit.level == "unit",
               Unit.is_active.is_(True))).all()
    return pd.DataFrame(rows, columns=["unit", "unit_type", "indicator", "value"])


def grouped(year: int) -> list[tuple[Indicator, list[TargetRow]]]:
    """Return the year's targets grouped by indicator, each with realisation and % achieved."""
    targets = year_targets(year)
    values = year_values(year, sorted({t.indicator_id for t in targets}))
    by_indicator = dict(tuple(values.groupby("indicator"))) if len(values) else {}
    empty = values.iloc[0:0]
    groups: dict[int, tuple[Indicator, list[TargetRow]]] = {}
    for target in targets:
        frame = by_indicator.get(target.indicator_id, empty)
        real, n = realisation(frame, unit=target.unit_id, unit_type=target.unit_type)
        row = TargetRow(target, real, n, percent_achieved(real, target.target,
                                                          target.indicator.direction))
        groups.setdefault(target.indicator_id, (target.indicator, []))[1].append(row)
    return list(groups.values())


def years() -> list[int]:
    """Return the years that have periods or targets, newest first."""
    found = set(db.session.scalars(select(distinct(Period.year))))
    found |= set(db.session.scalars(select(distinct(IndicatorTarget.year))))
    return sorted(found, reverse=True)
