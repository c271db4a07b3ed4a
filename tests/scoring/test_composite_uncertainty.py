"""Monte Carlo rank uncertainty and one-at-a-time sensitivity."""

import math

import numpy as np
import pandas as pd
import pytest

from scoring.composite import build_index, rank_uncertainty, sensitivity_summary

from .test_composite import CASE, FRAMEWORK, random_case

NORMS = [{"method": "minmax", "range": (1, 100)}, {"method": "rank"}]
AGGS = ["arithmetic", "geometric"]


@pytest.fixture(scope="module")
def case():
    data, framework = random_case(11, n_units=60)
    data.loc["u999"] = np.nan  # never scored
    return data, framework


def test_same_seed_same_result_other_seed_differs(case):
    data, framework = case
    first = rank_uncertainty(data, framework, n_samples=50, random_state=5)
    again = rank_uncertainty(data, framework, n_samples=50, random_state=5)
    other = rank_uncertainty(data, framework, n_samples=50, random_state=6)
    np.testing.assert_array_equal(first.sample_ranks, again.sample_ranks)
    pd.testing.assert_frame_equal(first.summary, again.summary)
    assert not np.array_equal(first.sample_ranks, other.sample_ranks, equal_nan=True)


def test_no_uncertainty_gives_the_nominal_ranks(case):
    data, framework = case
    nominal = build_index(data, framework)
    result = rank_uncertainty(
        data, framework, n_samples=20, weight_perturbation=0.0,
        normalisations=[{"method": "minmax"}], aggregations=["arithmetic"], random_state=0,
    )  # fmt: skip
    expected = nominal.rank.to_numpy(dtype=float, na_value=np.nan)
    for row in result.sample_ranks:
        np.testing.assert_array_equal(row, expected)
    np.testing.assert_array_equal(result.summary["nominal_rank"].to_numpy(), expected)


def test_each_sample_equals_build_index_with_its_settings(case):
    data, framework = case
    result = rank_uncertainty(
        data, framework, n_samples=12, normalisations=NORMS, aggregations=AGGS, random_state=3
    )
    for k in range(12):
        weights = result.weights.loc[k]
        sampled = framework.assign(weight=framework["code"].map(weights))
        single = build_index(
            data,
            sampled,
            normalisation=NORMS[result.samples.loc[k, "normalisation"]],
            aggregation=AGGS[result.samples.loc[k, "aggregation"]],
        )
        expected = single.rank.to_numpy(dtype=float, na_value=np.nan)
        np.testing.assert_array_equal(result.sample_ranks[k], expected)


def test_summary_is_consistent(case):
    data, framework = case
    result = rank_uncertainty(data, framework, n_samples=200, random_state=1)
    summary = result.summary.drop(index="u999")
    assert (summary["p05_rank"] <= summary["median_rank"]).all()
    assert (summary["median_rank"] <= summary["p95_rank"]).all()
    decile = math.ceil(len(summary) / 10)
    # every sample puts exactly `decile` units in the top and in the bottom decile
    assert summary["p_top_decile"].sum() == pytest.approx(decile)
    assert summary["p_bottom_decile"].sum() == pytest.approx(decile)
    assert result.summary.loc["u999"].isna().all()
    assert np.isnan(result.sample_ranks[:, -1]).all()
    scored = result.sample_ranks[:, :-1]
    assert (np.sort(scored, axis=1) == np.arange(1, len(summary) + 1)).all()
    assert result.weights.shape == (200, len(framework))


def test_uncertainty_arguments_are_checked(case):
    data, framework = case
    with pytest.raises(ValueError, match="weight_perturbation"):
        rank_uncertainty(data, framework, n_samples=5, weight_perturbation=1.0)
    with pytest.raises(ValueError, match="n_samples"):
        rank_uncertainty(data, framework, n_samples=0)
    with pytest.raises(ValueError, match=r"cannot combine zscore\(\) with geometric: .*> 0"):
        rank_uncertainty(data, framework, n_samples=1, normalisations=[{"method": "zscore"}])


def test_sensitivity_summary_structure(case):
    data, framework = case
    result = sensitivity_summary(data, framework, n_samples=30, random_state=2)
    table = result.by_assumption
    assert set(table.index) == {"weights", "normalisation", "aggregation", "remove_one_indicator"}
    assert table["mean_abs_rank_shift"].is_monotonic_decreasing
    assert result.most_influential == table.index[0]
    assert table.loc["weights", "scenarios"] == 30
    assert table.loc["aggregation", "worst_scenario"] == "geometric"
    assert set(result.by_removed_indicator.index) == set(data.columns)
    assert (result.by_removed_indicator >= 0).all()
    again = sensitivity_summary(data, framework, n_samples=30, random_state=2)
    pd.testing.assert_frame_equal(table, again.by_assumption)


def test_removing_a_constant_lone_indicator_moves_no_rank():
    data = pd.concat([CASE, CASE.add(1.5).rename(index=lambda u: u + "2")]).assign(x3=4.0)
    result = sensitivity_summary(
        data, FRAMEWORK, n_samples=5, aggregations=["arithmetic"], random_state=0
    )
    # x3 alone in P2 and equal for all: dropping it rescales every score alike.
    assert result.by_removed_indicator["x3"] == 0.0
    assert np.isnan(result.by_assumption.loc["aggregation", "mean_abs_rank_shift"])
    assert result.by_assumption.loc["aggregation", "scenarios"] == 0
