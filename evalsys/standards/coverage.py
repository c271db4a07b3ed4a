"""Coverage indicators per unit × period, written to IndicatorValue with their provenance.

The arithmetic is scoring.coverage; this module reads the frame, calls it, and stores each
indicator through evalsys.indicators.computed.store_computed. Locked periods are skipped by
refresh_units (their values are history) and refused by compute_coverage.
"""

from datetime import date

import pandas as pd
from sqlalchemy import select

from models import Indicator, Period, db
from scoring.coverage import service_flags, unit_coverage

from ..indicators.computed import store_computed
from . import queries

CALCULATION = "standards.coverage/1"

# code, name (id), name (en), unit of measure, min, max, decimals, legal basis, definition
DEFINITIONS = (
    ("sp_coverage_pct", "Cakupan standar pelayanan", "Service standard coverage", "%", 0, 100,
     1, "UU 25/2009 Pasal 20–22; PP 96/2012; PermenPANRB 15/2014",
     "Jenis layanan dengan standar 14 komponen lengkap yang telah ditetapkan (SK) ÷ seluruh "
     "jenis layanan aktif × 100."),
    ("sp_published_pct", "Standar pelayanan dipublikasikan", "Service standards published", "%",
     0, 100, 1, "UU 25/2009 Pasal 23; PP 96/2012 Pasal 27; PermenPANRB 15/2014",
     "Jenis layanan yang standarnya telah ditetapkan dan dipublikasikan ÷ seluruh jenis "
     "layanan aktif × 100."),
    ("sop_coverage_pct", "Cakupan SOP", "SOP coverage", "%", 0, 100, 1,
     "PermenPANRB 35/2012 tentang Pedoman Penyusunan SOP AP",
     "Jenis layanan yang dicakup SOP yang telah disahkan ÷ seluruh jenis layanan aktif × 100."),
    ("sp_evaluated_pct", "Standar pelayanan dievaluasi (12 bulan)",
     "Service standards evaluated (12 months)", "%", 0, 100, 1, "PP 96/2012 Pasal 32",
     "Jenis layanan yang penerapan standarnya dievaluasi dalam 12 bulan terakhir ÷ seluruh "
     "jenis layanan aktif × 100."),
    ("sp_reviewed_pct", "Standar pelayanan ditinjau ulang (36 bulan)",
     "Service standards reviewed (36 months)", "%", 0, 100, 1, "PP 96/2012 Pasal 33",
     "Jenis layanan yang standarnya ditinjau ulang dalam 36 bulan terakhir ÷ seluruh jenis "
     "layanan aktif × 100."),
    ("maklumat_present", "Maklumat pelayanan tersedia", "Service pledge (maklumat) in place",
     "1 = ada", 0, 1, 0, "UU 25/2009 Pasal 22; PP 96/2012 Pasal 30",
     "1 bila unit memiliki maklumat pelayanan yang ditandatangani, 0 bila tidak."),
    ("pekppp_sp_available", "PEKPPP: standar pelayanan tersedia",
     "PEKPPP: service standard available", "skala 0–5", 0, 5, 0,
     "PermenPANRB 29/2022 jo. 4/2023; Pedoman MenPANRB 5/2023 (F-02, Kebijakan Pelayanan a.Ak)",
     "Tingkat 0–5 yang dicapai semua jenis layanan (minimum): 1 sebagian komponen, 2 ke-14 "
     "komponen, 3 + ditetapkan, 4 + konsultasi publik, 5 + evaluasi 12 bulan terakhir."),
    ("pekppp_sp_review", "PEKPPP: reviu berkala standar pelayanan",
     "PEKPPP: periodic service standard review", "skala 0–5", 0, 5, 0,
     "PermenPANRB 29/2022 jo. 4/2023; Pedoman MenPANRB 5/2023 (F-02, a.K); PP 96/2012 "
     "Pasal 32–33",
     "5 semua layanan dievaluasi/direviu ≤ 1 tahun; 4 sebagian ≤ 1 tahun; 3 semua ≤ 2 tahun; "
     "2 sebagian ≤ 2 tahun; 1 semua pernah direviu; 0 lainnya."),
)
# Indicator → (column of unit_coverage, per-service flag whose False rows are "lacking").
COLUMNS = {
    "sp_coverage_pct": ("complete_adopted_pct", "complete_adopted"),
    "sp_published_pct": ("published_pct", "published"),
    "sop_coverage_pct": ("sop_pct", "sop"),
    "sp_evaluated_pct": ("evaluated_pct", "evaluated"),
    "sp_reviewed_pct": ("reviewed_pct", "reviewed"),
}


def ensure_indicators() -> int:
    """Insert the catalogue rows of this feature's indicators that are missing; return how many.

    The lead moves these definitions into evalsys/demo/catalogue.py; until then a fresh
    database gets them here so the coverage values always have somewhere to land.
    """
    existing = set(db.session.scalars(select(Indicator.code).where(
        Indicator.code.in_([d[0] for d in DEFINITIONS]))))
    added = 0
    for code, name_id, name_en, uom, lo, hi, dec, basis, definition in DEFINITIONS:
        if code in existing:
            continue
        db.session.add(Indicator(code=code, name_id=name_id, name_en=name_en, direction=1,
                                 unit_of_measure=uom, source="computed", min_value=lo,
                                 max_value=hi, decimals=dec, legal_basis=basis,
                                 description=definition))
        added += 1
    db.session.flush()
    return added


def unit_results(as_of: date, unit_ids: list[int] | None = None
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (per-service flags, per-unit coverage) as of a date."""
    flags = service_flags(queries.service_frame(as_of, unit_ids), as_of)
    if flags.empty:
        return flags, pd.DataFrame()
    return flags, unit_coverage(flags)


def _provenance(as_of: date, services, **extra) -> dict:
    """Return the provenance; ``services`` is a frame, or {"service_types": n} already counted."""
    count = services["service_types"] if isinstance(services, dict) else len(services)
    return {"calculation": CALCULATION, "as_of": as_of.isoformat(),
            "service_types": int(count), **extra}


def _date(value) -> date | None:
    """Return a frame cell as a date, or None for a missing one."""
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _values_for_unit(as_of: date, services: list[dict], row: dict) -> dict:
    """Return {indicator code: (value, provenance)} for one unit.

    ``services`` are the unit's rows of the flags frame as plain records: at 25,000 units a
    pandas slice per unit cost about 15 ms each (six minutes in all); records cost microseconds.
    """
    counted = {"service_types": len(services)}
    values = {}
    for code, (column, flag) in COLUMNS.items():
        lacking = [s["service_code"] for s in services if not s[flag]]
        values[code] = (float(row[column]), _provenance(
            as_of, counted, counted=int(row[flag]), lacking=lacking))
    signed = _date(services[0]["maklumat_signed_on"])
    present = signed is not None and signed <= as_of
    published = _date(services[0]["maklumat_published_on"])
    values["maklumat_present"] = (1.0 if present else 0.0, _provenance(
        as_of, counted, signed_on=signed.isoformat() if present else None,
        published_on=published.isoformat() if present and published else None))
    levels = {s["service_code"]: int(s["sp_level"]) for s in services}
    values["pekppp_sp_available"] = (float(row["sp_available"]), _provenance(
        as_of, counted, levels=levels, rule="minimum tingkat semua jenis layanan"))
    cadence = {s["service_code"]: int(s["cadence"]) for s in services}
    values["pekppp_sp_review"] = (float(row["sp_review"]), _provenance(
        as_of, counted, cadence_years=cadence,
        rule="0 = belum pernah; 1/2 = ≤ 1/2 tahun; 3 = lebih lama"))
    return values


def _records_by_unit(flags: pd.DataFrame) -> dict[int, list[dict]]:
    """Return the flags frame's rows as records grouped by unit, in frame order."""
    grouped: dict[int, list[dict]] = {}
    for record in flags.to_dict("records"):
        grouped.setdefault(int(record["unit_id"]), []).append(record)
    return grouped


def compute_coverage(period: Period, unit_ids: list[int] | None = None,
                     on: date | None = None) -> int:
    """Compute and store every coverage indicator of one period; return rows written."""
    as_of = queries.as_of_for(period, on)
    flags, per_unit = unit_results(as_of, unit_ids)
    by_code: dict[str, dict] = {d[0]: {} for d in DEFINITIONS}
    groups = _records_by_unit(flags)
    rows = per_unit.to_dict("index") if not flags.empty else {}
    for unit_id in queries.service_units(unit_ids):
        if unit_id not in groups:
            empty = _provenance(as_of, flags.iloc[0:0],
                                note="Unit belum memiliki jenis layanan aktif.")
            for values in by_code.values():
                values[unit_id] = (None, empty)
            continue
        pairs = _values_for_unit(as_of, groups[unit_id], rows[unit_id])
        for code, pair in pairs.items():
            by_code[code][unit_id] = pair
    return sum(store_computed(period, code, values) for code, values in by_code.items()
               if values)


def refresh_units(unit_ids: list[int] | None = None, on: date | None = None) -> int:
    """Recompute the coverage of some units (all when None) in every open period."""
    ensure_indicators()
    periods = db.session.scalars(select(Period).where(Period.is_locked.is_(False)))
    return sum(compute_coverage(period, unit_ids, on) for period in periods)


def recompute(period: Period) -> int:
    """Recompute every unit's coverage in one period (refused for a locked period)."""
    ensure_indicators()
    return compute_coverage(period)
