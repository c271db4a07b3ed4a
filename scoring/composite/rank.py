"""Deterministic ranking: 1 = best, never a shared rank.

Order of precedence:

1. root score, descending -- scores equal to ``TIE_DECIMALS`` (9) decimal places
   count as tied, so floating-point noise from a different summation order can
   never decide a rank;
2. data coverage (share of indicators actually observed, before imputation),
   descending -- a score built on more evidence goes first;
3. unit code, ascending.

Units without a score get no rank (NaN / ``<NA>``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

TIE_DECIMALS = 9


def tie_break_order(codes: pd.Index, coverage: np.ndarray) -> np.ndarray:
    """Order of units by the tie-breakers alone (coverage desc, then code asc).

    Parameters
    ----------
    codes : pandas.Index
        Unit codes.
    coverage : numpy.ndarray
        Share of indicators observed per unit.

    Returns
    -------
    numpy.ndarray
        A permutation of ``range(len(codes))``.
    """
    try:
        code_order = np.argsort(np.asarray(codes), kind="stable")
    except TypeError:  # mixed code types: compare their text
        code_order = np.argsort(np.asarray(codes.astype(str)), kind="stable")
    code_rank = np.empty(len(codes), dtype=int)
    code_rank[code_order] = np.arange(len(codes))
    return np.lexsort((code_rank, -np.asarray(coverage, dtype=float)))


def rank_matrix(scores: np.ndarray, base_order: np.ndarray) -> np.ndarray:
    """Rank units in every column of a score matrix.

    Parameters
    ----------
    scores : numpy.ndarray
        Shape (n_units, S); NaN = no score.
    base_order : numpy.ndarray
        Units sorted by the tie-breakers (from :func:`tie_break_order`).

    Returns
    -------
    numpy.ndarray
        Float ranks of the same shape: 1..n_scored per column, NaN for no score.
    """
    ordered = -np.round(scores[base_order], TIE_DECIMALS)
    # A stable sort keeps the tie-breaker order among equal scores; NaN sorts last.
    order = np.argsort(ordered, axis=0, kind="stable")
    ranks_in_base = np.empty(scores.shape)
    positions = np.broadcast_to(np.arange(1.0, scores.shape[0] + 1)[:, None], scores.shape)
    np.put_along_axis(ranks_in_base, order, positions, axis=0)
    ranks = np.empty(scores.shape)
    ranks[base_order] = ranks_in_base
    ranks[np.isnan(scores)] = np.nan
    return ranks


def rank_units(
    scores: pd.Series, coverage: pd.Series, groups: pd.Series | None = None
) -> pd.Series:
    """Rank units overall or within groups.

    Parameters
    ----------
    scores : pandas.Series
        Root score per unit (NaN = not scored).
    coverage : pandas.Series
        Share of indicators observed per unit, same index.
    groups : pandas.Series, optional
        Peer group per unit; ranks then restart at 1 in every group.

    Returns
    -------
    pandas.Series
        Nullable integer ranks (``Int64``), ``<NA>`` for units without a score.
    """
    values = scores.to_numpy(dtype=float)
    cov = coverage.reindex(scores.index).to_numpy(dtype=float)
    ranks = np.full(len(values), np.nan)
    labels = np.zeros(len(values), dtype=int) if groups is None else pd.factorize(groups)[0]
    for g in np.unique(labels):
        rows = np.flatnonzero(labels == g)
        base = tie_break_order(scores.index[rows], cov[rows])
        ranks[rows] = rank_matrix(values[rows, None], base)[:, 0]
    return pd.Series(ranks, index=scores.index).astype("Int64")
