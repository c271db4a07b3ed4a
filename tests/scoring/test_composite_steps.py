"""Optional steps of scoring.composite: treatment, imputation and data-quality flags."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from scoring.composite import data_quality, impute, robust_z, skew_kurtosis, winsorise

# --- skewness / kurtosis ----------------------------------------------------------


def test_skew_kurtosis_match_scipy_sample_statistics():
    rng = np.random.default_rng(3)
    x = rng.lognormal(size=(60, 4))
    x[rng.random(x.shape) < 0.2] = np.nan
    skew, kurt = skew_kurtosis(x)
    for j in range(x.shape[1]):
        col = x[~np.isnan(x[:, j]), j]
        assert skew[j] == pytest.approx(stats.skew(col, bias=False), rel=1e-10)
        assert kurt[j] == pytest.approx(stats.kurtosis(col, bias=False), rel=1e-10)


def test_skew_kurtosis_undefined_cases_are_nan_without_warnings():
    x = np.array([[5.0, 1.0, np.nan], [5.0, 2.0, np.nan], [5.0, 4.0, 1.0]])
    skew, kurt = skew_kurtosis(x)
    assert np.isnan(skew[0]) and np.isnan(kurt[0])  # constant
    assert not np.isnan(skew[1]) and np.isnan(kurt[1])  # 3 points: skew only
    assert np.isnan(skew[2]) and np.isnan(kurt[2])  # 1 point


# --- winsorisation ----------------------------------------------------------------


def test_winsorise_coinr_example():
    # COINr's own example: 1..10 plus 30 and 100; one point fixes it.
    x = np.r_[np.arange(1.0, 11.0), 30.0, 100.0]
    data = pd.DataFrame({"a": x, "flat": np.arange(12.0)}, index=[f"u{i}" for i in range(12)])
    treated, log = winsorise(data)
    assert treated["a"].tolist() == x[:-1].tolist() + [30.0]
    assert treated["flat"].tolist() == data["flat"].tolist()
    entry = log["indicators"]["a"]
    assert entry["points"] == 1 and entry["units"] == {"u11": "high"} and entry["passed"]
    assert entry["skew_before"] == pytest.approx(stats.skew(x, bias=False))
    assert entry["kurt_before"] == pytest.approx(stats.kurtosis(x, bias=False))
    assert list(log["indicators"]) == ["a"]
    assert data["a"].iloc[-1] == 100.0  # input untouched


def test_winsorise_stops_at_five_points_and_moves_ties_together():
    rng = np.random.default_rng(0)
    x = np.r_[rng.normal(0, 1, 100), [1000.0, 2000, 3000, 4000, 5000, 6000, 7000]]
    treated, log = winsorise(pd.DataFrame({"a": x}))
    entry = log["indicators"]["a"]
    assert entry["points"] == 5
    assert not entry["passed"]  # still skewed; reported, not log-transformed
    assert sorted(treated["a"])[-6:] == [2000.0] * 6  # 3000..7000 pulled down to 2000


def test_winsorise_low_side():
    x = -np.r_[np.arange(1.0, 11.0), 30.0, 100.0]
    treated, log = winsorise(pd.DataFrame({"a": x}), {"winmax": 3})
    assert treated["a"].min() == -30.0
    assert log["indicators"]["a"]["units"] == {"11": "low"}
    assert log["winmax"] == 3


def test_treat_options_are_checked():
    with pytest.raises(ValueError, match="does not take"):
        winsorise(pd.DataFrame({"a": [1.0]}), {"max_points": 3})


# --- imputation -------------------------------------------------------------------

GROUPS = pd.Series(list("aaabbb"), index=list("uvwxyz"))


def test_median_imputation_within_groups():
    data = pd.DataFrame(
        {"x1": [1.0, 3.0, np.nan, 10.0, 20.0, np.nan], "x2": [1.0, np.nan, 3.0] + [np.nan] * 3},
        index=list("uvwxyz"),
    )
    filled, log = impute(data, {"method": "median", "groups": GROUPS})
    assert filled["x1"].tolist() == [1.0, 3.0, 2.0, 10.0, 20.0, 15.0]
    # group b has no x2 at all: the overall median (2) is borrowed.
    assert filled["x2"].tolist() == [1.0, 2.0, 3.0, 2.0, 2.0, 2.0]
    assert log["cells"] == 6 and log["by_indicator"] == {"x1": 2, "x2": 4}
    assert log["overall_fallback"] == {"groups": 1, "cells": 3}
    assert np.isnan(data.loc["w", "x1"])


def test_knn_imputation_uses_nearest_peers():
    data = pd.DataFrame(
        {"x1": [1.0, 2.0, 3.0, 100.0, 5.0], "x2": [1.0, 2.0, np.nan, 100.0, 7.0]},
        index=list("abcde"),
    )
    groups = pd.Series(list("ggghh"), index=list("abcde"))
    filled, _ = impute(data, {"method": "knn", "n_neighbors": 2}, groups=groups)
    assert filled.loc["c", "x2"] == pytest.approx(1.5)  # neighbours a and b in its group
    everyone, _ = impute(data, {"method": "knn", "n_neighbors": 2})
    assert everyone.loc["c", "x2"] == pytest.approx(4.5)  # b and e when all are peers


def test_imputation_options_are_checked():
    data = pd.DataFrame({"x": [1.0, np.nan]})
    with pytest.raises(ValueError, match="'median' or 'knn'"):
        impute(data, {"method": "mean"})
    with pytest.raises(ValueError, match="does not take"):
        impute(data, {"method": "median", "k": 3})
    with pytest.raises(ValueError, match="no label"):
        impute(data, {"method": "median", "groups": pd.Series({0: "a"})})


def test_all_missing_indicator_stays_missing():
    data = pd.DataFrame({"x": [1.0, np.nan, 3.0], "empty": [np.nan] * 3})
    for method in ("median", "knn"):
        filled, _ = impute(data, {"method": method})
        assert filled["x"].tolist() == [1.0, 2.0, 3.0]
        assert filled["empty"].isna().all()


# --- data quality -----------------------------------------------------------------


def test_robust_z_by_hand():
    data = pd.DataFrame(
        {
            "mad": [1.0, 2.0, 3.0, 4.0, 100.0],
            "flat_mad": [5.0, 5.0, 5.0, 5.0, 9.0],
            "constant": [2.0] * 5,
            "empty": [np.nan] * 5,
        }
    )
    z = robust_z(data)
    # median 3, MAD 1: z = 0.6745 (x - 3)
    assert z["mad"].tolist() == pytest.approx([-1.349, -0.6745, 0.0, 0.6745, 65.4265])
    # MAD 0: mean absolute deviation 0.8 instead, z = (x - 5) / (1.253314 * 0.8)
    assert z["flat_mad"].iloc[-1] == pytest.approx(4 / (1.253314 * 0.8))
    assert z["constant"].tolist() == [0.0] * 5
    assert z["empty"].isna().all()


def test_data_quality_flags():
    data = pd.DataFrame(
        {"a": [1.0, 2.0, 3.0, 4.0, 100.0], "b": [1.0, np.nan, 2.0, 3.0, 2.0]},
        index=list("pqrst"),
    )
    small = pd.DataFrame({"b": [False, False, True, False, False]}, index=list("pqrst"))
    quality = data_quality(data, small_sample=small)
    assert quality.outliers["a"].tolist() == [False] * 4 + [True]
    assert quality.completeness.to_dict() == {"p": 1.0, "q": 0.5, "r": 1.0, "s": 1.0, "t": 1.0}
    assert quality.indicator_completeness.to_dict() == {"a": 1.0, "b": 0.8}
    assert quality.small_sample["a"].sum() == 0 and quality.small_sample.loc["r", "b"]
    flags = quality.flags
    assert flags[["unit", "indicator", "flag"]].values.tolist() == [
        ["t", "a", "outlier"],
        ["r", "b", "small_sample"],
    ]
    strict = data_quality(data, threshold=0.5)
    assert strict.outliers.to_numpy().sum() > quality.outliers.to_numpy().sum()


def test_data_quality_without_flags_and_unknown_columns():
    data = pd.DataFrame({"a": [1.0, 1.1, 0.9]})
    assert data_quality(data).flags.empty
    with pytest.raises(ValueError, match="not in the data"):
        data_quality(data, small_sample=pd.DataFrame({"z": [True, False, False]}))
