"""Aggregation up the framework tree, and the contributions that explain it.

Every aggregate is the weighted mean of its children -- arithmetic
``sum(w x) / sum(w)`` or geometric ``exp(sum(w log x) / sum(w))`` -- taken over the
children the unit actually has: a missing child drops out and the remaining weights
are renormalised (COINr's behaviour). An aggregate with no child present is missing.

Geometric means need strictly positive inputs (as in COINr): a value <= 0 raises a
ValueError suggesting a normalisation range that starts above zero, e.g.
``{"method": "minmax", "range": (1, 100)}``. Shifting values silently would change
the index in a way nobody chose.

The core works on a batch of S weight vectors at once (arrays of shape
(n_units, S)); :func:`build_index` uses S = 1 and the Monte Carlo uses thousands, so
both run the very same arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

METHODS = ("arithmetic", "geometric")
_TINY = 1e-12


def resolve_aggregation(aggregation, framework) -> dict:
    """Choose the aggregation method of every aggregate.

    Parameters
    ----------
    aggregation : str or dict
        ``"arithmetic"`` or ``"geometric"`` for all aggregates, or a dict keyed by
        level (int) and/or aggregate code (str); codes win over levels and anything
        unspecified is arithmetic.
    framework : Framework
        The validated framework.

    Returns
    -------
    dict
        Aggregate code -> method.
    """
    if isinstance(aggregation, str) or aggregation is None:
        rule = {"*": aggregation or "arithmetic"}
    elif isinstance(aggregation, Mapping):
        rule = dict(aggregation)
    else:
        raise ValueError("aggregation must be a method name or a dict per level/code")
    bad = {k: v for k, v in rule.items() if v not in METHODS}
    if bad:
        raise ValueError(f"aggregation methods must be one of {METHODS}; got {bad}")
    levels = {framework.level[a] for a in framework.aggregates}
    unknown = [k for k in rule if k != "*" and k not in levels and k not in framework.aggregates]
    if unknown:
        raise ValueError(f"aggregation keys {unknown} are neither aggregate levels nor codes")
    default = rule.get("*", "arithmetic")
    return {a: rule.get(a, rule.get(framework.level[a], default)) for a in framework.aggregates}


def combine(children: list, weights: np.ndarray, method: str, node: str) -> tuple:
    """Weighted mean of children over the children present, for S weight vectors.

    Parameters
    ----------
    children : list of numpy.ndarray
        One array per child, shape (n, 1) (same for every sample) or (n, S).
    weights : numpy.ndarray
        Shape (S, k): the children's weights in each sample.
    method : {"arithmetic", "geometric"}
        Kind of mean.
    node : str
        Aggregate code, for error messages.

    Returns
    -------
    values : numpy.ndarray
        Shape (n, S); NaN where no child is present (or all present ones weigh 0).
    weight_sum : numpy.ndarray
        Shape (n, S): total weight of the children present.
    """
    num = den = 0.0
    for j, child in enumerate(children):
        present = ~np.isnan(child)
        term = _log_positive(child, present, node) if method == "geometric" else child
        num = num + np.where(present, term, 0.0) * weights[:, j]
        den = den + present * weights[:, j]
    return _finish(num, den, method)


def combine_columns(x: np.ndarray, weights: np.ndarray, method: str, node: str) -> tuple:
    """Same as :func:`combine` when all children are columns shared by every sample.

    Parameters
    ----------
    x : numpy.ndarray
        Shape (n, k): the children's values (NaN = missing).
    weights : numpy.ndarray
        Shape (S, k).
    method : {"arithmetic", "geometric"}
        Kind of mean.
    node : str
        Aggregate code, for error messages.

    Returns
    -------
    values, weight_sum : numpy.ndarray
        Shape (n, S) each, as in :func:`combine`.
    """
    present = ~np.isnan(x)
    term = _log_positive(x, present, node) if method == "geometric" else x
    # One matrix product per aggregate handles every sample at once.
    num = np.where(present, term, 0.0) @ weights.T
    den = present.astype(float) @ weights.T
    return _finish(num, den, method)


def _log_positive(x: np.ndarray, present: np.ndarray, node: str) -> np.ndarray:
    if np.any(x[present] <= 0):
        raise ValueError(
            f"geometric aggregation of {node!r} needs values > 0; normalise to a range "
            "above zero, e.g. {'method': 'minmax', 'range': (1, 100)}"
        )
    return np.log(np.where(present, x, 1.0))


def _finish(num, den, method) -> tuple:
    num, den = np.broadcast_arrays(num, den)
    mean = np.divide(num, den, out=np.full(num.shape, np.nan), where=den > 0)
    return (np.exp(mean) if method == "geometric" else mean), den


def evaluate(x: np.ndarray, framework, methods: dict, weights: np.ndarray, keep: bool = True):
    """Compute every aggregate for a batch of weight vectors.

    Parameters
    ----------
    x : numpy.ndarray
        Normalised indicators, shape (n, n_indicators), in ``framework.indicators`` order.
    framework : Framework
        The validated framework.
    methods : dict
        Aggregate code -> method (from :func:`resolve_aggregation`).
    weights : numpy.ndarray
        Shape (S, n_nodes): node weights in ``framework.nodes`` order, one row per sample.
    keep : bool
        Keep every node's values (``True``) or free each child once its parent is
        done, returning only the root (saves memory in the Monte Carlo).

    Returns
    -------
    values : dict
        Node code -> array (n, 1) for indicators or (n, S) for aggregates.
    weight_sums : dict
        Aggregate code -> total weight of the children present, (n, S).
    """
    position = {c: i for i, c in enumerate(framework.nodes)}
    values = {c: x[:, [i]] for i, c in enumerate(framework.indicators)}
    sums = {}
    for node in framework.aggregates:
        kids = framework.children[node]
        w = weights[:, [position[c] for c in kids]]
        if all(framework.level[c] == 1 for c in kids):
            cols = [position[c] for c in kids]
            values[node], sums[node] = combine_columns(x[:, cols], w, methods[node], node)
        else:
            values[node], sums[node] = combine([values[c] for c in kids], w, methods[node], node)
        if not keep:
            for c in kids:
                values.pop(c)
                sums.pop(c, None)
    return values, sums


def contributions(values: dict, sums: dict, framework, methods: dict, weights: np.ndarray):
    """Split each unit's root score over its indicators (single weight vector).

    An arithmetic aggregate passes ``effective weight x child value`` to each child,
    where the effective weight is the child's weight renormalised over the children
    the unit has. A geometric aggregate ``V`` passes each child the share
    ``w log(child) / log(V)`` of ``V``. Multiplying these factors down the path to an
    indicator gives its contribution, so contributions sum to the root score exactly
    (to float precision) -- for arithmetic trees this is simply the normalised value
    times the product of effective weights along its path. Missing indicators
    contribute 0.

    Parameters
    ----------
    values, sums : dict
        Output of :func:`evaluate` with ``keep=True`` and one weight vector.
    framework : Framework
        The validated framework.
    methods : dict
        Aggregate code -> method.
    weights : numpy.ndarray
        Node weights in ``framework.nodes`` order, shape (n_nodes,).

    Returns
    -------
    contrib : numpy.ndarray
        Shape (n, n_indicators), summing over indicators to the root score.
    log_contrib : numpy.ndarray or None
        When every aggregate is geometric: ``log(value) x product of effective
        weights``, summing to ``log(root score)``; otherwise ``None``.
    """
    position = {c: i for i, c in enumerate(framework.nodes)}
    flat = {c: v[:, 0] for c, v in values.items()}
    root = flat[framework.root]
    scale = {framework.root: np.where(np.isnan(root), np.nan, 1.0)}
    path_weight = {framework.root: scale[framework.root]}
    for node in reversed(framework.aggregates):
        for child in framework.children[node]:
            eff = _effective_weight(flat[child], sums[node][:, 0], weights[position[child]])
            factor = _factor(flat[child], flat[node], eff, methods[node])
            scale[child] = scale[node] * factor
            path_weight[child] = path_weight[node] * eff
    ind = framework.indicators
    contrib = np.column_stack([np.nan_to_num(flat[c]) * scale[c] for c in ind])
    if any(m != "geometric" for m in methods.values()):
        return contrib, None
    logs = [np.log(np.where(np.isnan(flat[c]), 1.0, flat[c])) * path_weight[c] for c in ind]
    return contrib, np.column_stack(logs)


def _effective_weight(child: np.ndarray, weight_sum: np.ndarray, weight: float) -> np.ndarray:
    present = ~np.isnan(child)
    return np.divide(weight * present, weight_sum, out=np.zeros(child.shape), where=weight_sum > 0)


def _factor(child, parent, eff, method) -> np.ndarray:
    if method == "arithmetic":
        return eff
    present = ~np.isnan(child) & ~np.isnan(parent)
    safe_child = np.where(present, child, 1.0)
    safe_parent = np.where(present, parent, 1.0)
    log_parent = np.log(safe_parent)
    # share of log(V) that this child carries; when V == 1 the log is 0 and the
    # shares are undefined, so fall back to the weights (still sums exactly).
    flat = np.abs(log_parent) < _TINY
    share = np.divide(eff * np.log(safe_child), log_parent, out=eff.copy(), where=~flat)
    return np.where(present, share * safe_parent / safe_child, 0.0)
