"""Data-quality checks: hand-computed modified z-scores, completeness, sample shortfalls."""

import math

import pandas as pd
import pytest

from scoring.composite.quality import robust_z
from scoring.quality_checks import (
    completeness,
    completeness_matrix,
    peer_outliers,
    sample_shortfalls,
    score_peers,
)


def _long(rows):
    return pd.DataFrame(rows, columns=["unit", "group", "indicator", "value"])


def test_outlier_is_judged_against_its_peer_group_only():
    # Puskesmas waiting times 10, 12, 11, 13, 40: median 12, |dev| 2,0,1,1,28 → MAD 1;
    # Mz(40) = 0.6745 × 28 / 1 = 18.886, Mz(10) = 0.6745 × (−2) = −1.349.
    rows = [(f"P{i}", "puskesmas", "waktu", v) for i, v in enumerate([10, 12, 11, 13, 40])]
    # Kelurahan values around 40 are normal for kelurahan: not flagged against puskesmas.
    rows += [(f"K{i}", "kelurahan", "waktu", v) for i, v in enumerate([38, 40, 41, 39])]
    flagged = peer_outliers(_long(rows))
    assert flagged["unit"].tolist() == ["P4"]
    row = flagged.iloc[0]
    assert row["mz"] == pytest.approx(0.6745 * 28)
    assert row["peer_median"] == 12 and row["n_peers"] == 5 and row["group"] == "puskesmas"
    scores = score_peers(_long(rows)).set_index("unit")["mz"]
    assert scores["P0"] == pytest.approx(-1.349)


def test_low_outlier_and_threshold():
    # 50, 52, 51, 53, 20 → median 51, |dev| 1,1,0,2,31 → MAD 1; Mz(20) = −20.91.
    rows = [(f"U{i}", "desa", "ikm", v) for i, v in enumerate([50, 52, 51, 53, 20])]
    flagged = peer_outliers(_long(rows))
    assert flagged["mz"].tolist() == [pytest.approx(-0.6745 * 31)]
    # Mz(53) = 1.349: flagged only with a threshold below it.
    assert set(peer_outliers(_long(rows), threshold=1.3)["unit"]) == {"U3", "U4"}


def test_small_peer_groups_and_missing_values_are_not_judged():
    rows = [("A", "rsud", "ikm", 60.0), ("B", "rsud", "ikm", 95.0),
            ("C", "rsud", "ikm", float("nan"))]
    assert peer_outliers(_long(rows)).empty
    scored = score_peers(_long(rows))
    assert len(scored) == 2 and scored["mz"].isna().all()


def test_no_values_gives_an_empty_list():
    assert peer_outliers(_long([])).empty


def test_completeness_lists_missing_indicators_in_expected_order():
    present = pd.DataFrame({"unit": ["A", "A", "A", "B", "B"],
                            "indicator": ["ikm", "ipp", "lain", "ipp", "ipp"]})
    table = completeness(["A", "B", "C"], ["ikm", "ipp", "sop"], present)
    assert table.loc["A", "present"] == 2 and table.loc["A", "missing"] == ["sop"]
    assert table.loc["B", "missing"] == ["ikm", "sop"]
    assert table.loc["C", "pct"] == 0 and table.loc["C", "missing"] == ["ikm", "ipp", "sop"]
    assert table.loc["A", "pct"] == pytest.approx(200 / 3)
    assert math.isnan(completeness(["A"], [], present).loc["A", "pct"])


def test_completeness_matrix_fills_absent_periods_with_zero():
    counts = pd.DataFrame({"unit": ["A", "A", "B"], "period": [1, 2, 2], "n": [4, 2, 1]})
    matrix = completeness_matrix(counts, ["A", "B"], [1, 2], n_expected=4)
    assert matrix.loc["A"].tolist() == [100.0, 50.0]
    assert matrix.loc["B"].tolist() == [0.0, 25.0]


def test_sample_shortfall_uses_krejcie_morgan():
    # N = 1 000 → 278; N = 100 → 80; N = 50 → 44 (METHODOLOGY §1.6).
    respondents = pd.Series({"A": 120, "B": 80, "C": 50})
    population = pd.Series({"A": 1000, "B": 100, "C": 50, "D": 10})
    short = sample_shortfalls(respondents, population)
    assert short.index.tolist() == ["A", "D"]  # B meets 80 exactly, C exceeds 44
    assert short.loc["A", "target"] == 278 and short.loc["A", "shortfall"] == 158
    assert short.loc["D", "respondents"] == 0 and short.loc["D", "target"] == 10
    assert short.loc["A", "pct"] == pytest.approx(100 * 120 / 278)
    # A unit without a known population has no target and is not listed.
    assert "E" not in sample_shortfalls(pd.Series({"E": 3}), pd.Series(dtype=float)).index


def test_peer_scores_equal_the_composite_engines_robust_z():
    # Includes a group where most values are equal (MAD 0 → mean absolute deviation).
    wide = pd.DataFrame({"a": [1.0, 2.0, 2.5, 9.0, float("nan")],
                         "b": [5.0, 5.0, 5.0, 5.0, 7.0]}, index=list("PQRST"))
    long = wide.rename_axis(index="unit", columns="indicator").reset_index().melt(
        id_vars="unit", var_name="indicator", value_name="value").assign(group="g")
    scored = score_peers(long).set_index(["unit", "indicator"])["mz"]
    expected = robust_z(wide).rename_axis(index="unit", columns="indicator").stack()
    for key, value in expected.dropna().items():
        assert scored[key] == pytest.approx(value)
    assert scored[("T", "b")] == pytest.approx(2 / (1.253314 * 0.4))
