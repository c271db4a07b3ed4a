"""Store indicator values that features compute (IKM, SLA %, coverage, staffing ratio).

One function for every feature, so a computed value always lands the same way: upserted per
unit for one period and indicator, with provenance saying which calculation and records it came
from, never over an approved value, and never in a locked period.
"""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from models import Indicator, IndicatorValue, Period, db

from ..errors import DomainError, PeriodLocked


def store_computed(period: Period, indicator_code: str,
                   values: Mapping[int, tuple[float | None, dict[str, Any]]]) -> int:
    """Upsert computed values {unit_id: (value, provenance)} for one period and indicator.

    Returns how many rows were written. Approved values are left alone (a leader approved what
    they saw); a locked period raises PeriodLocked. Flushes, never commits.
    """
    if period.is_locked:
        raise PeriodLocked(f"Periode {period.code} terkunci; nilai hitungan tidak diperbarui.")
    indicator = db.session.scalar(select(Indicator).where(Indicator.code == indicator_code))
    if indicator is None:
        raise DomainError(f"Indikator {indicator_code} tidak ada di katalog.")
    existing = {v.unit_id: v for v in db.session.scalars(select(IndicatorValue).where(
        IndicatorValue.period_id == period.id, IndicatorValue.indicator_id == indicator.id,
        IndicatorValue.unit_id.in_(list(values))))}
    written = 0
    for unit_id, (value, provenance) in values.items():
        row = existing.get(unit_id)
        if row is not None and row.status == "approved":
            continue
        clean = None if value is None or value != value else float(value)  # NaN → no value
        if row is None:
            db.session.add(IndicatorValue(unit_id=unit_id, period_id=period.id,
                                          indicator_id=indicator.id, value=clean,
                                          provenance=provenance, status="submitted"))
        elif row.value != clean or row.provenance != provenance:
            row.value, row.provenance = clean, provenance
        else:
            continue
        written += 1
    db.session.flush()
    return written
