"""The data-quality panel of a period: what is missing, doubtful or unapproved.

`panel()` assembles every table of the page from the reads in sources.py (one query per
table) and the pure checks in scoring.quality_checks; `summary()` gives the counts at the top,
for the dashboard too. Completeness counts a value as entered whatever its status (a draft is
entered but not yet counted by a ranking run; the status table shows those). Outliers are
sought among the scheme's indicators; approval counts cover every indicator of the period.
"""

from dataclasses import dataclass, field

import pandas as pd

from models import Period, Unit
from scoring.quality_checks import (
    DEFAULT_THRESHOLD,
    completeness,
    completeness_matrix,
    peer_outliers,
    sample_shortfalls,
)

from . import sources

STATUSES = ("draft", "submitted", "approved")


@dataclass
class Panel:
    """Everything the data-quality page shows for one period and scope."""

    period: Period
    units: list[Unit]
    expected: list  # Indicator, in the scheme's order
    unknown_codes: list[str]  # expected by the scheme but absent from the catalogue
    completeness: list[dict] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    matrix: list[tuple[Unit, list[float]]] = field(default_factory=list)
    period_means: list[float] = field(default_factory=list)
    status_units: list[dict] = field(default_factory=list)
    status_indicators: list[dict] = field(default_factory=list)
    outliers: list[dict] = field(default_factory=list)
    shortfalls: list[dict] = field(default_factory=list)
    no_population: int = 0
    summary: dict = field(default_factory=dict)


def panel(period: Period, opd_id: int | None = None, unit_type: str | None = None,
          threshold: float = DEFAULT_THRESHOLD) -> Panel:
    """Build the data-quality panel of a period for the units in scope."""
    query = sources.unit_query(opd_id, unit_type)
    codes = sources.scheme_codes()
    known = sources.indicators_by_code(codes)
    view = Panel(period, sources.units(query), [known[c] for c in codes if c in known],
                 [c for c in codes if c not in known])
    values = sources.period_values(period, query)
    names = sources.all_indicators()
    _fill_completeness(view, values)
    _fill_matrix(view, query)
    _fill_status(view, values, names)
    _fill_outliers(view, values, names, threshold)
    _fill_shortfalls(view, query)
    view.summary = _summary(view, values)
    return view


def summary(period: Period, opd_id: int | None = None, unit_type: str | None = None) -> dict:
    """Return the panel's headline counts (units incomplete, outliers, short samples, ...)."""
    return panel(period, opd_id, unit_type).summary


def _fill_completeness(view: Panel, values: pd.DataFrame) -> None:
    """Per unit: expected indicators present, %, and the names of the missing ones."""
    by_id = {i.id: i for i in view.expected}
    entered = values[values["value"].notna() & values["indicator"].isin(by_id)]
    table = completeness([u.id for u in view.units], list(by_id), entered)
    columns = (table[c].tolist() for c in ("present", "expected", "pct", "missing"))
    for unit, present, expected, pct, missing in zip(view.units, *columns, strict=True):
        view.completeness.append({
            "unit": unit, "present": int(present), "expected": int(expected),
            "pct": None if pd.isna(pct) else float(pct), "missing": [by_id[i] for i in missing]})
    view.completeness.sort(key=lambda r: (r["pct"] if r["pct"] is not None else 100,
                                          r["unit"].code))


def _fill_matrix(view: Panel, query) -> None:
    """Units × recent periods: % of the expected indicators entered."""
    view.periods = sources.recent_periods(view.period)
    ids = [i.id for i in view.expected]
    counts = sources.entered_counts(view.periods, query, ids) if ids else \
        pd.DataFrame(columns=["unit", "period", "n"])
    matrix = completeness_matrix(counts, [u.id for u in view.units],
                                 [p.id for p in view.periods], len(ids))
    view.matrix = [(u, [None if pd.isna(v) else float(v) for v in row])
                   for u, row in zip(view.units, matrix.to_numpy().tolist(), strict=True)]
    view.period_means = [None if pd.isna(v) else float(v) for v in matrix.mean()]


def _status_rows(values: pd.DataFrame, key: str, lookup: dict) -> list[dict]:
    """Count values per status, grouped by unit or indicator, least approved first."""
    if values.empty:
        return []
    table = values.groupby([key, "status"]).size().unstack(fill_value=0) \
        .reindex(columns=list(STATUSES), fill_value=0)
    rows = [{"item": lookup[k], **dict(zip(STATUSES, map(int, counts), strict=True))}
            for k, counts in zip(table.index, table.to_numpy(), strict=True) if k in lookup]
    return sorted(rows, key=lambda r: (-(r["draft"] + r["submitted"]), str(r["item"].code)))


def _fill_status(view: Panel, values: pd.DataFrame, names: dict) -> None:
    """Draft / submitted / approved counts per unit and per indicator."""
    view.status_units = _status_rows(values, "unit", {u.id: u for u in view.units})
    view.status_indicators = _status_rows(values, "indicator", names)


def _fill_outliers(view: Panel, values: pd.DataFrame, names: dict, threshold: float) -> None:
    """Values of the scheme's indicators far from their peer group (same unit type).

    Only the indicators a ranking uses are checked: auxiliary counts and yes/no items
    (maklumat present, staff surplus) would flag every unit that differs from the majority.
    """
    units = {u.id: u for u in view.units}
    values = values[values["indicator"].isin({i.id for i in view.expected})]
    long = values.assign(group=values["unit"].map({u.id: u.unit_type for u in view.units}))
    flagged = peer_outliers(long[["unit", "group", "indicator", "value"]], threshold)
    status = values.set_index(["unit", "indicator"])["status"]
    view.outliers = [{"unit": units[r.unit], "indicator": names[r.indicator],
                      "value": float(r.value), "peer_median": float(r.peer_median),
                      "n_peers": int(r.n_peers), "mz": float(r.mz),
                      "status": status.get((r.unit, r.indicator))}
                     for r in flagged.itertuples()]


def _fill_shortfalls(view: Panel, query) -> None:
    """Units whose IKM respondents fall below the Krejcie–Morgan sample of their users."""
    population = sources.populations(view.period, query)
    short = sample_shortfalls(sources.respondents(view.period, query), population)
    units = {u.id: u for u in view.units}
    view.shortfalls = [{"unit": units[uid], "respondents": int(row.respondents),
                        "population": int(row.population), "target": int(row.target),
                        "shortfall": int(row.shortfall), "pct": float(row.pct)}
                       for uid, row in zip(short.index, short.itertuples(), strict=True)
                       if uid in units]
    view.no_population = sum(1 for u in view.units if u.id not in population.index)


def _summary(view: Panel, values: pd.DataFrame) -> dict:
    """Headline counts of the panel."""
    counts = values["status"].value_counts() if len(values) else pd.Series(dtype=int)
    present = sum(r["present"] for r in view.completeness)
    expected = sum(r["expected"] for r in view.completeness)
    return {
        "period_id": view.period.id, "units": len(view.units),
        "incomplete_units": sum(1 for r in view.completeness if r["present"] < r["expected"]),
        "missing_values": expected - present,
        "completeness_pct": 100.0 * present / expected if expected else None,
        "outliers": len(view.outliers), "sample_short_units": len(view.shortfalls),
        "no_population_units": view.no_population,
        **{s: int(counts.get(s, 0)) for s in STATUSES},
        "unapproved": int(counts.get("draft", 0) + counts.get("submitted", 0)),
    }
