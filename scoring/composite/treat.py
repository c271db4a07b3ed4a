"""Outlier treatment by winsorisation, the way COINr's default ``Treat()`` does it.

An indicator fails when ``|skewness| >= 2`` *and* ``kurtosis >= 3.5`` (COINr's
``check_SkewKurt``). While it fails and fewer than ``winmax`` (5) points have been
touched, its most extreme value on the side of the skew (the maximum when skew >= 0,
else the minimum) is replaced by the next value inwards; tied extremes move together,
exactly as in COINr. COINr then log-transforms indicators that still fail; this
package does not (a log would change the meaning of the scale), it reports them.

Skewness and kurtosis are the sample statistics COINr uses (``e1071`` type 2, as in
Excel), identical to ``scipy.stats.skew(bias=False)`` and
``scipy.stats.kurtosis(bias=False)`` (excess kurtosis). They are computed here in a
vectorised, NaN-aware form so near-constant columns give NaN instead of warnings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DEFAULT_TREAT = {"winmax": 5, "skew": 2.0, "kurt": 3.5}
_EPS = np.finfo(float).eps


def skew_kurtosis(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sample skewness and excess kurtosis per column, ignoring NaN.

    Parameters
    ----------
    x : numpy.ndarray
        Shape (n, k); NaN = missing.

    Returns
    -------
    skew, kurt : numpy.ndarray
        Length k. Skewness needs 3 observed values and kurtosis 4; both need a
        non-zero variance. Undefined values are NaN.
    """
    present = ~np.isnan(x)
    n = present.sum(axis=0).astype(float)
    mean = np.where(present, x, 0.0).sum(axis=0) / np.maximum(n, 1.0)
    dev = np.where(present, x - mean, 0.0)
    m2, m3, m4 = ((dev**p).sum(axis=0) / np.maximum(n, 1.0) for p in (2, 3, 4))
    # Same "variance is zero up to rounding" test as scipy, so results agree.
    ok = m2 > (_EPS * mean) ** 2
    g1 = np.divide(m3, m2**1.5, out=np.full(n.shape, np.nan), where=ok)
    g2 = np.divide(m4, m2**2, out=np.full(n.shape, np.nan), where=ok) - 3.0
    big3, big4 = n >= 3, n >= 4
    skew = np.full(n.shape, np.nan)
    kurt = np.full(n.shape, np.nan)
    skew[big3] = g1[big3] * np.sqrt(n[big3] * (n[big3] - 1.0)) / (n[big3] - 2.0)
    n4 = n[big4]
    kurt[big4] = ((n4 + 1.0) * g2[big4] + 6.0) * (n4 - 1.0) / ((n4 - 2.0) * (n4 - 3.0))
    return skew, kurt


def resolve_treat(treat) -> dict | None:
    """Turn the ``treat`` argument into parameters (``None`` = no treatment).

    Parameters
    ----------
    treat : bool or dict
        ``True`` for COINr's defaults ``{"winmax": 5, "skew": 2.0, "kurt": 3.5}``; a
        dict overrides some of them; ``False``/``None`` switches treatment off.

    Returns
    -------
    dict or None
        Complete parameters.
    """
    if treat is None or treat is False:
        return None
    if treat is True:
        return dict(DEFAULT_TREAT)
    unknown = set(treat) - set(DEFAULT_TREAT)
    if unknown:
        raise ValueError(f"treat does not take {sorted(unknown)}; use {sorted(DEFAULT_TREAT)}")
    return {**DEFAULT_TREAT, **treat}


def winsorise(data: pd.DataFrame, treat=True) -> tuple[pd.DataFrame, dict]:
    """Winsorise skewed, heavy-tailed indicators (COINr's default treatment).

    Parameters
    ----------
    data : pandas.DataFrame
        Raw indicator values (units x indicators, NaN = missing). Not modified.
    treat : bool or dict
        See :func:`resolve_treat`.

    Returns
    -------
    treated : pandas.DataFrame
        A copy with winsorised values.
    log : dict
        ``{"step": "treat", ...}`` with, per treated indicator, the side, the number
        of points, the units touched, skew/kurtosis before and after, and whether it
        now passes.
    """
    params = resolve_treat(treat)
    x = data.to_numpy(dtype=float, copy=True)
    log = {"step": "treat", "method": "winsorise", **(params or {}), "indicators": {}}
    if params is None:
        return data.copy(), log
    skew, kurt = skew_kurtosis(x)
    for j in np.flatnonzero(_fails(skew, kurt, params)):
        log["indicators"][str(data.columns[j])] = _winsorise_column(x, j, data.index, params)
    return pd.DataFrame(x, index=data.index, columns=data.columns), log


def _fails(skew, kurt, params) -> np.ndarray:
    # COINr passes a column when |skew| < 2 OR kurt < 3.5; NaN compares False, so
    # columns too short or too flat to judge are left alone.
    return (np.abs(skew) >= params["skew"]) & (kurt >= params["kurt"])


def _winsorise_column(x: np.ndarray, j: int, units, params) -> dict:
    col = x[:, j]  # a view: the loop updates x in place (x is already our own copy)
    skew, kurt = skew_kurtosis(col[:, None])
    before = {"skew_before": float(skew[0]), "kurt_before": float(kurt[0])}
    touched = np.zeros(col.shape, dtype=bool)
    sides = np.full(col.shape, "", dtype=object)
    while _fails(skew, kurt, params)[0] and touched.sum() < params["winmax"]:
        high = skew[0] >= 0
        observed = col[~np.isnan(col)]
        extreme = observed.max() if high else observed.min()
        hit = col == extreme
        rest = observed[observed != extreme]
        if rest.size == 0:
            break
        col[hit] = rest.max() if high else rest.min()
        touched |= hit
        sides[hit] = "high" if high else "low"
        skew, kurt = skew_kurtosis(col[:, None])
    return {
        **before,
        "points": int(touched.sum()),
        "units": {str(u): s for u, s in zip(units[touched], sides[touched], strict=True)},
        "skew_after": float(skew[0]),
        "kurt_after": float(kurt[0]),
        "passed": not bool(_fails(skew, kurt, params)[0]),
    }
