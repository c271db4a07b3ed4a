"""Turn a run's RankingData into what the printed ranking report shows."""

from statistics import mean, median

from ..rankings import explain
from . import svg
from .data import RankingData, summary
from .tables import legal_basis, run_facts

PROPOSAL_KINDS = {"reward": "Penghargaan", "coaching": "Pembinaan",
                  "warning": "Teguran tertulis", "escalation": "Eskalasi (Pasal 54)",
                  "reassignment": "Mutasi pegawai"}
PROPOSAL_STATUSES = {"proposed": "Diusulkan", "approved": "Disetujui",
                     "rejected": "Ditolak", "held_back": "Ditahan"}


# A province has thousands of units: the printed report then lists the best and the worst
# PRINT_EDGE units (the workbook keeps every row), and the chart draws CHART_EDGE of each end.
PRINT_LIMIT, PRINT_EDGE, CHART_EDGE = 1000, 100, 30


def ends(rows: list, edge: int) -> list:
    """Return all rows when they are few, else the first and last `edge` rows."""
    return rows if len(rows) <= 2 * edge else rows[:edge] + rows[-edge:]


def report_context(data: RankingData) -> dict:
    """Return the template context of the ranking report."""
    aspects = data.aspects()
    averages = [_mean_of(data, a["code"]) for a in aspects]
    shortened = len(data.rows) > PRINT_LIMIT
    return {
        "data": data, "run": data.run, "summary": summary(data),
        "league_rows": ends(data.ranked, PRINT_EDGE) if shortened else data.rows,
        "league_shortened": shortened,
        "chart_shortened": len(data.ranked) > 2 * CHART_EDGE,
        "score_chart": svg.score_intervals(ends(data.ranked, CHART_EDGE)),
        "aspect_chart": svg.aspect_bars([data.name_of(a["code"]) for a in aspects], averages),
        "aspect_rows": list(zip([data.name_of(a["code"]) for a in aspects], averages,
                                strict=True)),
        "uncertainty": uncertainty_facts(data),
        "proposal_table": proposal_table(data.proposals),
        "tree": scheme_tree(data), "facts": run_facts(data),
    }


def _mean_of(data: RankingData, code: str) -> float | None:
    values = [r["nodes"][code] for r in data.ranked if r["nodes"].get(code) is not None]
    return mean(values) if values else None


def uncertainty_facts(data: RankingData) -> dict:
    """Return the settings and results the rank-uncertainty paragraph quotes."""
    settings = data.run.spec.get("uncertainty") or {}
    widths = [r["p95"] - r["p05"] for r in data.ranked if r["p05"] is not None]
    sure = [r for r in data.ranked if r["p05"] is not None and r["p95"] - r["p05"] <= 2]
    try:
        sens = explain.sensitivity(data.run)
    except (KeyError, ValueError):  # a run whose inputs no longer rebuild: skip the extra
        sens = None
    return {"n_samples": settings.get("n_samples"),
            "perturbation": 100 * float(settings.get("weight_perturbation", 0.25)),
            "median_width": median(widths) if widths else None,
            "widest": max(widths) if widths else None, "n_sure": len(sure),
            "sensitivity": sens}


def proposal_table(counts: list[dict]) -> dict:
    """Return proposal counts as kind rows × status columns, with totals."""
    statuses = [s for s in PROPOSAL_STATUSES if any(c["status"] == s for c in counts)]
    kinds = [k for k in PROPOSAL_KINDS if any(c["kind"] == k for c in counts)]
    kinds += sorted({c["kind"] for c in counts} - set(kinds))
    cell = {(c["kind"], c["status"]): c["count"] for c in counts}
    rows = [{"label": PROPOSAL_KINDS.get(k, k),
             "counts": [cell.get((k, s), 0) for s in statuses],
             "total": sum(cell.get((k, s), 0) for s in statuses)} for k in kinds]
    return {"statuses": [PROPOSAL_STATUSES[s] for s in statuses], "rows": rows,
            "total": sum(c["count"] for c in counts)}


def scheme_tree(data: RankingData) -> list[dict]:
    """Return the scheme depth-first from the root, with each node's effective weight."""
    framework = data.framework
    children: dict[str | None, list[dict]] = {}
    for row in framework:
        children.setdefault(row.get("parent"), []).append(row)
    used = {code for values in data.run.inputs.get("values", {}).values() for code in values}
    out: list[dict] = []

    def walk(parent: str | None, share: float, depth: int) -> None:
        kids = children.get(parent, [])
        total = sum(float(k["weight"]) for k in kids) or 1.0
        for kid in kids:
            effective = share * float(kid["weight"]) / total
            out.append({"code": kid["code"], "name": data.name_of(kid["code"]),
                        "depth": depth, "level": kid["level"], "weight": kid["weight"],
                        "effective": 100 * effective,
                        "direction": _short_direction(kid) if kid["level"] == 1 else "",
                        "legal_basis": legal_basis(data, kid["code"]),
                        "missing": kid["level"] == 1 and kid["code"] not in used})
            walk(kid["code"], effective, depth + 1)

    walk(None, 1.0, 0)
    return out


def _short_direction(row: dict) -> str:
    return "tinggi = baik" if row.get("direction", 1) >= 0 else "rendah = baik"
