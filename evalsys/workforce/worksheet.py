"""The ABK worksheet of one unit: rows per position as in the lampiran, and saving them.

A save is all or nothing, like the indicator grid: every bad cell gets its message and
nothing is stored until the whole sheet is valid. Totals come from scoring.workload, through
the same :func:`staffing.compute` as the overview.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select

from models import Unit, User, db
from models.workforce import POSITION_KINDS, Position, WorkloadTask
from scoring.workload import abk_need

from .roster import check_scope
from .staffing import Staffing, compute, current_settings, refresh_staffing

FIELDS = ("description", "output_unit", "volume", "norm", "source")
LIMITS = {"description": 300, "output_unit": 60, "source": 200}
_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+")


def parse_decimal(raw: str | None, positive: bool = False) -> float:
    """Parse 6000, 6.000, 7,5 or 7.5 (Indonesian or plain); raise ValueError in Indonesian."""
    text = (raw or "").strip().replace(" ", "")
    if not text:
        raise ValueError("wajib diisi")
    if "," in text:  # Indonesian: dots group thousands, the comma is the decimal mark
        text = text.replace(".", "").replace(",", ".")
    elif _GROUPED.fullmatch(text):  # 6.000 is six thousand in an Indonesian sheet
        text = text.replace(".", "")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"'{raw.strip()}' bukan angka") from None
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        raise ValueError("harus lebih dari 0" if positive else "tidak boleh negatif")
    return value


def input_value(value: float | None) -> str:
    """Write a number back into an input: 6000, 7,5 (no grouping, comma decimals)."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")


@dataclass
class Row:
    """One worksheet row as shown: its form key, typed values, products and errors."""

    key: str
    values: dict[str, str]
    volume: float | None = None
    norm: float | None = None
    minutes: float | None = None
    need: float | None = None
    errors: list[str] = field(default_factory=list)
    delete: bool = False


@dataclass
class Section:
    """The sheet of one position: rows, and the position's totals from scoring.workload."""

    position: Position
    rows: list[Row]
    result: dict | None  # need_unrounded, need_rounded, existing, gap, ej, grade, label …
    total_minutes: float = 0.0


def _task_row(task: WorkloadTask, per_task: float) -> Row:
    values = {"description": task.description, "output_unit": task.output_unit,
              "volume": input_value(task.volume_per_year),
              "norm": input_value(task.norm_minutes), "source": task.source or ""}
    return Row(f"t{task.id}", values, task.volume_per_year, task.norm_minutes,
               task.volume_per_year * task.norm_minutes, per_task)


def _posted_row(key: str, form: Mapping[str, str], wke: float, errors: list[str]) -> Row:
    values = {name: (form.get(f"{key}-{name}") or "").strip() for name in FIELDS}
    row = Row(key, values, errors=errors, delete=bool(form.get(f"{key}-delete")))
    try:
        row.volume, row.norm = parse_decimal(values["volume"]), parse_decimal(values["norm"], True)
        row.minutes = row.volume * row.norm
        row.need = row.minutes / wke
    except ValueError:
        pass
    return row


def unit_tasks(unit: Unit) -> list[WorkloadTask]:
    """Return the unit's tasks in worksheet order, from one query."""
    return list(db.session.scalars(select(WorkloadTask).where(WorkloadTask.unit_id == unit.id)
                                   .order_by(WorkloadTask.position_id, WorkloadTask.id)))


def _frame(tasks: list[WorkloadTask]) -> pd.DataFrame:
    return pd.DataFrame({"id": [t.id for t in tasks], "unit_id": [t.unit_id for t in tasks],
                         "position_id": [t.position_id for t in tasks],
                         "volume": [t.volume_per_year for t in tasks],
                         "norm_minutes": [t.norm_minutes for t in tasks]},
                        columns=["id", "unit_id", "position_id", "volume", "norm_minutes"]
                        ).astype({"unit_id": "int64", "position_id": "int64",
                                  "volume": float, "norm_minutes": float})


def unit_staffing(unit: Unit, tasks: list[WorkloadTask]) -> Staffing:
    """Compute the unit's staffing from its tasks (already loaded) and its roster."""
    return compute(current_settings(), None, [unit.id], _frame(tasks))


def _result(rows: pd.DataFrame, position_id: int) -> dict | None:
    """Return one position's figures from the unit's per-position results (NaN → None)."""
    if position_id not in rows.index:
        return None
    record = rows.loc[position_id].to_dict()
    return {k: (None if isinstance(v, float) and math.isnan(v) else v)
            for k, v in record.items()}


def _ordered_positions(ids: set[int]) -> list[Position]:
    positions = db.session.scalars(select(Position).where(Position.id.in_(ids))).all()
    return sorted(positions, key=lambda p: (POSITION_KINDS.index(p.kind)
                                            if p.kind in POSITION_KINDS else 9, p.name))


def _new_row_numbers(form: Mapping[str, str] | None) -> dict[int, set[int]]:
    """Return, per position id, the numbers k of the new rows n<position>_<k> posted."""
    numbers: dict[int, set[int]] = {}
    for key in _row_keys(form or {}):
        if key.startswith("n"):
            position_id, k = (int(x) for x in key[1:].split("_"))
            numbers.setdefault(position_id, set()).add(k)
    return numbers


def build_sheet(unit: Unit, add_position: int | None = None,
                form: Mapping[str, str] | None = None,
                errors: Mapping[str, list[str]] | None = None) -> tuple[list[Section], Staffing]:
    """Return the worksheet sections of a unit (with posted values when re-shown)."""
    tasks, errors, form = unit_tasks(unit), errors or {}, form or {}
    staffing = unit_staffing(unit, tasks)
    results, wke = staffing.positions_of(unit.id), staffing.settings.effective_minutes
    per_task = abk_need([t.volume_per_year for t in tasks], [t.norm_minutes for t in tasks],
                        wke).per_task if tasks else []
    posted_new = _new_row_numbers(form)
    ids = {t.position_id for t in tasks} | {int(pid) for pid in results.index} | set(posted_new)
    ids |= {add_position} if add_position else set()
    by_position: dict[int, list[Row]] = {pid: [] for pid in ids}
    for task, need in zip(tasks, per_task, strict=True):
        key = f"t{task.id}"
        by_position[task.position_id].append(
            _posted_row(key, form, wke, list(errors.get(key, [])))
            if f"{key}-description" in form else _task_row(task, float(need)))
    sections = []
    for position in _ordered_positions(ids):
        rows = by_position[position.id]
        blanks = 3 if position.id == add_position and not rows else 1
        for k in sorted(posted_new.get(position.id, set()) | set(range(blanks))):
            key = f"n{position.id}_{k}"
            rows.append(_posted_row(key, form, wke, list(errors.get(key, []))))
        sections.append(Section(position, rows, _result(results, position.id),
                                sum(r.minutes or 0 for r in rows if not r.delete)))
    return sections, staffing


def _row_keys(form: Mapping[str, str]) -> list[str]:
    return [name[:-len("-description")] for name in form
            if name.endswith("-description") and re.fullmatch(r"t\d+|n\d+_\d+", name[:-12])]


def _validate(values: dict[str, str]) -> tuple[dict, list[str]]:
    """Return the clean task fields and the messages of every bad cell of one row."""
    clean, errors = {}, []
    for name, label in (("description", "Uraian tugas"), ("output_unit", "Satuan hasil")):
        if not values[name]:
            errors.append(f"{label} wajib diisi.")
        elif len(values[name]) > LIMITS[name]:
            errors.append(f"{label} paling panjang {LIMITS[name]} karakter.")
        clean[name] = values[name]
    for name, label, positive in (("volume", "Beban kerja", False),
                                  ("norm", "Norma waktu", True)):
        try:
            clean[name] = parse_decimal(values[name], positive)
        except ValueError as err:
            errors.append(f"{label}: {err}.")
    clean["source"] = values["source"][:LIMITS["source"]] or None
    return clean, errors


@dataclass
class SaveResult:
    """What a worksheet save did, or the messages per row key when it stored nothing."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    errors: dict[str, list[str]] = field(default_factory=dict)


def save_sheet(user: User, unit: Unit, form: Mapping[str, str]) -> SaveResult:
    """Validate every row of the posted worksheet; store all changes, or none."""
    check_scope(user, unit.id)
    existing = {f"t{t.id}": t for t in unit_tasks(unit)}
    positions = set(db.session.scalars(select(Position.id)))
    result, pending = SaveResult(), []
    for key in _row_keys(form):
        values = {name: (form.get(f"{key}-{name}") or "").strip() for name in FIELDS}
        task = existing.get(key)
        if key.startswith("t") and task is None:
            result.errors[key] = ["Baris ini bukan tugas unit ini; muat ulang halaman."]
            continue
        if form.get(f"{key}-delete"):
            pending.append((key, task, None))
            continue
        if task is None and not any(values.values()):
            continue  # an untouched blank row
        clean, errors = _validate(values)
        position_id = task.position_id if task else int(key[1:].split("_")[0])
        if position_id not in positions:
            errors.append("Jabatan tidak dikenal.")
        if errors:
            result.errors[key] = errors
        pending.append((key, task, dict(clean, position_id=position_id)))
    if result.errors:
        return result
    for _key, task, clean in pending:
        _apply(unit, task, clean, result)
    db.session.flush()
    refresh_staffing({unit.id})
    return result


def _apply(unit: Unit, task: WorkloadTask | None, clean: dict | None,
           result: SaveResult) -> None:
    if clean is None:
        if task is not None:
            db.session.delete(task)
            result.deleted += 1
        return
    values = {"description": clean["description"], "output_unit": clean["output_unit"],
              "volume_per_year": clean["volume"], "norm_minutes": clean["norm"],
              "source": clean["source"]}
    if task is None:
        db.session.add(WorkloadTask(unit_id=unit.id, position_id=clean["position_id"], **values))
        result.added += 1
    elif any(getattr(task, k) != v for k, v in values.items()):
        for key, value in values.items():
            setattr(task, key, value)
        result.updated += 1

def bar_frame(sections: list[Section]) -> pd.DataFrame:
    """Return need and existing per position of the sheet, for the bar chart."""
    rows = [{"position": s.position.name, "need_rounded": s.result["need_rounded"],
             "need_unrounded": s.result["need_unrounded"], "existing": s.result["existing"]}
            for s in sections if s.result is not None]
    return pd.DataFrame(rows, columns=["position", "need_rounded", "need_unrounded", "existing"])


def unit_totals(staffing: Staffing, unit_id: int) -> dict | None:
    """Return the unit's summed figures (existing, required, shortage, surplus, ratio)."""
    if unit_id not in staffing.by_unit.index:
        return None
    return {k: (None if isinstance(v, float) and math.isnan(v) else v)
            for k, v in staffing.by_unit.loc[unit_id].to_dict().items()}
