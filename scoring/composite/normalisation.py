"""Normalisation: bring indicators onto a common, higher-is-better scale.

Each indicator is first multiplied by its direction (as COINr does), so every method
below only ever has to reward larger values. Missing values stay missing and never
take part in the statistics (min, max, mean, ranks) of their indicator.

Zero variance: when all observed values of an indicator are equal, the indicator
cannot discriminate between units, so every unit gets the *midpoint* of the target
scale -- (lower + upper) / 2 for min-max, the target mean for z-scores, the middle
rank for rank/percentile. It then shifts every unit's score equally instead of
dropping out (which would silently change the weights) or punishing everyone.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy.stats import rankdata

DEFAULT_NORMALISATION = {"method": "minmax", "range": (0.0, 100.0)}

# Every parameter a method accepts, with its default; unknown keys are rejected so
# that a typo ("rnage") fails loudly instead of silently using the default.
_DEFAULTS = {
    "minmax": {"range": (0.0, 100.0)},
    "zscore": {"mean": 0.0, "sd": 1.0},
    "goalposts": {"lower": None, "upper": None, "scale": 100.0, "clip": True},
    "rank": {},
    "percentile": {"scale": 100.0},
    "target": {"target": None, "scale": 100.0, "cap": True},
}


def resolve_normalisation(spec, indicators) -> dict:
    """Expand a normalisation specification to one complete spec per indicator.

    Parameters
    ----------
    spec : dict or None
        ``None`` for the default min-max [0, 100]; a single spec such as
        ``{"method": "zscore", "mean": 0, "sd": 1}`` for every indicator; or a mapping
        of indicator code to spec, where the optional key ``"default"`` gives the spec
        for indicators not listed. ``lower``, ``upper`` and ``target`` may be a number
        or a mapping of indicator code to number.
    indicators : sequence of str
        Indicator codes.

    Returns
    -------
    dict
        Indicator code -> spec with every parameter filled in (scalars only).
    """
    if spec is None:
        spec = DEFAULT_NORMALISATION
    if not isinstance(spec, Mapping):
        raise ValueError("normalisation must be a dict, e.g. {'method': 'minmax'}")
    if "method" in spec:
        per_code, default = {}, spec
    else:
        per_code = {k: v for k, v in spec.items() if k != "default"}
        default = spec.get("default", DEFAULT_NORMALISATION)
        unknown = [k for k in per_code if k not in set(indicators)]
        if unknown:
            raise ValueError(f"normalisation names unknown indicator(s): {unknown}")
    return {c: _complete(per_code.get(c, default), c) for c in indicators}


def _complete(spec, code: str) -> dict:
    if not isinstance(spec, Mapping) or spec.get("method") not in _DEFAULTS:
        raise ValueError(f"normalisation for {code!r}: method must be one of {sorted(_DEFAULTS)}")
    method = spec["method"]
    unknown = set(spec) - set(_DEFAULTS[method]) - {"method"}
    if unknown:
        raise ValueError(f"normalisation {method!r} does not take {sorted(unknown)}")
    out = {"method": method, **_DEFAULTS[method], **spec}
    for key in ("lower", "upper", "target"):
        if key in out:
            value = out[key][code] if isinstance(out[key], Mapping) else out[key]
            if value is None or not np.isfinite(float(value)):
                raise ValueError(f"normalisation {method!r} for {code!r} needs a finite {key!r}")
            out[key] = float(value)
    if method == "minmax":
        out["range"] = tuple(float(v) for v in out["range"])
        if len(out["range"]) != 2 or not out["range"][0] < out["range"][1]:
            raise ValueError(f"minmax range for {code!r} must be (lower, upper) with lower < upper")
    if method == "goalposts" and not out["lower"] < out["upper"]:
        raise ValueError(f"goalposts for {code!r} need lower < upper")
    return out


def normalise(data: pd.DataFrame, directions, normalisation=None) -> pd.DataFrame:
    """Normalise indicator columns.

    Parameters
    ----------
    data : pandas.DataFrame
        Units in rows, indicators in columns, NaN = missing. Not modified.
    directions : Mapping or pandas.Series
        Indicator code -> +1 (higher is better) or -1 (lower is better).
    normalisation : dict, optional
        See :func:`resolve_normalisation`; default min-max to [0, 100].

    Returns
    -------
    pandas.DataFrame
        Same shape and labels as ``data``; higher is better for every column.
    """
    codes = [str(c) for c in data.columns]
    specs = resolve_normalisation(normalisation, codes)
    d = np.array([float(directions[c]) for c in codes])
    values, _ = normalise_array(data.to_numpy(dtype=float), d, [specs[c] for c in codes])
    return pd.DataFrame(values, index=data.index, columns=data.columns)


def normalise_array(x: np.ndarray, directions: np.ndarray, specs: list) -> tuple:
    """Normalise a units x indicators array column by column.

    Parameters
    ----------
    x : numpy.ndarray
        Raw values, shape (n_units, n_indicators), NaN = missing. Not modified.
    directions : numpy.ndarray
        +1 / -1 per column.
    specs : list of dict
        Complete specs (from :func:`resolve_normalisation`), one per column.

    Returns
    -------
    values : numpy.ndarray
        Normalised values, NaN where ``x`` is NaN.
    zero_variance : numpy.ndarray of bool
        Columns whose observed values are all equal (given the midpoint).
    """
    xd = x * directions  # COINr flips negative indicators before normalising
    present = ~np.isnan(xd)
    count = present.sum(axis=0)
    low, high = _masked_extreme(xd, present, np.min), _masked_extreme(xd, present, np.max)
    zero_variance = (count > 0) & (low == high)
    out = np.full(x.shape, np.nan)
    for method in _DEFAULTS:
        cols = [j for j, s in enumerate(specs) if s["method"] == method]
        if cols:
            stats = {"low": low[cols], "high": high[cols], "count": count[cols]}
            params = [specs[j] for j in cols]
            out[:, cols] = _METHODS[method](xd[:, cols], stats, params, directions[cols])
    out[~present] = np.nan
    return out, zero_variance


def _masked_extreme(x, present, reduce) -> np.ndarray:
    # Fill missing cells with a neutral value so the reduction never sees NaN (which
    # would also warn for all-missing columns); such columns get NaN afterwards.
    neutral = np.inf if reduce is np.min else -np.inf
    result = reduce(np.where(present, x, neutral), axis=0, initial=neutral)
    return np.where(present.any(axis=0), result, np.nan)


def _param(params, key) -> np.ndarray:
    return np.array([p[key] for p in params], dtype=float)


def _safe_ratio(num, den) -> np.ndarray:
    den = np.broadcast_to(den, num.shape)
    return np.divide(num, den, out=np.full(num.shape, np.nan), where=(den != 0) & ~np.isnan(num))


def _minmax(x, stats, params, _directions):
    lo, hi = np.array([p["range"] for p in params]).T
    share = _safe_ratio(x - stats["low"], stats["high"] - stats["low"])
    share = np.where(stats["high"] == stats["low"], 0.5, share)  # zero variance -> midpoint
    return lo + (hi - lo) * share


def _zscore(x, stats, params, _directions):
    present = ~np.isnan(x)
    n = np.maximum(stats["count"], 1)
    mean = np.where(present, x, 0.0).sum(axis=0) / n
    dev = np.where(present, x - mean, 0.0)
    var = (dev**2).sum(axis=0) / np.maximum(stats["count"] - 1, 1)  # ddof=1 as COINr
    z = _safe_ratio(x - mean, np.sqrt(var))
    z = np.where((stats["count"] < 2) | (stats["high"] == stats["low"]), 0.0, z)
    return _param(params, "mean") + _param(params, "sd") * z


def _goalposts(x, _stats, params, directions):
    lower, upper = _param(params, "lower"), _param(params, "upper")
    # Goalposts are given in raw units; flipping the data flips and swaps them.
    lo = np.where(directions > 0, lower, -upper)
    hi = np.where(directions > 0, upper, -lower)
    share = (x - lo) / (hi - lo)
    clip = np.array([bool(p["clip"]) for p in params])
    share = np.where(clip, np.clip(share, 0.0, 1.0), share)
    return share * _param(params, "scale")


def _rank(x, _stats, _params, _directions):
    # Ties share their average rank (COINr uses the minimum): equal values still
    # score equally, and a zero-variance indicator lands on the middle rank.
    return rankdata(x, axis=0, method="average", nan_policy="omit")


def _percentile(x, stats, params, directions):
    share = _safe_ratio(_rank(x, stats, params, directions) - 1.0, stats["count"] - 1.0)
    share = np.where(stats["count"] == 1, 0.5, share)  # a lone unit sits in the middle
    return share * _param(params, "scale")


def _target(x, stats, params, directions):
    target = _param(params, "target") * directions
    span = target - stats["low"]  # distance from the worst observed value to the target
    cap = np.array([bool(p["cap"]) for p in params])
    reached = span <= 0
    if np.any(reached & ~cap):
        raise ValueError("target normalisation without cap needs a target beyond the worst value")
    share = _safe_ratio(x - stats["low"], span)
    share = np.where(cap, np.minimum(share, 1.0), share)
    # A target no better than the worst observed value is met by every unit.
    share = np.where(reached, 1.0, share)
    return share * _param(params, "scale")


_METHODS = {
    "minmax": _minmax,
    "zscore": _zscore,
    "goalposts": _goalposts,
    "rank": _rank,
    "percentile": _percentile,
    "target": _target,
}
