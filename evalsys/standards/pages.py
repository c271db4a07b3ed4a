"""What the standards pages show, assembled from a few set-based reads (no writes)."""

from datetime import date

import pandas as pd

from models import Unit
from models.standard import COMPONENT_CODES
from scoring.coverage import COUNTED, timeline_flags

from . import coverage, queries
from .charts import component_heatmap, to_html
from .labels import COMPONENT_SHORT

FLAGS = ("not_consulted", "draft_late", "comments_short", "maklumat_late", "evaluation_overdue",
         "review_overdue")
GAPS = ("complete_adopted", "published", "sop", "evaluated")


def _records(frame: pd.DataFrame) -> list[dict]:
    """Return rows as dicts with NaN/NaT turned into None, for templates."""
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict("records")


def service_rows(flags: pd.DataFrame, as_of: date) -> list[dict]:
    """Return per-service rows with their timeline flags and due dates."""
    if flags.empty:
        return []
    timeline = timeline_flags(flags, as_of)
    merged = flags.join(timeline)
    rows = _records(merged)
    for row in rows:
        row["flags"] = [name for name in FLAGS if row.get(name)]
        row["gaps"] = [name for name in GAPS if not row.get(name)]
        for key in ("draft_due", "comments_until", "maklumat_due", "evaluation_due",
                    "review_due"):
            row[key] = row[key].date() if row.get(key) is not None else None
    return rows


def unit_page_rows(unit_id: int, as_of: date) -> list[dict]:
    """Return the per-service rows (with flags) of one unit."""
    flags, _ = coverage.unit_results(as_of, [unit_id])
    return service_rows(flags, as_of)


def unit_page(unit: Unit, as_of: date) -> dict:
    """Return everything a unit's standards page shows."""
    flags, per_unit = coverage.unit_results(as_of, [unit.id])
    summary = per_unit.loc[unit.id].to_dict() if unit.id in per_unit.index else None
    return {
        "as_of": as_of,
        "services": service_rows(flags, as_of),
        "summary": summary,
        "matrix": queries.unit_components(unit.id),
        "maklumat": queries.maklumat_of(unit.id),
        "sops": queries.unit_sops(unit.id),
        "evidence": queries.unit_evidence(unit.id),
    }


def _heat_share(flags: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """Return units × components: % of the unit's service types with the component done."""
    units = flags.groupby("unit_id").agg(name=("unit_name", "first"), n=("service_type_id",
                                                                         "size"))
    done = (counts.pivot_table(index="unit_id", columns="code", values="done", aggfunc="sum")
            if not counts.empty else pd.DataFrame())
    done = done.reindex(index=units.index, columns=list(COMPONENT_CODES)).fillna(0)
    share = done.div(units["n"], axis=0).mul(100).round(0)
    names = units["name"]
    duplicated = names.duplicated(keep=False)
    share.index = [f"{n} ({uid})" if dup else n
                   for uid, n, dup in zip(units.index, names, duplicated, strict=True)]
    return share


def coverage_page(as_of: date, opd_id: int | None = None) -> dict:
    """Return the dashboard: totals, per-unit table, heatmap HTML and the ranked gap list."""
    flags, per_unit = coverage.unit_results(as_of)
    if opd_id:
        keep = flags["opd_id"] == opd_id
        flags = flags[keep]
        per_unit = per_unit.loc[per_unit.index.isin(flags["unit_id"])]
    if flags.empty:
        return {"as_of": as_of, "totals": None, "units": [], "heatmap": None, "gaps": []}
    counts = queries.component_counts(list(per_unit.index))
    rows = service_rows(flags, as_of)
    gaps = sorted((r for r in rows if r["gaps"]),
                  key=lambda r: (-len(r["gaps"]), r["unit_name"], r["service_code"]))
    totals = {name: round(100.0 * flags[name].sum() / len(flags), 1) for name in COUNTED}
    totals["services"] = len(flags)
    table = per_unit.join(flags.groupby("unit_id")[["unit_name", "unit_code"]].first())
    signed = pd.to_datetime(flags.groupby("unit_id")["maklumat_signed_on"].first())
    table["maklumat"] = signed.le(pd.Timestamp(as_of))
    table = table.reset_index().sort_values(["complete_adopted_pct", "unit_name"],
                                            ascending=[True, True])
    share = _heat_share(flags, counts)
    labels = [str(COMPONENT_SHORT[c]) for c in COMPONENT_CODES]
    return {"as_of": as_of, "totals": totals, "units": _records(table),
            "heatmap": to_html(component_heatmap(share, labels), "sp-heatmap"), "gaps": gaps}
