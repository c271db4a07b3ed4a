"""SLA indicators per unit and period, written through ``store_computed`` with provenance.

sla_response_pct, sla_resolution_pct and resolution_wd_median are snapshots of what
``evaluation.period_frames`` computes on read; they are refreshed whenever their inputs change
(a status change, a new or imported complaint, a calendar or policy edit) for the open periods
concerned, and on request from the SLA dashboard. Locked periods are never touched.
"""

from datetime import date

import numpy as np
from sqlalchemy import or_, select

from models import Indicator, Period, Unit, db

from ..errors import PeriodLocked
from ..indicators.computed import store_computed
from .calendars import inputs, local_today
from .evaluation import active_policy, period_frames

# Indicator code → column of scoring.sla.summarise_by_unit.
INDICATORS = {
    "sla_response_pct": "pct_response_within_sla",
    "sla_resolution_pct": "pct_resolved_within_sla",
    "resolution_wd_median": "median_resolution_working_days",
}
CALCULATION = "scoring.sla.evaluate_complaints + summarise_by_unit"


def recompute_indicators(period: Period, unit_ids: list[int] | None = None) -> int:
    """Recompute the SLA indicators of a period for some units (default: every service unit).

    Units without complaints get no value (``None``) with ``complaints: 0`` in the provenance.
    Returns the number of values written; raises PeriodLocked for a locked period.
    """
    if period.is_locked:
        raise PeriodLocked(f"Periode {period.code} terkunci; nilai SLA tidak diperbarui.")
    codes = set(db.session.scalars(select(Indicator.code).where(
        Indicator.code.in_(list(INDICATORS)))))
    if not codes:
        return 0
    where = [Unit.id.in_(unit_ids)] if unit_ids is not None else []
    _, summary = period_frames(period.start_date, period.end_date, *where)
    units = _target_units(unit_ids, summary.index)
    written = 0
    for code in sorted(codes):
        values = {unit_id: (_value(summary, unit_id, INDICATORS[code]),
                            _provenance(period, summary, unit_id, timezone, INDICATORS[code]))
                  for unit_id, timezone in units}
        written += store_computed(period, code, values)
    return written


def _target_units(unit_ids, with_complaints) -> list[tuple[int, str]]:
    """Return (id, timezone) of the units to write: the given ones, or service units + others."""
    if unit_ids is not None:
        query = select(Unit.id, Unit.timezone).where(Unit.id.in_(unit_ids))
    else:
        query = select(Unit.id, Unit.timezone).where(
            or_(Unit.level == "unit", Unit.id.in_([int(i) for i in with_complaints])))
    return [tuple(r) for r in db.session.execute(query.order_by(Unit.id))]


def _value(summary, unit_id: int, column: str) -> float | None:
    if unit_id not in summary.index:
        return None
    value = summary.at[unit_id, column]
    return None if value is None or np.isnan(value) else round(float(value), 2)


def _provenance(period: Period, summary, unit_id: int, timezone: str, column: str) -> dict:
    """Say which calculation, policy, calendar and records a value came from."""
    policy, version = active_policy()
    data = inputs()
    n = int(summary.at[unit_id, "n"]) if unit_id in summary.index else 0
    return {"source": "computed", "calculation": CALCULATION, "measure": column,
            "period": period.code, "complaints": n,
            "as_of": min(period.end_date, local_today(timezone)).isoformat(),
            "policy_version": version, "calendar_adjustments": data.adjustment_count,
            "work_week_days": 6 if unit_id in data.six_day_units else 5, "timezone": timezone,
            "office_close": policy.office_close.strftime("%H:%M")}


def refresh(first: date, last: date, unit_ids: list[int] | None = None) -> int:
    """Recompute the open periods overlapping [first, last] for some units (None: all)."""
    periods = db.session.scalars(select(Period).where(
        Period.is_locked.is_(False), Period.start_date <= last, Period.end_date >= first))
    return sum(recompute_indicators(p, unit_ids) for p in periods)


def refresh_all(unit_ids: list[int] | None = None) -> int:
    """Recompute every open period (after a calendar, work-week or policy change)."""
    periods = db.session.scalars(select(Period).where(Period.is_locked.is_(False)))
    return sum(recompute_indicators(p, unit_ids) for p in periods)
