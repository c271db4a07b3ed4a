"""Imputation of missing indicator values within peer groups.

Units are compared with their own kind (e.g. a puskesmas with other puskesmas), so
gaps are filled from the unit's peer group: the group median, or the k nearest
neighbours in the group (scikit-learn's ``KNNImputer``). When a whole group lacks an
indicator there is nothing to borrow within the group, so the median over all units
is used instead and the log says so. Indicators with no data at all stay missing.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from sklearn.impute import KNNImputer

_KEYS = {"method", "groups", "n_neighbors"}


def impute(data: pd.DataFrame, impute=None, groups=None) -> tuple[pd.DataFrame, dict]:
    """Fill missing indicator values within peer groups.

    Parameters
    ----------
    data : pandas.DataFrame
        Raw indicator values (units x indicators, NaN = missing). Not modified.
    impute : dict
        ``{"method": "median" | "knn", "groups": Series, "n_neighbors": 5}``.
        ``groups`` maps unit -> peer group; when omitted the ``groups`` argument is
        used, and without either all units form one group. For ``"knn"`` each
        indicator is standardised (observed mean and SD) before distances are
        computed, so no indicator dominates merely through its unit of measurement.
    groups : pandas.Series, optional
        Fallback peer groups.

    Returns
    -------
    imputed : pandas.DataFrame
        A copy with gaps filled.
    log : dict
        ``{"step": "impute", "method", "cells", "by_indicator", "overall_fallback"}``.
    """
    if not isinstance(impute, Mapping) or impute.get("method") not in ("median", "knn"):
        raise ValueError("impute must be a dict with method 'median' or 'knn'")
    unknown = set(impute) - _KEYS
    if unknown:
        raise ValueError(f"impute does not take {sorted(unknown)}; use {sorted(_KEYS)}")
    labels = _group_labels(data.index, impute.get("groups", groups))
    x = data.to_numpy(dtype=float, copy=True)
    missing = np.isnan(x)
    x, fallback = _fill_empty_groups(x, labels)
    if impute["method"] == "median":
        x = _group_median(x, labels)
    else:
        x = _group_knn(x, labels, int(impute.get("n_neighbors", 5)))
    filled = missing & ~np.isnan(x)
    log = {
        "step": "impute",
        "method": impute["method"],
        "cells": int(filled.sum()),
        "by_indicator": {
            str(c): int(n) for c, n in zip(data.columns, filled.sum(0), strict=True) if n
        },
        "overall_fallback": fallback,
    }
    return pd.DataFrame(x, index=data.index, columns=data.columns), log


def _group_labels(index: pd.Index, groups) -> np.ndarray:
    if groups is None:
        return np.zeros(len(index), dtype=int)
    labels = pd.Series(groups).reindex(index)
    if labels.isna().any():
        raise ValueError(f"groups has no label for unit(s) {list(index[labels.isna()])}")
    return pd.factorize(labels)[0]


def _fill_empty_groups(x: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, dict]:
    # A group with no value at all for an indicator cannot impute it from peers;
    # borrow the median over all units (only where that exists).
    present = ~np.isnan(x)
    overall = _column_median(x)
    groups = cells = 0
    for g in np.unique(labels):
        rows = np.flatnonzero(labels == g)
        empty = np.flatnonzero(~present[rows].any(axis=0) & ~np.isnan(overall))
        if empty.size:
            x[np.ix_(rows, empty)] = overall[empty]
            groups, cells = groups + 1, cells + rows.size * empty.size
    return x, {"groups": groups, "cells": cells}


def _column_median(x: np.ndarray) -> np.ndarray:
    # pandas' median skips NaN and returns NaN for empty columns without warning.
    return pd.DataFrame(x).median().to_numpy(dtype=float)


def _group_median(x: np.ndarray, labels: np.ndarray) -> np.ndarray:
    frame = pd.DataFrame(x)
    medians = frame.groupby(labels).transform("median").to_numpy(dtype=float)
    return np.where(np.isnan(x), medians, x)


def _group_knn(x: np.ndarray, labels: np.ndarray, n_neighbors: int) -> np.ndarray:
    usable = ~np.isnan(x).all(axis=0)  # all-missing indicators cannot be imputed at all
    cols = x[:, usable]
    if cols.size == 0:
        return x.copy()
    # Standardise so that distances do not depend on each indicator's unit of measure.
    mean, sd = np.nanmean(cols, axis=0), np.nanstd(cols, axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    scaled = (cols - mean) / sd
    for g in np.unique(labels):
        rows = labels == g
        if np.isnan(scaled[rows]).any():
            imputer = KNNImputer(n_neighbors=n_neighbors, keep_empty_features=True)
            scaled[rows] = imputer.fit_transform(scaled[rows])
    out = x.copy()
    out[:, usable] = np.where(np.isnan(cols), scaled * sd + mean, cols)
    return out
