"""The engine reproduces COINr's ASEM example (min-max [0, 100], arithmetic means).

Reference files: /work/shared/validation/coinr-asem (see its README.md), found beside
the repository as ``<repo>/../shared/validation/coinr-asem``.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scoring.composite import build_index, framework_from_coinr

ASEM = Path(__file__).resolve().parents[3] / "shared" / "validation" / "coinr-asem"

pytestmark = pytest.mark.skipif(
    not ASEM.is_dir(), reason=f"COINr reference data not found at {ASEM}"
)

AGGREGATES = ["Physical", "ConEcFin", "Political", "Instit", "P2P", "Environ", "Social",
              "SusEcFin", "Conn", "Sust", "Index"]  # fmt: skip


def _read(name: str) -> pd.DataFrame:
    frame = pd.read_csv(ASEM / name, comment="#", index_col="uCode")
    return frame.drop(columns=["uName"], errors="ignore")


@pytest.fixture(scope="module")
def asem():
    framework = framework_from_coinr(pd.read_csv(ASEM / "asem_iMeta.csv"))
    data = _read("asem_treated_input.csv")
    return build_index(data, framework)


def test_framework_from_coinr_keeps_only_the_tree():
    framework = framework_from_coinr(pd.read_csv(ASEM / "asem_iMeta.csv"))
    assert list(framework.columns[:5]) == ["code", "parent", "level", "weight", "direction"]
    assert len(framework) == 49 + 8 + 2 + 1
    assert framework.loc[framework["code"] == "Index", "parent"].isna().all()


def test_normalised_indicators_match(asem):
    expected = _read("asem_normalised_minmax_0_100_expected.csv")
    got = asem.scores.loc[expected.index, expected.columns]
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=0, atol=1e-6)


def test_every_aggregate_matches_full_precision(asem):
    expected = _read("asem_aggregated_expected_fullprecision.csv")
    assert set(AGGREGATES) <= set(expected.columns)
    got = asem.scores.loc[expected.index, AGGREGATES]
    np.testing.assert_allclose(got.to_numpy(), expected[AGGREGATES].to_numpy(), rtol=0, atol=1e-6)


def test_ranks_and_rounded_results_match(asem):
    expected = _read("asem_results_default_expected_rounded2.csv")
    assert asem.rank.loc[expected.index].tolist() == expected["Rank"].tolist()
    got = asem.scores.loc[expected.index, AGGREGATES].round(2)
    np.testing.assert_allclose(got.to_numpy(), expected[AGGREGATES].to_numpy(), atol=1e-9)


def test_published_top_six(asem):
    published = _read("asem_PUBLISHED_vignette_results_top6.csv")
    top = asem.rank.sort_values().index[:6].tolist()
    assert top == published.index.tolist() == ["CHE", "NLD", "DNK", "NOR", "BEL", "SWE"]
    got = asem.scores.loc[top, AGGREGATES].round(2).to_numpy()
    np.testing.assert_allclose(got, published[AGGREGATES].to_numpy(), atol=1e-9)


def test_contributions_sum_to_the_index(asem):
    np.testing.assert_allclose(asem.contributions.sum(axis=1), asem.score, rtol=1e-12)
