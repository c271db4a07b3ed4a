"""Staffing need by ABK (PermenPANRB 1/2020) for many units at once, and its indicators.

Tasks and staff are read with one query each into DataFrames and handed to
scoring.workload.abk_by_position / staffing_by_unit: the overview, the worksheet of one unit
and the indicator values all go through :func:`compute`, so they can never disagree.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import func, select

from models import Indicator, IndicatorValue, Period, db
from models.workforce import (
    COUNTED_STATUSES,
    ROUNDINGS,
    Position,
    Staff,
    WorkloadSetting,
    WorkloadTask,
)
from scoring.workload import (
    EJ_TABLE_DEFAULT,
    EJ_TABLE_KEMENKEU_2002,
    abk_by_position,
    staffing_by_unit,
)

from ..errors import DomainError
from ..indicators.computed import store_computed

SETTING_DEFAULTS = {"effective_minutes": 75_000.0, "rounding": "nearest",
                    "ej_table": "permendagri_2008", "rotation_years": 5}
EJ_TABLES = {"permendagri_2008": EJ_TABLE_DEFAULT, "kemenkeu_2002": EJ_TABLE_KEMENKEU_2002}
LEGAL_BASIS = "PermenPANRB 1/2020 tentang Pedoman Analisis Jabatan dan Analisis Beban Kerja"
METHOD = "ABK PermenPANRB 1/2020 (scoring.workload.abk_by_position, staffing_by_unit)"
# Same layout as evalsys/demo/catalogue.py DEFAULT_INDICATORS, so the rows can move there:
# code, name_id, name_en, direction, unit, source, min, max, decimals, legal basis.
INDICATORS = (
    ("staffing_ratio", "Rasio pemenuhan pegawai (ABK)", "Staffing ratio (workload analysis)",
     1, "rasio", "computed", 0, None, 2, LEGAL_BASIS),
    ("staff_shortage", "Kekurangan pegawai (ABK)", "Staff shortage (workload analysis)",
     -1, "orang", "computed", 0, None, 0, LEGAL_BASIS),
    ("staff_surplus", "Kelebihan pegawai (ABK)", "Staff surplus (workload analysis)",
     -1, "orang", "computed", 0, None, 0, LEGAL_BASIS),
    # Capped per position: a surplus never scores better than a balanced unit.
    ("staffing_fulfilment_pct", "Pemenuhan kebutuhan pegawai (ABK)",
     "Staffing need met (workload analysis)", 1, "%", "computed", 0, 100, 1, LEGAL_BASIS),
)
FORMULAS = {
    "staffing_ratio": "Σ pegawai yang ada ÷ Σ kebutuhan pegawai (dibulatkan per jabatan)",
    "staff_shortage": "Σ per jabatan max(0, kebutuhan − pegawai yang ada)",
    "staff_surplus": "Σ per jabatan max(0, pegawai yang ada − kebutuhan)",
    "staffing_fulfilment_pct": "(Σ kebutuhan − Σ kekurangan) ÷ Σ kebutuhan × 100",
}


def current_settings() -> WorkloadSetting:
    """Return the stored workload settings, or unsaved defaults when none were saved."""
    row = db.session.scalar(select(WorkloadSetting).order_by(WorkloadSetting.id).limit(1))
    return row if row is not None else WorkloadSetting(**SETTING_DEFAULTS)


def save_settings(data: dict) -> WorkloadSetting:
    """Store the workload settings and recompute every unit's staffing indicators."""
    row = current_settings()
    for key in SETTING_DEFAULTS:
        setattr(row, key, data[key])
    if row.effective_minutes <= 0 or row.rounding not in ROUNDINGS \
            or row.ej_table not in EJ_TABLES:
        raise DomainError("Pengaturan beban kerja tidak valid.")
    db.session.add(row)
    db.session.flush()
    refresh_staffing()
    return row


def tasks_frame(unit_ids: Collection[int] | None = None) -> pd.DataFrame:
    """Return every task (or those of some units) from one query."""
    query = select(WorkloadTask.id, WorkloadTask.unit_id, WorkloadTask.position_id,
                   WorkloadTask.volume_per_year, WorkloadTask.norm_minutes)
    if unit_ids is not None:
        query = query.where(WorkloadTask.unit_id.in_(list(unit_ids)))
    rows = db.session.execute(query.order_by(WorkloadTask.id)).all()
    frame = pd.DataFrame(rows, columns=["id", "unit_id", "position_id", "volume",
                                        "norm_minutes"])
    return frame.astype({"id": "int64", "unit_id": "int64", "position_id": "int64",
                         "volume": float, "norm_minutes": float})


def staff_counts(as_of: date | None = None,
                 unit_ids: Collection[int] | None = None) -> pd.DataFrame:
    """Count staff in post per unit × position from one query (counted statuses only).

    With ``as_of``, staff who entered their post after that day are left out.
    """
    query = (select(Staff.unit_id, Staff.position_id, func.count())
             .where(Staff.status.in_(COUNTED_STATUSES))
             .group_by(Staff.unit_id, Staff.position_id))
    if as_of is not None:
        query = query.where(Staff.post_since <= as_of)
    if unit_ids is not None:
        query = query.where(Staff.unit_id.in_(list(unit_ids)))
    frame = pd.DataFrame(db.session.execute(query).all(),
                         columns=["unit_id", "position_id", "existing"])
    return frame.astype({"unit_id": "int64", "position_id": "int64", "existing": float})


@dataclass
class Staffing:
    """ABK results: per unit × position (``by_position``) and per unit (``by_unit``)."""

    by_position: pd.DataFrame
    by_unit: pd.DataFrame
    n_tasks: pd.Series
    settings: WorkloadSetting
    as_of: date | None

    def positions_of(self, unit_id: int) -> pd.DataFrame:
        """Return the per-position rows of one unit, indexed by position_id."""
        if unit_id not in self.by_unit.index:
            return self.by_position.iloc[0:0].droplevel("unit_id")
        return self.by_position.xs(unit_id, level="unit_id")


def _no_negative_zero(frame: pd.DataFrame) -> pd.DataFrame:
    floats = frame.select_dtypes("float").columns
    return frame.assign(**{c: frame[c] + 0.0 for c in floats})


def compute(settings: WorkloadSetting | None = None, as_of: date | None = None,
            unit_ids: Collection[int] | None = None,
            tasks: pd.DataFrame | None = None) -> Staffing:
    """Compute ABK need, gaps and ratios for every unit × position (or some units)."""
    settings = settings or current_settings()
    tasks = tasks_frame(unit_ids) if tasks is None else tasks
    by_position = abk_by_position(tasks, staff_counts(as_of, unit_ids),
                                  effective_minutes=settings.effective_minutes,
                                  rounding=settings.rounding,
                                  ej_table=EJ_TABLES[settings.ej_table])
    # (-gap).clip(0) in scoring gives -0.0 where nothing is short; shown it would read "-0".
    by_position = _no_negative_zero(by_position)
    by_unit = _no_negative_zero(staffing_by_unit(by_position))
    required, shortage = by_unit["required"], by_unit["shortage"]
    fulfilment = ((required - shortage) / required.where(required > 0)) * 100
    by_unit = by_unit.assign(fulfilment_pct=fulfilment)
    return Staffing(by_position, by_unit, tasks.groupby("unit_id").size(), settings, as_of)


def ensure_indicators() -> dict[str, Indicator]:
    """Insert the staffing indicators missing from the catalogue; return them by code."""
    codes = [row[0] for row in INDICATORS]
    found = {i.code: i for i in db.session.scalars(select(Indicator).where(
        Indicator.code.in_(codes)))}
    for code, name_id, name_en, direction, uom, source, lo, hi, decimals, basis in INDICATORS:
        if code not in found:
            found[code] = Indicator(code=code, name_id=name_id, name_en=name_en,
                                    direction=direction, unit_of_measure=uom, source=source,
                                    min_value=lo, max_value=hi, decimals=decimals,
                                    legal_basis=basis, description=FORMULAS[code])
            db.session.add(found[code])
    db.session.flush()
    return found


def _number(value) -> float | None:
    """Return a float for JSON, or None for NaN."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) \
        else round(float(value), 4)


def provenance(result: Staffing, unit_id: int, position_codes: dict[int, str]) -> dict:
    """Describe how one unit's staffing values were computed, position by position."""
    s, unit = result.settings, result.by_unit.loc[unit_id]
    rows = result.positions_of(unit_id)
    positions = [{"position": position_codes.get(pid, str(pid)),
                  "need": _number(r.need_unrounded), "need_rounded": int(r.need_rounded),
                  "existing": int(r.existing), "shortage": int(r.shortage),
                  "surplus": int(r.surplus)} for pid, r in rows.iterrows()]
    return {"method": METHOD, "effective_minutes": s.effective_minutes,
            "rounding": s.rounding, "ej_table": s.ej_table,
            "as_of": result.as_of.isoformat() if result.as_of else None,
            "statuses_counted": list(COUNTED_STATUSES),
            "n_tasks": int(result.n_tasks.get(unit_id, 0)), "n_staff": int(unit["existing"]),
            "required": int(unit["required"]), "positions": positions}


def indicator_values(result: Staffing, position_codes: dict[int, str],
                     empty_units: Collection[int] = ()) -> dict[str, dict]:
    """Return {indicator code: {unit_id: (value, provenance)}} for store_computed."""
    columns = {"staffing_ratio": "ratio", "staff_shortage": "shortage",
               "staff_surplus": "surplus", "staffing_fulfilment_pct": "fulfilment_pct"}
    out: dict[str, dict] = {code: {} for code in columns}
    for unit_id, row in result.by_unit.iterrows():
        base = provenance(result, int(unit_id), position_codes)
        for code, column in columns.items():
            value = None if math.isnan(row[column]) else float(row[column])
            out[code][int(unit_id)] = (value, {**base, "formula": FORMULAS[code]})
    for unit_id in set(empty_units) - set(result.by_unit.index):
        for code in columns:  # nothing left to compute from: clear the old value
            out[code][unit_id] = (None, {"method": METHOD, "note": "tanpa tugas dan pegawai"})
    return out


def _units_with_values(period: Period, indicators: dict[str, Indicator]) -> set[int]:
    ids = [i.id for i in indicators.values()]
    return set(db.session.scalars(select(IndicatorValue.unit_id).where(
        IndicatorValue.period_id == period.id, IndicatorValue.indicator_id.in_(ids))))


def refresh_staffing(unit_ids: Collection[int] | None = None) -> int:
    """Recompute the staffing indicators of open periods (of some units, or of all).

    Locked periods are skipped: the roster is today's, so a closed period's figures cannot be
    rebuilt from it. Returns how many values were written. Flushes, never commits.
    """
    indicators = ensure_indicators()
    settings, codes = current_settings(), dict(db.session.execute(
        select(Position.id, Position.code)).all())
    tasks = tasks_frame(unit_ids)
    written = 0
    periods = db.session.scalars(select(Period).where(Period.is_locked.is_(False))
                                 .order_by(Period.start_date)).all()
    for period in periods:  # a handful of open periods; every unit is done at once
        result = compute(settings, period.end_date, unit_ids, tasks)
        empty = unit_ids if unit_ids is not None else _units_with_values(period, indicators)
        for code, values in indicator_values(result, codes, empty).items():
            written += store_computed(period, code, values)
    return written
