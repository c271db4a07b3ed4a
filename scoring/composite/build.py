"""``build_index``: from raw indicators to scores, ranks and contributions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .aggregate import contributions, evaluate, resolve_aggregation
from .framework import Framework
from .normalisation import normalise_array, resolve_normalisation
from .pipeline import prepare
from .rank import rank_units


@dataclass(frozen=True)
class IndexResult:
    """Everything :func:`build_index` computed.

    Attributes
    ----------
    scores : pandas.DataFrame
        Units x nodes: normalised indicators (higher is better) then every aggregate,
        root last. Excluded units are all NaN.
    root : str
        Code of the root (the index).
    rank : pandas.Series
        Rank on the root, 1 = best, ``Int64`` with ``<NA>`` for excluded units. Ties
        are broken by coverage (desc) then unit code (asc); see
        :mod:`scoring.composite.rank`.
    group_rank : pandas.Series or None
        Rank within the unit's peer group (same rule), when ``groups`` was given.
    contributions : pandas.DataFrame
        Units x indicators, in score points; each row sums to the root score.
    log_contributions : pandas.DataFrame or None
        When every aggregate is geometric: units x indicators summing to
        ``log(root score)``.
    coverage : pandas.Series
        Share of indicators observed per unit, before imputation.
    excluded : dict
        Unit -> reason it has no score.
    log : list of dict
        One entry per step (exclude, impute, treat, normalise, aggregate).
    framework : Framework
        The validated framework.
    groups : pandas.Series or None
        Peer group per unit.
    processed : pandas.DataFrame
        Indicator values after imputation and treatment (raw units; included units).
    normalisation : dict
        Indicator -> complete normalisation spec used.
    aggregation : dict
        Aggregate -> method used.
    """

    scores: pd.DataFrame
    root: str
    rank: pd.Series
    group_rank: pd.Series | None
    contributions: pd.DataFrame
    log_contributions: pd.DataFrame | None
    coverage: pd.Series
    excluded: dict
    log: list
    framework: Framework
    groups: pd.Series | None
    processed: pd.DataFrame
    normalisation: dict
    aggregation: dict

    @property
    def score(self) -> pd.Series:
        """Root score per unit."""
        return self.scores[self.root]


def build_index(
    data: pd.DataFrame,
    framework,
    *,
    normalisation=None,
    aggregation="arithmetic",
    min_coverage=None,
    impute=None,
    treat=False,
    groups=None,
) -> IndexResult:
    """Build a composite index: exclude, impute, treat, normalise, aggregate, rank.

    Parameters
    ----------
    data : pandas.DataFrame
        Index = unit code, columns = indicator codes, NaN = missing. Not modified.
    framework : pandas.DataFrame or Framework
        Columns ``code``, ``parent``, ``level``, ``weight``, ``direction`` (see
        :func:`validate_framework`; :func:`framework_from_coinr` converts COINr's iMeta).
    normalisation : dict, optional
        One spec for all indicators or one per indicator code; default
        ``{"method": "minmax", "range": (0, 100)}``. Methods: ``minmax`` (``range``),
        ``zscore`` (``mean``, ``sd``; sample SD, ddof=1), ``goalposts`` (``lower``,
        ``upper`` in raw units, ``scale``, ``clip``), ``rank``, ``percentile``
        (``scale``), ``target`` (``target`` in raw units, ``scale``, ``cap``).
        Directions are honoured. A zero-variance indicator gives every unit the
        midpoint of the scale (see :mod:`scoring.composite.normalisation`).
    aggregation : str or dict
        ``"arithmetic"`` (default) or ``"geometric"`` weighted means, for all
        aggregates or per level / aggregate code. Missing children drop out and the
        remaining weights are renormalised. Geometric needs values > 0 (else
        ValueError): use e.g. a min-max range of (1, 100).
    min_coverage : float, optional
        Share (0-1) of indicators a unit must have observed to be scored; below it
        the unit is excluded and the reason recorded. Off by default; units with no
        data at all are always excluded.
    impute : dict, optional
        ``{"method": "median" | "knn", "groups": Series, "n_neighbors": 5}``:
        fill gaps within peer groups before normalisation.
    treat : bool or dict
        ``True`` for COINr's winsorisation (|skew| >= 2 and kurtosis >= 3.5, up to 5
        points); a dict overrides ``winmax``, ``skew``, ``kurt``.
    groups : pandas.Series, optional
        Peer group (unit type) per unit, for ``group_rank`` and peer comparisons.

    Returns
    -------
    IndexResult
        Scores for every node, ranks, contributions, exclusions and the log.
    """
    prep = prepare(
        data, framework, min_coverage=min_coverage, impute=impute, treat=treat, groups=groups
    )
    fw = prep.framework
    specs = resolve_normalisation(normalisation, fw.indicators)
    methods = resolve_aggregation(aggregation, fw)
    x, zero_variance = normalise_array(
        prep.data.to_numpy(dtype=float), fw.directions, [specs[c] for c in fw.indicators]
    )
    values, sums = evaluate(x, fw, methods, fw.weights[None, :])
    parts = contributions(values, sums, fw, methods, fw.weights)
    log = list(prep.log) + _step_log(fw, specs, methods, zero_variance)
    return _result(prep, values, parts, log, specs, methods)


def _result(prep, values: dict, parts: tuple, log: list, specs: dict, methods: dict):
    fw = prep.framework
    excluded = _unscored(prep.excluded, values[fw.root][:, 0], prep.data.index, log)
    scores = _frame(np.column_stack([values[c][:, 0] for c in fw.nodes]), prep, fw.nodes)
    score = scores[fw.root]
    group_rank = None
    if prep.groups is not None:
        group_rank = rank_units(score, prep.coverage, prep.groups).rename("group_rank")
    contrib, log_contrib = (None if p is None else _frame(p, prep, fw.indicators) for p in parts)
    return IndexResult(
        scores=scores,
        root=fw.root,
        rank=rank_units(score, prep.coverage).rename("rank"),
        group_rank=group_rank,
        contributions=contrib,
        log_contributions=log_contrib,
        coverage=prep.coverage,
        excluded=excluded,
        log=log,
        framework=fw,
        groups=prep.groups,
        processed=prep.data,
        normalisation=specs,
        aggregation=methods,
    )


def _frame(values: np.ndarray, prep, columns) -> pd.DataFrame:
    # Results cover every input unit; excluded ones are all NaN.
    frame = pd.DataFrame(values, index=prep.data.index, columns=pd.Index(columns))
    return frame.reindex(prep.units)


def _step_log(fw: Framework, specs: dict, methods: dict, zero_variance: np.ndarray) -> list:
    flat = [c for c, z in zip(fw.indicators, zero_variance, strict=True) if z]
    return [
        {
            "step": "normalise",
            "methods": {c: dict(specs[c]) for c in fw.indicators},
            "zero_variance": flat,
            "zero_variance_rule": "every unit gets the midpoint of the scale",
        },
        {"step": "aggregate", "methods": dict(methods), "missing": "weights renormalised"},
    ]


def _unscored(excluded: dict, root: np.ndarray, units: pd.Index, log: list) -> dict:
    # A unit can pass the coverage check yet have data only on zero-weight indicators.
    lost = units[np.isnan(root)]
    if len(lost) == 0:
        return dict(excluded)
    reason = "no observed indicator carries weight"
    log.append({"step": "exclude", "after": "aggregate", "units": dict.fromkeys(lost, reason)})
    return {**excluded, **dict.fromkeys(lost, reason)}
