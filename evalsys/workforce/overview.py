"""What the workforce overview shows: per-unit rows, totals and chart data from one compute."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select

from models import Unit, db
from models.workforce import Position

from . import charts
from .staffing import Staffing, compute
from .wisn import PRESSURE, load_inputs, results


def _clean(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


@dataclass
class Overview:
    """Rows per unit, totals, charts (HTML fragments) and the WISN summary."""

    rows: list[dict]
    totals: dict
    heatmap: str | None
    bar: str | None
    bar_unit: Unit | None
    wisn_rows: list[dict]
    settings: object


def positions_by_id() -> dict[int, Position]:
    """Return every position by id, from one query."""
    return {p.id: p for p in db.session.scalars(select(Position))}


def cells(result: Staffing, units: dict[int, Unit], positions: dict[int, Position]
          ) -> pd.DataFrame:
    """Return the per unit × position rows with unit and position names."""
    frame = result.by_position.reset_index()
    return frame.assign(unit=[units[u].name for u in frame["unit_id"]],
                        position=[positions[p].name for p in frame["position_id"]])


def unit_rows(result: Staffing, units: list[Unit]) -> list[dict]:
    """Return one row per unit in list order; units without tasks or staff have no figures."""
    table = result.by_unit
    rows = []
    for unit in units:
        figures = table.loc[unit.id].to_dict() if unit.id in table.index else None
        rows.append({"unit": unit, "has_data": figures is not None,
                     **{k: _clean(v) for k, v in (figures or {}).items()}})
    return rows


def totals(result: Staffing) -> dict:
    """Sum existing, required, shortage and surplus over the units shown."""
    sums = result.by_unit[["existing", "required", "shortage", "surplus"]].sum()
    required = float(sums["required"])
    return {**{k: float(v) for k, v in sums.items()},
            "ratio": float(sums["existing"]) / required if required else None,
            "units": len(result.by_unit)}


def bar_rows(frame: pd.DataFrame, unit_id: int | None) -> pd.DataFrame:
    """Per-position need and existing for one unit, or summed over the units shown."""
    if unit_id:
        frame = frame[frame["unit_id"] == unit_id]
    grouped = frame.groupby("position", as_index=False)[
        ["need_rounded", "need_unrounded", "existing"]].sum()
    return grouped.sort_values("need_rounded", ascending=False)


def wisn_rows(unit_ids: list[int], units: dict[int, Unit],
              positions: dict[int, Position]) -> list[dict]:
    """Return WISN results of the facilities shown, computed together."""
    table = results(load_inputs(unit_ids))
    rows = []
    for (unit_id, position_id), r in table.iterrows():
        rows.append({"unit": units[unit_id], "position": positions[position_id],
                     **{k: _clean(v) for k, v in r.to_dict().items()},
                     "pressure_label": PRESSURE.get(r["pressure"])})
    return rows


def build(units: list[Unit], sort: str, bar_unit_id: int | None) -> Overview:
    """Compute staffing for the units shown (as of today) and prepare the page."""
    result = compute(unit_ids=[u.id for u in units])
    by_id, positions = {u.id: u for u in units}, positions_by_id()
    rows = unit_rows(result, units)
    if sort == "rasio":
        rows.sort(key=lambda r: (r.get("ratio") is None, r.get("ratio") or 0))
    frame = cells(result, by_id, positions)
    heatmap = charts.to_html(charts.ratio_heatmap(frame)) if len(frame) else None
    bar_unit = by_id.get(bar_unit_id) if bar_unit_id else None
    bars = bar_rows(frame, bar_unit.id if bar_unit else None)
    bar = charts.to_html(charts.need_vs_existing(bars)) if len(bars) else None
    return Overview(rows, totals(result), heatmap, bar, bar_unit,
                    wisn_rows(list(by_id), by_id, positions), result.settings)
