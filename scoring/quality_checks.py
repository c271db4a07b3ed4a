"""Data-quality checks of the leaders' panel: completeness, peer outliers, sample shortfalls.

Outliers use the modified z-score of :func:`scoring.composite.quality.robust_z`
(``0.6745 (x − median) / MAD``, Iglewicz and Hoaglin), computed per indicator **within a
peer group** (the unit type), so a puskesmas is compared with puskesmas only. Groups with
fewer than ``min_peers`` values are not judged: a median of two numbers says nothing.

The IKM sample target is the Krejcie–Morgan size of METHODOLOGY §1.6
(:func:`scoring.skm.sample_size`) of the unit's service-user population.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .skm import sample_size

DEFAULT_THRESHOLD = 3.5
MIN_PEERS = 3
# The factors of scoring.composite.quality.robust_z (a test keeps the two equal).
_MAD_FACTOR = 0.6745
_MEANAD_FACTOR = 1.253314

_OUTLIER_COLUMNS = ["unit", "group", "indicator", "value", "peer_median", "n_peers", "mz"]


def peer_outliers(values: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD,
                  min_peers: int = MIN_PEERS) -> pd.DataFrame:
    """Flag values whose modified z-score within their peer group exceeds the threshold.

    Parameters
    ----------
    values : pandas.DataFrame
        Long table with columns ``unit``, ``group`` (peer group), ``indicator``, ``value``;
        missing values (NaN) are ignored.
    threshold : float
        Flag when ``|Mz| > threshold`` (default 3.5).
    min_peers : int
        Smallest number of values of an indicator in a group for it to be judged.

    Returns
    -------
    pandas.DataFrame
        One row per flagged value: ``unit``, ``group``, ``indicator``, ``value``,
        ``peer_median``, ``n_peers``, ``mz``; sorted by ``|mz|``, largest first.
    """
    scored = score_peers(values, min_peers)
    flagged = scored[scored["mz"].abs() > threshold]
    order = flagged["mz"].abs().sort_values(ascending=False, kind="stable").index
    return flagged.loc[order, _OUTLIER_COLUMNS].reset_index(drop=True)


def score_peers(values: pd.DataFrame, min_peers: int = MIN_PEERS) -> pd.DataFrame:
    """Return every value with its peer median, peer count and modified z-score.

    The same score as :func:`scoring.composite.quality.robust_z` (MAD, falling back to the
    mean absolute deviation when more than half the peers are equal), computed on the long
    table with one group-by instead of one pivot per peer group. ``mz`` is NaN where the
    (group, indicator) has fewer than ``min_peers`` values.
    """
    data = values.dropna(subset=["value"]).astype({"value": float}).reset_index(drop=True)
    if data.empty:
        return pd.DataFrame(columns=_OUTLIER_COLUMNS)
    keys = [data["group"], data["indicator"]]
    median = data.groupby(keys)["value"].transform("median")
    dev = data["value"] - median
    spread = dev.abs().groupby(keys)
    mad, mean_ad = spread.transform("median"), spread.transform("mean")
    count = data.groupby(keys)["value"].transform("size")
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(mad > 0, _MAD_FACTOR * dev / mad,
                     np.where(mean_ad > 0, dev / (_MEANAD_FACTOR * mean_ad), 0.0))
    return data.assign(peer_median=median, n_peers=count.astype(int),
                       mz=np.where(count >= min_peers, z, np.nan))[_OUTLIER_COLUMNS]


def completeness(units: list, expected: list[str], present: pd.DataFrame) -> pd.DataFrame:
    """Return, per unit, how many expected indicators have a value and which are missing.

    Parameters
    ----------
    units : list
        Unit keys to report (every one appears, even with no values at all).
    expected : list of str
        Indicator keys every unit should have.
    present : pandas.DataFrame
        Columns ``unit`` and ``indicator``: the values entered (others are ignored).

    Returns
    -------
    pandas.DataFrame
        Indexed by unit: ``present``, ``expected``, ``pct`` (0–100; NaN with nothing
        expected) and ``missing`` (list, in the order of ``expected``).
    """
    have = present[present["indicator"].isin(expected)].groupby("unit")["indicator"] \
        .agg(lambda s: set(s))
    sets = [have.get(u, set()) for u in units]
    n = len(expected)
    count = [len(s) for s in sets]
    return pd.DataFrame({
        "present": count, "expected": n,
        "pct": [100.0 * c / n if n else np.nan for c in count],
        "missing": [[code for code in expected if code not in s] for s in sets],
    }, index=pd.Index(units, name="unit"))


def completeness_matrix(counts: pd.DataFrame, units: list, periods: list,
                        n_expected: int) -> pd.DataFrame:
    """Return units × periods completeness (%) from counts of expected values present.

    ``counts`` has columns ``unit``, ``period``, ``n``; absent pairs count as 0 %.
    """
    if n_expected == 0:
        return pd.DataFrame(np.nan, index=units, columns=periods)
    wide = counts.pivot_table(index="unit", columns="period", values="n", aggfunc="sum")
    wide = wide.reindex(index=units, columns=periods).fillna(0.0)
    return (100.0 * wide / n_expected).clip(upper=100.0)


def sample_shortfalls(respondents: pd.Series, population: pd.Series) -> pd.DataFrame:
    """Compare respondents per unit with the Krejcie–Morgan target of its population.

    Parameters
    ----------
    respondents : pandas.Series
        Respondents per unit (units absent count as 0).
    population : pandas.Series
        Service users per unit in the period; only units present here get a target.

    Returns
    -------
    pandas.DataFrame
        Indexed by unit, only units below their target: ``respondents``, ``population``,
        ``target``, ``shortfall`` (target − respondents) and ``pct`` (respondents ÷ target ×
        100), largest shortfall first.
    """
    pop = population.dropna().astype(int)
    n = respondents.reindex(pop.index).fillna(0).astype(int)
    target = pd.Series(np.atleast_1d(sample_size(pop.to_numpy())), index=pop.index, dtype=int)
    table = pd.DataFrame({"respondents": n, "population": pop, "target": target})
    table["shortfall"] = table["target"] - table["respondents"]
    table["pct"] = np.where(table["target"] > 0,
                            100.0 * table["respondents"] / table["target"].where(
                                table["target"] > 0, 1), 100.0)
    short = table[table["shortfall"] > 0]
    return short.sort_values("shortfall", ascending=False, kind="stable")
