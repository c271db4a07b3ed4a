"""Explanations: strengths and weaknesses, differences between units, changes over time."""

import numpy as np
import pandas as pd
import pytest

from scoring.composite import (
    build_index,
    explain_change,
    explain_difference,
    strengths_weaknesses,
)

from .test_composite import CASE, FRAMEWORK, random_case


def test_explain_difference_by_hand():
    result = build_index(CASE, FRAMEWORK)
    table = explain_difference(result, "A", "B")
    # A: 0, 100/3, 100/3 versus B: 50/3, 50/3, 0 (see test_arithmetic_contributions_by_hand)
    assert table.index.tolist() == ["x3", "x1", "x2"]  # |diff| desc, then code
    assert table["difference"].tolist() == pytest.approx([100 / 3, -50 / 3, 50 / 3])
    assert table["value_a"].tolist() == [100.0, 0.0, 100.0]
    assert table["difference"].sum() == pytest.approx(result.score["A"] - result.score["B"])


@pytest.mark.parametrize("aggregation", ["arithmetic", "geometric", {2: "geometric"}])
def test_explain_difference_sums_exactly(aggregation):
    data, framework = random_case(7)
    norm = {"method": "minmax", "range": (1, 100)}
    result = build_index(data, framework, normalisation=norm, aggregation=aggregation)
    for a, b in [("u000", "u001"), ("u010", "u020"), ("u005", "u005")]:
        table = explain_difference(result, a, b)
        gap = result.score[a] - result.score[b]
        assert table["difference"].sum() == pytest.approx(gap, abs=1e-10)


def test_geometric_difference_is_zero_where_units_agree():
    data = CASE.copy()
    data.loc["C", "x3"] = 3.0  # same x3 as A
    result = build_index(
        data,
        FRAMEWORK,
        normalisation={"method": "minmax", "range": (1, 11)},
        aggregation="geometric",
    )
    table = explain_difference(result, "A", "C")
    assert table.loc["x3", "difference"] == 0.0
    assert table["difference"].sum() == pytest.approx(result.score["A"] - result.score["C"])


def test_explain_change_sums_to_the_score_change():
    previous = build_index(CASE, FRAMEWORK)
    later = CASE.copy()
    later.loc["B", "x3"] = 2.5
    current = build_index(later, FRAMEWORK)
    table = explain_change(previous, current, "B")
    assert table.index[0] == "x3"
    assert table.loc["x3", ["previous_value", "current_value"]].tolist() == [0.0, 50.0]
    assert table["change"].sum() == pytest.approx(current.score["B"] - previous.score["B"])


def test_explain_change_across_frameworks():
    previous = build_index(CASE[["x1", "x2"]], FRAMEWORK.loc[~FRAMEWORK["code"].isin(["x3", "P2"])])
    current = build_index(CASE, FRAMEWORK)
    table = explain_change(previous, current, "A")
    assert np.isnan(table.loc["x3", "previous_value"])
    assert table["change"].sum() == pytest.approx(current.score["A"] - previous.score["A"])


def test_explanations_need_scored_units():
    data = CASE.copy()
    data.loc["D"] = np.nan
    result = build_index(data, FRAMEWORK)
    with pytest.raises(ValueError, match="has no score: no indicator data"):
        explain_difference(result, "A", "D")
    with pytest.raises(ValueError, match="unknown unit"):
        strengths_weaknesses(result, "Q")


def test_strengths_and_weaknesses_against_all_units():
    result = build_index(CASE, FRAMEWORK)
    table = strengths_weaknesses(result, "A", n=1)
    # A: x1 0, x2 100, x3 100; medians 50 each -> gaps -50, +50, +50 (tie -> code)
    assert table[["indicator", "kind", "gap"]].values.tolist() == [
        ["x2", "strength", 50.0],
        ["x1", "weakness", -50.0],
    ]


def test_strengths_and_weaknesses_against_the_peer_group():
    groups = pd.Series({"A": "clinic", "B": "school", "C": "clinic"})
    result = build_index(CASE, FRAMEWORK, groups=groups)
    table = strengths_weaknesses(result, "C", n=2).set_index("indicator")
    # peers A and C: medians x1 50, x2 50, x3 75
    assert table["peer_median"].to_dict() == {"x1": 50.0, "x3": 75.0, "x2": 50.0}
    assert table["kind"].to_dict() == {"x1": "strength", "x3": "strength", "x2": "weakness"}
    alone = strengths_weaknesses(result, "B", n=1)  # a group of one: all gaps 0
    assert alone["gap"].tolist() == [0.0, 0.0]


def test_strengths_skip_missing_indicators():
    data = CASE.copy()
    data.loc["A", "x2"] = np.nan
    result = build_index(data, FRAMEWORK)
    assert "x2" not in strengths_weaknesses(result, "A", n=3)["indicator"].tolist()
