"""Input checks and the steps before normalisation: exclusion, imputation, treatment.

Shared by :func:`~scoring.composite.build_index` and the uncertainty analysis so that
both start from exactly the same data.

Order (as in COINr): check -> exclude units with too little data -> impute within
peer groups -> treat outliers -> (normalise -> aggregate, elsewhere). Coverage is
measured on the data as given, before imputation: it describes how much evidence a
unit's score rests on. Excluded units take no part in any later statistic (their
values do not move anyone's min, max or median).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .framework import Framework, validate_framework
from .imputation import impute as impute_values
from .treat import winsorise


@dataclass(frozen=True)
class Prepared:
    """Data ready for normalisation.

    Attributes
    ----------
    framework : Framework
        The validated framework.
    data : pandas.DataFrame
        Included units only, indicator columns in ``framework.indicators`` order,
        after imputation and treatment.
    units : pandas.Index
        Every unit of the input, in input order.
    coverage : pandas.Series
        Share of indicators observed per unit (before imputation).
    excluded : dict
        Unit -> reason, for units that get no score.
    log : list of dict
        What was done.
    groups : pandas.Series or None
        Peer group per unit (all units), when given.
    """

    framework: Framework
    data: pd.DataFrame
    units: pd.Index
    coverage: pd.Series
    excluded: dict
    log: list
    groups: pd.Series | None


def prepare(data, framework, *, min_coverage=None, impute=None, treat=False, groups=None):
    """Validate inputs and run exclusion, imputation and treatment.

    Parameters
    ----------
    data : pandas.DataFrame
        Index = unit code, columns = indicator codes, NaN = missing. Not modified.
    framework : pandas.DataFrame or Framework
        See :func:`~scoring.composite.validate_framework`.
    min_coverage : float, optional
        Minimum share (0-1) of indicators a unit must have observed to be scored.
        Units with no data at all are always excluded.
    impute : dict, optional
        See :func:`~scoring.composite.imputation.impute`.
    treat : bool or dict
        See :func:`~scoring.composite.treat.winsorise`.
    groups : pandas.Series, optional
        Peer group per unit.

    Returns
    -------
    Prepared
        The processed data and everything learnt on the way.
    """
    _check_data(data)
    fw = validate_framework(framework, data.columns)
    raw = _indicator_frame(data, fw)
    coverage = raw.notna().mean(axis=1).rename("coverage")
    labels = _check_groups(groups, raw.index)
    excluded = _exclusions(coverage, min_coverage)
    log = [{"step": "exclude", "min_coverage": min_coverage, "units": dict(excluded)}]
    work = raw.loc[~raw.index.isin(list(excluded))]
    if impute is not None:
        work, entry = impute_values(
            work, impute, None if labels is None else labels.loc[work.index]
        )
        log.append(entry)
    if treat:
        work, entry = winsorise(work, treat)
        log.append(entry)
    return Prepared(fw, work, raw.index, coverage, excluded, log, labels)


def _check_data(data) -> None:
    if not isinstance(data, pd.DataFrame):
        raise ValueError("data must be a pandas DataFrame (units x indicators)")
    if data.index.has_duplicates:
        dupes = list(data.index[data.index.duplicated()])
        raise ValueError(f"unit codes must be unique; duplicated: {dupes}")
    if data.shape[0] == 0:
        raise ValueError("data has no units")
    non_numeric = [c for c in data.columns if not pd.api.types.is_numeric_dtype(data[c])]
    if non_numeric:
        raise ValueError(f"indicator columns must be numeric; not numeric: {non_numeric}")
    values = data.to_numpy(dtype=float)
    if np.isinf(values).any():
        raise ValueError("data contains infinite values; use NaN for missing values")


def _indicator_frame(data: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    by_code = {str(c): c for c in data.columns}
    values = data.loc[:, [by_code[c] for c in fw.indicators]].to_numpy(dtype=float, copy=True)
    return pd.DataFrame(values, index=data.index, columns=pd.Index(fw.indicators))


def _check_groups(groups, units: pd.Index) -> pd.Series | None:
    if groups is None:
        return None
    labels = pd.Series(groups).reindex(units)
    if labels.isna().any():
        raise ValueError(f"groups has no label for unit(s) {list(units[labels.isna()])}")
    return labels.rename("group")


def _exclusions(coverage: pd.Series, min_coverage) -> dict:
    if min_coverage is not None and not 0 <= float(min_coverage) <= 1:
        raise ValueError("min_coverage must be a share between 0 and 1")
    excluded = dict.fromkeys(coverage.index[coverage == 0], "no indicator data")
    if min_coverage is not None:
        low = coverage[(coverage > 0) & (coverage < float(min_coverage))]
        limit = f"{float(min_coverage):.0%}"
        excluded.update(
            {u: f"data coverage {s:.0%} is below the minimum of {limit}" for u, s in low.items()}
        )
    return {u: excluded[u] for u in coverage.index if u in excluded}  # input order
