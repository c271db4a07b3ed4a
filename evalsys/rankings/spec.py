"""Scoring scheme specs: the default scheme, and turning a spec into the engine's framework."""

import pandas as pd

DEFAULT_SCHEME_NAME = "Indeks Kinerja Pelayanan Publik"

# (code, parent, level, weight, name) — aggregates; indicators hang below them.
_ASPECTS = (
    ("ikpp", None, 3, 1.0, "Indeks Kinerja Pelayanan Publik"),
    ("kepuasan", "ikpp", 2, 0.25, "Kepuasan masyarakat"),
    ("pengaduan", "ikpp", 2, 0.20, "Pengelolaan pengaduan"),
    ("standar", "ikpp", 2, 0.15, "Standar pelayanan dan SOP"),
    ("sdm", "ikpp", 2, 0.10, "Kecukupan SDM"),
    ("penilaian", "ikpp", 2, 0.20, "Penilaian eksternal"),
    ("akses", "ikpp", 2, 0.10, "Akses layanan"),
)
# (indicator code, aspect, weight within the aspect, direction). Staffing uses the capped
# fulfilment %, not the raw ratio: a surplus of clerks must not score above a balanced unit.
_INDICATORS = (
    ("ikm", "kepuasan", 1.0, 1),
    ("sla_response_pct", "pengaduan", 0.4, 1),
    ("sla_resolution_pct", "pengaduan", 0.4, 1),
    ("resolution_wd_median", "pengaduan", 0.2, -1),
    ("sp_coverage_pct", "standar", 0.5, 1),
    ("sop_coverage_pct", "standar", 0.5, 1),
    ("staffing_fulfilment_pct", "sdm", 1.0, 1),
    ("ipp", "penilaian", 0.5, 1),
    ("ombudsman_score", "penilaian", 0.5, 1),
    ("layanan_daring_pct", "akses", 0.5, 1),
    ("waktu_tunggu_menit", "akses", 0.5, -1),
)


def default_spec(directions: dict[str, int], names: dict[str, str]) -> dict:
    """Return the default scheme's spec; the catalogue's direction and name win when known.

    Every designed indicator is in the spec even before its feature has computed it; a run
    leaves out what has no data in its period and says so.
    """
    framework = [{"code": c, "parent": p, "level": lvl, "weight": w, "direction": 1, "name": n}
                 for c, p, lvl, w, n in _ASPECTS]
    framework += [{"code": code, "parent": aspect, "level": 1, "weight": weight,
                   "direction": directions.get(code, direction), "name": names.get(code, code)}
                  for code, aspect, weight, direction in _INDICATORS]
    return {
        "framework": framework,
        "normalisation": {"method": "minmax", "range": [0, 100]},
        "aggregation": "arithmetic",
        "min_coverage": 0.5,
        "peer_group": "unit_type",
        "uncertainty": {"n_samples": 500, "weight_perturbation": 0.25, "random_state": 2025},
    }


def framework_frame(spec: dict) -> pd.DataFrame:
    """Return the spec's framework as the engine expects it (code, parent, level, ...)."""
    frame = pd.DataFrame(spec["framework"], columns=["code", "parent", "level", "weight",
                                                     "direction", "name"])
    return frame.astype({"level": int, "weight": float, "direction": int})


def prune(framework: pd.DataFrame, available: set[str]) -> tuple[pd.DataFrame, list[str]]:
    """Drop indicators with no data at all, then aggregates left without children.

    Returns the pruned framework and the codes dropped, so a run can say what it left out.
    """
    indicators = framework["level"] == 1
    dropped = framework.loc[indicators & ~framework["code"].isin(available), "code"].tolist()
    kept = framework[~framework["code"].isin(dropped)]
    for level in sorted(kept.loc[kept["level"] > 1, "level"].unique()):
        parents = set(kept["parent"].dropna())
        empty = kept[(kept["level"] == level) & ~kept["code"].isin(parents)]["code"].tolist()
        dropped += empty
        kept = kept[~kept["code"].isin(empty)]
    return kept.reset_index(drop=True), dropped


def indicator_codes(spec: dict) -> list[str]:
    """Return the indicator codes a spec uses."""
    return [row["code"] for row in spec["framework"] if row["level"] == 1]
