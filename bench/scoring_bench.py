"""Benchmark the composite index engine on synthetic data.

Run from the repository root::

    .venv/bin/python bench/scoring_bench.py

(a) build_index, full pipeline (exclusion, group-median imputation, winsorisation,
    min-max, arithmetic aggregation, contributions, overall and group ranks) on
    10,000 units x 30 indicators -> 6 pillars -> 2 sub-indices -> index.
    Target: < 1 s.
(b) rank_uncertainty with 1,000 Monte Carlo samples on the same data (weights
    +/-25 %, two normalisations, arithmetic and geometric aggregation).
    Target: < 20 s on 2 cores.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

# The repository is not installed as a package; make ``scoring`` importable when the
# script is run by path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.composite import build_index, rank_uncertainty, sensitivity_summary  # noqa: E402

N_UNITS, N_PILLARS, PER_PILLAR = 10_000, 6, 5


def synthetic(seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """Skewed indicators with 5 % gaps, a 3-level framework and 5 unit types."""
    rng = np.random.default_rng(seed)
    codes = [f"I{i:02d}" for i in range(N_PILLARS * PER_PILLAR)]
    values = rng.lognormal(mean=1.0, sigma=0.8, size=(N_UNITS, len(codes)))
    values[rng.random(values.shape) < 0.05] = np.nan
    units = pd.Index([f"U{i:05d}" for i in range(N_UNITS)], name="unit")
    data = pd.DataFrame(values, index=units, columns=codes)
    rows = [
        {
            "code": c,
            "parent": f"P{i // PER_PILLAR}",
            "level": 1,
            "weight": 1.0 + (i % 3),
            "direction": -1 if i % 4 == 0 else 1,
        }
        for i, c in enumerate(codes)
    ]
    rows += [
        {"code": f"P{p}", "parent": f"S{p // 3}", "level": 2, "weight": 1.0, "direction": 1}
        for p in range(N_PILLARS)
    ]
    rows += [
        {"code": f"S{s}", "parent": "INDEX", "level": 3, "weight": 1.0, "direction": 1}
        for s in range(2)
    ]
    rows.append({"code": "INDEX", "parent": None, "level": 4, "weight": 1.0, "direction": 1})
    groups = pd.Series(rng.choice(list("ABCDE"), size=N_UNITS), index=units)
    return data, pd.DataFrame(rows), groups


def timed(label: str, target: float, func):
    """Run ``func`` once, print the seconds it took against the target."""
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    verdict = "OK" if seconds < target else "TOO SLOW"
    print(f"{label}: {seconds:.2f} s (target < {target:g} s) {verdict}")
    return result


def main() -> None:
    data, framework, groups = synthetic()
    build_index(data.iloc[:50], framework)  # warm-up: first-call import and cache costs
    result = timed(
        "(a) build_index, 10,000 units x 30 indicators, full pipeline",
        1.0,
        lambda: build_index(
            data,
            framework,
            impute={"method": "median"},
            treat=True,
            min_coverage=0.5,
            groups=groups,
        ),
    )
    assert np.allclose(result.contributions.sum(axis=1), result.score)
    timed(
        "(b) rank_uncertainty, 1,000 samples on the same data",
        20.0,
        lambda: rank_uncertainty(
            data,
            framework,
            n_samples=1000,
            random_state=1,
            impute={"method": "median", "groups": groups},
            treat=True,
            min_coverage=0.5,
        ),
    )
    timed(
        "(extra) sensitivity_summary, 200 weight samples + 30 removals",
        20.0,
        lambda: sensitivity_summary(data, framework, n_samples=200, random_state=1),
    )


if __name__ == "__main__":
    main()
