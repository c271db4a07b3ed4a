"""WISN (WHO) / ABK-Kes (Permenkes 33/2015) worksheets of health cadres in puskesmas and RSUD.

Inputs are one WisnInput per facility × cadre; results for many facilities come from one
query for the inputs and one for the roster, through scoring.workload.wisn_by_position.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select

from models import Unit, User, db
from models.workforce import Position, WisnInput, WorkloadTask
from scoring.workload import (
    WISN_BANDS_DEFAULT,
    available_working_time,
    wisn,
    wisn_by_position,
)

from .roster import check_scope
from .staffing import staff_counts
from .worksheet import input_value, parse_decimal

FACILITY_TYPES = ("puskesmas", "rsud")
AWT_FIELDS = (("working_days", "A. Hari kerja setahun"), ("public_holidays", "B. Hari libur"),
              ("annual_leave", "C. Cuti tahunan"), ("sick_leave", "D. Sakit"),
              ("other_leave", "E. Pelatihan dan cuti lain"),
              ("hours_per_day", "F. Jam kerja per hari"))
AWT_DEFAULTS = {"working_days": 260, "public_holidays": 16, "annual_leave": 12,
                "sick_leave": 6, "other_leave": 5, "hours_per_day": 7.5}
# (list attribute, form prefix, [(key, label, positive)]); the name column comes first.
TABLES = (
    ("activities", "a", (("workload", "Beban kerja tahunan", False),
                         ("unit_minutes", "Waktu per kegiatan", True))),
    ("support", "s", (("percent", "% waktu kerja", False), ("hours", "Jam per tahun", False))),
    ("individual", "i", (("hours", "Jam per staf per tahun", False),
                         ("staff", "Jumlah staf", False))),
)
PRESSURE = {code: label for _bound, code, label in WISN_BANDS_DEFAULT}


def awt_hours(item: WisnInput) -> float:
    """Return the cadre's available working time in hours per year (WHO AWT)."""
    return available_working_time(item.working_days, item.public_holidays, item.annual_leave,
                                  item.sick_leave, item.other_leave, item.hours_per_day)


def load_inputs(unit_ids: Collection[int] | None = None) -> list[WisnInput]:
    """Return the WISN inputs (of some units) from one query."""
    query = select(WisnInput).order_by(WisnInput.unit_id, WisnInput.position_id)
    if unit_ids is not None:
        query = query.where(WisnInput.unit_id.in_(list(unit_ids)))
    return list(db.session.scalars(query))


def _frames(inputs: list[WisnInput]) -> tuple[pd.DataFrame, ...]:
    """Explode the inputs' lists into the frames wisn_by_position takes."""
    awt = {(i.unit_id, i.position_id): awt_hours(i) for i in inputs}
    act, sup, ind = [], [], []
    for i in inputs:
        key = {"unit_id": i.unit_id, "position_id": i.position_id}
        act += [dict(key, workload=a["workload"], unit_minutes=a["unit_minutes"])
                for a in i.activities]
        sup += [dict(key, cas_percent=(s.get("percent") or 0)
                     + (s.get("hours") or 0) / awt[(i.unit_id, i.position_id)] * 100)
                for s in i.support]
        ind += [dict(key, ias_hours=x["hours"], staff=x["staff"]) for x in i.individual]
    cols = ["unit_id", "position_id"]
    return (pd.DataFrame(act, columns=[*cols, "workload", "unit_minutes"]),
            pd.DataFrame(sup, columns=[*cols, "cas_percent"]),
            pd.DataFrame(ind, columns=[*cols, "ias_hours", "staff"]))


def results(inputs: list[WisnInput]) -> pd.DataFrame:
    """Compute WISN for every facility × cadre that has inputs, all at once."""
    keys = pd.MultiIndex.from_tuples([(i.unit_id, i.position_id) for i in inputs],
                                     names=["unit_id", "position_id"])
    if not inputs:
        return pd.DataFrame(index=keys)
    activities, support, individual = _frames(inputs)
    staff = staff_counts(unit_ids={i.unit_id for i in inputs}).set_index(
        ["unit_id", "position_id"])
    existing = staff.reindex(keys, fill_value=0.0).reset_index()
    # AWT differs per facility × cadre: the grouped call takes one AWT per cadre, so facilities
    # are grouped by their own AWT (usually one group: the kabupaten's standard calendar).
    awt = pd.Series([awt_hours(i) for i in inputs], index=keys)
    parts = []
    for value, group in awt.groupby(awt):
        sub = group.index
        pick = [frame[frame.set_index(["unit_id", "position_id"]).index.isin(sub)]
                for frame in (activities, existing, support, individual)]
        parts.append(wisn_by_position(pick[0], pick[1], float(value), pick[2], pick[3]))
    out = pd.concat(parts).reindex(keys)
    return out.assign(awt_hours=awt)


@dataclass
class Sheet:
    """The editable WISN sheet of one cadre: typed values, errors, and its results."""

    position: Position
    item: WisnInput
    values: dict[str, str]
    rows: dict[str, list[dict[str, str]]]
    result: dict | None = None
    errors: list[str] = field(default_factory=list)
    is_new: bool = False
    standards: list[float] = field(default_factory=list)  # standard workload per activity


def standard_workloads(item: WisnInput) -> list[float]:
    """Return each activity's standard workload (AWT ÷ unit time) by scoring.workload.wisn."""
    if not item.activities:
        return []
    single = wisn([a["workload"] for a in item.activities],
                  [a["unit_minutes"] for a in item.activities], awt_hours(item), 0)
    return [float(x) for x in single.standard_workload]


def _values(item: WisnInput) -> tuple[dict[str, str], dict[str, list[dict[str, str]]]]:
    values = {name: input_value(getattr(item, name)) for name, _label in AWT_FIELDS}
    rows = {attr: [{k: (v if k == "name" else input_value(v)) for k, v in row.items()}
                   for row in getattr(item, attr)] for attr, _p, _c in TABLES}
    return values, rows


def _prefill(unit: Unit, position: Position) -> WisnInput:
    """Return an unsaved input for a new cadre, its activities copied from the ABK tasks."""
    tasks = db.session.scalars(select(WorkloadTask).where(
        WorkloadTask.unit_id == unit.id, WorkloadTask.position_id == position.id)).all()
    return WisnInput(unit_id=unit.id, position_id=position.id, position=position,
                     **AWT_DEFAULTS, support=[], individual=[],
                     activities=[{"name": t.description, "workload": t.volume_per_year,
                                  "unit_minutes": t.norm_minutes} for t in tasks])


def _posted(form: Mapping[str, str]) -> tuple[dict[str, str], dict[str, list[dict]]]:
    """Return what the user typed, to show it again next to the messages."""
    values = {name: form.get(name, "") for name, _label in AWT_FIELDS}
    rows: dict[str, list[dict]] = {}
    for attr, prefix, columns in TABLES:
        rows[attr], k = [], 0
        while f"{prefix}{k}-name" in form:
            rows[attr].append({key: form.get(f"{prefix}{k}-{key}", "")
                               for key in ("name", *(c[0] for c in columns))})
            k += 1
    return values, rows


def build_sheets(unit: Unit, add_position: Position | None = None,
                 posted: tuple[int, Mapping[str, str], list[str]] | None = None) -> list[Sheet]:
    """Return one sheet per cadre with inputs at the unit, results computed together.

    ``posted`` (position id, form, messages) shows a refused sheet as the user typed it.
    """
    inputs = load_inputs([unit.id])
    table = results(inputs)
    sheets = []
    for item in inputs:
        values, rows = _values(item)
        row = table.loc[(item.unit_id, item.position_id)].to_dict()
        sheets.append(Sheet(item.position, item, values, rows, row,
                            standards=standard_workloads(item)))
    known = {i.position_id for i in inputs}
    if add_position is not None and add_position.id not in known:
        item = _prefill(unit, add_position)
        values, rows = _values(item)
        sheets.append(Sheet(add_position, item, values, rows, is_new=True))
    for sheet in sheets:
        if posted and sheet.position.id == posted[0]:
            sheet.values, sheet.rows = _posted(posted[1])
            sheet.errors = posted[2]
    return sheets


def _table_rows(form: Mapping[str, str], prefix: str, columns) -> tuple[list[dict], list[str]]:
    """Read the rows n = 0, 1, … of one table; skip blank rows; collect messages."""
    clean, errors, k = [], [], 0
    while f"{prefix}{k}-name" in form:
        name = (form.get(f"{prefix}{k}-name") or "").strip()
        raw = {key: (form.get(f"{prefix}{k}-{key}") or "").strip() for key, _l, _p in columns}
        k += 1
        if not name and not any(raw.values()):
            continue
        row: dict = {"name": name[:200]}
        if not name:
            errors.append(f"Baris {k}: nama kegiatan wajib diisi.")
        for key, label, positive in columns:
            try:
                row[key] = parse_decimal(raw[key], positive) if raw[key] or positive else 0.0
            except ValueError as err:
                errors.append(f"Baris {k}, {label}: {err}.")
        clean.append(row)
    return clean, errors


def parse_sheet(form: Mapping[str, str]) -> tuple[dict, list[str]]:
    """Validate a posted WISN sheet; return the clean values and every message."""
    data, errors = {}, []
    for name, label in AWT_FIELDS:
        try:
            data[name] = parse_decimal(form.get(name), name == "hours_per_day")
        except ValueError as err:
            errors.append(f"{label}: {err}.")
    for attr, prefix, columns in TABLES:
        data[attr], messages = _table_rows(form, prefix, columns)
        errors += [f"{_TABLE_LABELS[attr]} — {m}" for m in messages]
    if not errors:
        errors += _check_totals(data)
    return data, errors


_TABLE_LABELS = {"activities": "Kegiatan pelayanan", "support": "Kegiatan penunjang (CAS)",
                 "individual": "Kegiatan tambahan (IAS)"}


def _check_totals(data: dict) -> list[str]:
    days = data["working_days"] - sum(data[k] for k in (
        "public_holidays", "annual_leave", "sick_leave", "other_leave"))
    if days <= 0:
        return ["Hari kerja tersedia (A − B − C − D − E) harus lebih dari 0."]
    awt = days * data["hours_per_day"]
    cas = sum(s["percent"] + s["hours"] / awt * 100 for s in data["support"])
    if cas >= 100:
        return [f"Total kegiatan penunjang (CAS) {cas:.1f}% harus di bawah 100% waktu kerja."]
    return []


def save_sheet(user: User, unit: Unit, position: Position, form: Mapping[str, str]) -> list[str]:
    """Store one cadre's WISN inputs, or return the messages and store nothing."""
    check_scope(user, unit.id)
    data, errors = parse_sheet(form)
    if errors:
        return errors
    item = db.session.scalar(select(WisnInput).where(
        WisnInput.unit_id == unit.id, WisnInput.position_id == position.id))
    if item is None:
        item = WisnInput(unit_id=unit.id, position_id=position.id)
        db.session.add(item)
    for key, value in data.items():
        setattr(item, key, value)
    db.session.flush()
    return []


def delete_sheet(user: User, unit: Unit, position: Position) -> None:
    """Remove one cadre's WISN inputs from the unit."""
    check_scope(user, unit.id)
    item = db.session.scalar(select(WisnInput).where(
        WisnInput.unit_id == unit.id, WisnInput.position_id == position.id))
    if item is not None:
        db.session.delete(item)
        db.session.flush()
