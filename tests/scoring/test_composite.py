"""Hand-computed cases and invariants for scoring.composite.build_index.

The reference case: three units, three indicators, two pillars, one index::

    x1 (+1) ─┐
    x2 (-1) ─┴─ P1 (weight 2) ─┐
    x3 (+1) ─── P2 (weight 1) ─┴─ IDX

    unit  x1  x2  x3
    A      0   2   3
    B      5   4   1
    C     10   6   2
"""

import numpy as np
import pandas as pd
import pytest

from scoring.composite import build_index, normalise

CASE = pd.DataFrame(
    {"x1": [0.0, 5.0, 10.0], "x2": [2.0, 4.0, 6.0], "x3": [3.0, 1.0, 2.0]},
    index=pd.Index(["A", "B", "C"], name="unit"),
)
FRAMEWORK = pd.DataFrame(
    {
        "code": ["x1", "x2", "x3", "P1", "P2", "IDX"],
        "parent": ["P1", "P1", "P2", "IDX", "IDX", None],
        "level": [1, 1, 1, 2, 2, 3],
        "weight": [1.0, 1.0, 1.0, 2.0, 1.0, 1.0],
        "direction": [1, -1, 1, 1, 1, 1],
    }
)


def scores(result, column):
    return result.scores[column].round(10).tolist()


# --- normalisation, each method by hand -------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"method": "minmax"}, [[0, 100, 100], [50, 50, 0], [100, 0, 50]]),
        ({"method": "minmax", "range": (1, 11)}, [[1, 11, 11], [6, 6, 1], [11, 1, 6]]),
        ({"method": "zscore", "mean": 0, "sd": 1}, [[-1, 1, 1], [0, 0, -1], [1, -1, 0]]),
        ({"method": "zscore", "mean": 10, "sd": 2}, [[8, 12, 12], [10, 10, 8], [12, 8, 10]]),
        ({"method": "rank"}, [[1, 3, 3], [2, 2, 1], [3, 1, 2]]),
        ({"method": "percentile"}, [[0, 100, 100], [50, 50, 0], [100, 0, 50]]),
        (
            {
                "method": "goalposts",
                "lower": {"x1": 0, "x2": 0, "x3": 1.5},
                "upper": {"x1": 20, "x2": 8, "x3": 2.5},
            },
            # x2 is lower-is-better: (8 - x) / 8; x3 is clipped to the posts.
            [[0, 75, 100], [25, 50, 0], [50, 25, 50]],
        ),
        (
            {"method": "target", "target": {"x1": 8, "x2": 3, "x3": 2}},
            # x1: x / 8 capped; x2: (6 - x) / (6 - 3) capped; x3: (x - 1) / (2 - 1).
            [[0, 100, 100], [62.5, 200 / 3, 0], [100, 0, 100]],
        ),
    ],
)
def test_normalisation_by_hand(spec, expected):
    result = normalise(CASE, {"x1": 1, "x2": -1, "x3": 1}, spec)
    np.testing.assert_allclose(result.to_numpy(), np.array(expected, dtype=float), atol=1e-12)


def test_goalposts_without_clip_extrapolate():
    spec = {"method": "goalposts", "lower": 1.5, "upper": 2.5, "clip": False}
    result = normalise(CASE[["x3"]], {"x3": 1}, spec)
    assert result["x3"].tolist() == pytest.approx([150.0, -50.0, 50.0])


def test_per_indicator_normalisation_with_default():
    spec = {"default": {"method": "rank"}, "x1": {"method": "minmax", "range": (0, 1)}}
    result = build_index(CASE, FRAMEWORK, normalisation=spec)
    assert scores(result, "x1") == [0.0, 0.5, 1.0]
    assert scores(result, "x3") == [3.0, 1.0, 2.0]


def test_minmax_ignores_missing_values():
    data = CASE.copy()
    data.loc["B", "x1"] = np.nan
    data.loc["D"] = [20.0, 4.0, 2.0]
    result = build_index(data, FRAMEWORK)
    assert np.isnan(result.scores.loc["B", "x1"])
    assert result.scores.loc["C", "x1"] == pytest.approx(50.0)  # min 0, max 20 (B ignored)
    assert np.isnan(data.loc["B", "x1"])  # the input was not filled in


@pytest.mark.parametrize(
    ("spec", "midpoint"),
    [
        ({"method": "minmax", "range": (0, 100)}, 50.0),
        ({"method": "minmax", "range": (1, 11)}, 6.0),
        ({"method": "zscore", "mean": 10, "sd": 2}, 10.0),
        ({"method": "rank"}, 2.0),
        ({"method": "percentile"}, 50.0),
    ],
)
def test_zero_variance_indicator_gets_the_midpoint(spec, midpoint):
    data = CASE.assign(x3=7.0)
    result = build_index(data, FRAMEWORK, normalisation=spec)
    assert scores(result, "x3") == [midpoint] * 3
    assert result.log[-2]["zero_variance"] == ["x3"]


def test_bad_normalisation_specs_are_rejected():
    with pytest.raises(ValueError, match="method must be one of"):
        build_index(CASE, FRAMEWORK, normalisation={"method": "minmaxx"})
    with pytest.raises(ValueError, match="does not take"):
        build_index(CASE, FRAMEWORK, normalisation={"method": "minmax", "rnage": (0, 1)})
    with pytest.raises(ValueError, match="unknown indicator"):
        build_index(CASE, FRAMEWORK, normalisation={"x9": {"method": "rank"}})
    with pytest.raises(ValueError, match="needs a finite 'target'"):
        build_index(CASE, FRAMEWORK, normalisation={"method": "target"})
    with pytest.raises(ValueError, match="lower < upper"):
        build_index(CASE, FRAMEWORK, normalisation={"method": "goalposts", "lower": 1, "upper": 1})


# --- aggregation ------------------------------------------------------------------


def test_arithmetic_aggregation_by_hand():
    result = build_index(CASE, FRAMEWORK)
    assert scores(result, "P1") == [50.0, 50.0, 50.0]
    assert scores(result, "P2") == [100.0, 0.0, 50.0]
    assert result.score.tolist() == pytest.approx([200 / 3, 100 / 3, 50.0])
    assert result.rank.tolist() == [1, 3, 2]
    assert result.root == "IDX"
    assert list(result.scores.columns) == ["x1", "x2", "x3", "P1", "P2", "IDX"]


def test_arithmetic_contributions_by_hand():
    result = build_index(CASE, FRAMEWORK)
    # value x effective weight along the path: x1, x2 carry 1/2 * 2/3, x3 carries 1/3.
    expected = [[0, 100 / 3, 100 / 3], [50 / 3, 50 / 3, 0], [100 / 3, 0, 50 / 3]]
    np.testing.assert_allclose(result.contributions.to_numpy(), expected, atol=1e-12)
    assert result.log_contributions is None


def test_geometric_aggregation_by_hand():
    result = build_index(CASE, FRAMEWORK, normalisation={"method": "rank"}, aggregation="geometric")
    assert result.scores["P1"].tolist() == pytest.approx([3**0.5, 2.0, 3**0.5])
    # IDX = (P1^2 * P2)^(1/3)
    assert result.score.tolist() == pytest.approx([9 ** (1 / 3), 4 ** (1 / 3), 6 ** (1 / 3)])
    assert result.rank.tolist() == [1, 3, 2]
    logs = result.log_contributions
    assert logs.loc["A"].tolist() == pytest.approx([0.0, np.log(3) / 3, np.log(3) / 3])
    np.testing.assert_allclose(logs.sum(axis=1), np.log(result.score), rtol=1e-12)
    np.testing.assert_allclose(result.contributions.sum(axis=1), result.score, rtol=1e-12)


def test_aggregation_per_level():
    result = build_index(
        CASE, FRAMEWORK, normalisation={"method": "rank"}, aggregation={2: "geometric"}
    )
    assert result.aggregation == {"P1": "geometric", "P2": "geometric", "IDX": "arithmetic"}
    assert result.score["B"] == pytest.approx((2 * 2.0 + 1.0) / 3)
    np.testing.assert_allclose(result.contributions.sum(axis=1), result.score, rtol=1e-12)
    assert result.log_contributions is None


def test_geometric_refuses_zero():
    with pytest.raises(ValueError, match=r"geometric aggregation of 'P1' needs values > 0"):
        build_index(CASE, FRAMEWORK, aggregation="geometric")


def test_missing_child_drops_out_and_weights_renormalise():
    data = CASE.copy()
    data.loc["B", "x1"] = np.nan
    result = build_index(data, FRAMEWORK)
    assert result.scores.loc["B", "P1"] == pytest.approx(50.0)  # x2 alone
    assert result.contributions.loc["B"].tolist() == pytest.approx([0.0, 100 / 3, 0.0])
    data.loc["B", "x3"] = np.nan  # P2 missing too: the index is P1 alone
    result = build_index(data, FRAMEWORK)
    assert result.score["B"] == pytest.approx(50.0)
    assert result.contributions.loc["B"].sum() == pytest.approx(50.0)


def test_bad_aggregation_is_rejected():
    with pytest.raises(ValueError, match="aggregation methods"):
        build_index(CASE, FRAMEWORK, aggregation="harmonic")
    with pytest.raises(ValueError, match="neither aggregate levels nor codes"):
        build_index(CASE, FRAMEWORK, aggregation={7: "geometric"})


# --- ranks and tie-breaks ---------------------------------------------------------


def test_ties_break_by_coverage_then_code():
    data = pd.DataFrame(
        {"x1": [10.0, np.nan, 10.0, 0.0], "x2": [10.0, 10.0, 10.0, 0.0]},
        index=["Z", "B", "A", "W"],
    )
    framework = pd.DataFrame(
        {
            "code": ["x1", "x2", "IDX"],
            "parent": ["IDX", "IDX", None],
            "level": [1, 1, 2],
            "weight": [1, 1, 1],
            "direction": [1, 1, 1],
        }
    )
    result = build_index(data, framework)
    assert result.score.tolist() == [100.0, 100.0, 100.0, 0.0]
    assert result.rank.to_dict() == {"Z": 2, "B": 3, "A": 1, "W": 4}


def test_equal_data_equal_weights_tie_on_score_broken_by_code():
    data = pd.DataFrame({"x1": [1.0, 1.0, 0.0], "x2": [2.0, 2.0, 0.0]}, index=["u2", "u1", "u3"])
    framework = pd.DataFrame(
        {
            "code": ["x1", "x2", "R"],
            "parent": ["R", "R", ""],
            "level": [1, 1, 2],
            "weight": [1, 1, 1],
            "direction": [1, 1, 1],
        }
    )
    result = build_index(data, framework)
    assert result.score["u1"] == result.score["u2"]
    assert result.rank.to_dict() == {"u2": 2, "u1": 1, "u3": 3}


def test_group_rank():
    groups = pd.Series({"A": "clinic", "B": "school", "C": "clinic"})
    result = build_index(CASE, FRAMEWORK, groups=groups)
    assert result.group_rank.to_dict() == {"A": 1, "B": 1, "C": 2}
    assert result.rank.to_dict() == {"A": 1, "B": 3, "C": 2}


def test_groups_must_cover_every_unit():
    with pytest.raises(ValueError, match="groups has no label"):
        build_index(CASE, FRAMEWORK, groups=pd.Series({"A": "x", "B": "y"}))


# --- degenerate cases -------------------------------------------------------------


def test_single_unit():
    result = build_index(CASE.loc[["B"]], FRAMEWORK)
    assert result.score["B"] == pytest.approx(50.0)  # every indicator at the midpoint
    assert result.rank["B"] == 1


def test_unit_without_data_is_excluded_with_reason():
    data = CASE.copy()
    data.loc["D"] = np.nan
    result = build_index(data, FRAMEWORK)
    assert result.excluded == {"D": "no indicator data"}
    assert result.rank.isna().tolist() == [False, False, False, True]
    assert result.scores.loc["D"].isna().all()
    assert result.contributions.loc["D"].isna().all()
    assert result.rank.loc[["A", "B", "C"]].tolist() == [1, 3, 2]  # D changed nothing


def test_min_coverage():
    data = CASE.copy()
    data.loc["C", ["x1", "x2"]] = np.nan
    result = build_index(data, FRAMEWORK, min_coverage=0.5)
    assert result.excluded == {"C": "data coverage 33% is below the minimum of 50%"}
    assert result.coverage.round(3).tolist() == [1.0, 1.0, 0.333]
    assert pd.isna(result.rank["C"])
    assert build_index(data, FRAMEWORK).rank.notna().all()  # off by default


def test_unit_with_only_zero_weight_data_is_excluded():
    framework = FRAMEWORK.assign(weight=[1.0, 1.0, 0.0, 2.0, 1.0, 1.0])
    framework.loc[framework["code"] == "x3", "parent"] = "P1"
    framework = framework.loc[framework["code"] != "P2"]
    data = CASE.copy()
    data.loc["A", ["x1", "x2"]] = np.nan
    result = build_index(data, framework)
    assert result.excluded == {"A": "no observed indicator carries weight"}
    assert pd.isna(result.rank["A"])


def test_inputs_are_not_mutated():
    data, framework = CASE.copy(), FRAMEWORK.copy()
    data.loc["B", "x1"] = np.nan
    before = data.copy()
    build_index(data, framework, impute={"method": "median"}, treat=True, min_coverage=0.1)
    pd.testing.assert_frame_equal(data, before)
    pd.testing.assert_frame_equal(framework, FRAMEWORK)


def test_log_describes_each_step():
    data = CASE.copy()
    data.loc["B", "x1"] = np.nan
    result = build_index(data, FRAMEWORK, impute={"method": "median"}, treat=True)
    steps = [entry["step"] for entry in result.log]
    assert steps == ["exclude", "impute", "treat", "normalise", "aggregate"]
    assert result.log[1]["cells"] == 1
    assert result.processed.loc["B", "x1"] == 5.0  # median of 0 and 10


# --- invariants on random cases ---------------------------------------------------


def random_case(seed, n_units=40, n_ind=9, missing=0.1):
    rng = np.random.default_rng(seed)
    codes = [f"i{j}" for j in range(n_ind)]
    data = pd.DataFrame(rng.gamma(2.0, 3.0, (n_units, n_ind)), columns=codes)
    data.index = [f"u{k:03d}" for k in range(n_units)]
    data = data.mask(rng.random(data.shape) < missing)
    rows = [
        {"code": c, "parent": f"p{j % 3}", "level": 1, "weight": rng.uniform(0.5, 2),
         "direction": rng.choice([1, -1])}
        for j, c in enumerate(codes)
    ]  # fmt: skip
    rows += [{"code": f"p{k}", "parent": "s" if k < 2 else "root", "level": 2 + (k == 2),
              "weight": rng.uniform(0.5, 2), "direction": 1} for k in range(3)]  # fmt: skip
    rows += [
        {"code": "s", "parent": "root", "level": 3, "weight": 1.0, "direction": 1},
        {"code": "root", "parent": None, "level": 4, "weight": 1.0, "direction": 1},
    ]
    return data, pd.DataFrame(rows)


SETTINGS = [
    ({"method": "minmax"}, "arithmetic"),
    ({"method": "zscore"}, "arithmetic"),
    ({"method": "rank"}, "arithmetic"),
    ({"method": "percentile"}, "arithmetic"),
    ({"method": "minmax", "range": (1, 100)}, "geometric"),
    ({"method": "rank"}, {2: "geometric", 4: "arithmetic"}),
]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("normalisation", "aggregation"), SETTINGS)
def test_contributions_sum_and_ranks_are_a_permutation(seed, normalisation, aggregation):
    data, framework = random_case(seed)
    result = build_index(data, framework, normalisation=normalisation, aggregation=aggregation)
    np.testing.assert_allclose(result.contributions.sum(axis=1), result.score, rtol=1e-12)
    assert sorted(result.rank.tolist()) == list(range(1, len(data) + 1))
    if result.log_contributions is not None:
        np.testing.assert_allclose(
            result.log_contributions.sum(axis=1), np.log(result.score), atol=1e-12
        )


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("normalisation", "aggregation"), SETTINGS)
def test_improving_an_indicator_never_lowers_the_score(seed, normalisation, aggregation):
    data, framework = random_case(seed)
    rng = np.random.default_rng(100 + seed)
    before = build_index(data, framework, normalisation=normalisation, aggregation=aggregation)
    directions = framework.set_index("code")["direction"]
    for _ in range(5):
        unit, code = data.index[rng.integers(len(data))], data.columns[rng.integers(9)]
        better = data.copy()
        step = rng.uniform(0.1, 10.0) * directions[code]  # "better" honours the direction
        better.loc[unit, code] = np.nan_to_num(data.loc[unit, code], nan=5.0) + step
        after = build_index(better, framework, normalisation=normalisation, aggregation=aggregation)
        if not np.isnan(data.loc[unit, code]):
            assert after.score[unit] >= before.score[unit] - 1e-9
