"""Data-quality flags: robust outliers, completeness and small samples.

Outliers use the modified z-score of Iglewicz and Hoaglin,
``0.6745 (x - median) / MAD``, flagged when ``|z| > threshold`` (3.5). The median
and MAD ignore missing values. When more than half of the values are identical the
MAD is 0; the mean absolute deviation is used instead,
``z = (x - median) / (1.253314 MeanAD)``, so a lone unusual value among many equal
ones is still caught. If that is 0 as well, every value equals the median: z = 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

_MAD_FACTOR = 0.6745
_MEANAD_FACTOR = 1.253314


@dataclass(frozen=True)
class DataQuality:
    """Data-quality flags.

    Attributes
    ----------
    robust_z : pandas.DataFrame
        Modified z-score per cell (NaN where missing).
    outliers : pandas.DataFrame
        Boolean, ``|robust_z| > threshold``.
    completeness : pandas.Series
        Share of indicators present per unit.
    indicator_completeness : pandas.Series
        Share of units present per indicator.
    small_sample : pandas.DataFrame
        Boolean flags passed in (aligned to the data, False elsewhere).
    flags : pandas.DataFrame
        Long table of every flagged cell: ``unit``, ``indicator``, ``flag``
        ("outlier" / "small_sample"), ``value``, ``robust_z``.
    """

    robust_z: pd.DataFrame
    outliers: pd.DataFrame
    completeness: pd.Series
    indicator_completeness: pd.Series
    small_sample: pd.DataFrame
    flags: pd.DataFrame


def robust_z(data: pd.DataFrame) -> pd.DataFrame:
    """Modified (median/MAD) z-score of every cell, per indicator column.

    Parameters
    ----------
    data : pandas.DataFrame
        Units x indicators, NaN = missing. Not modified.

    Returns
    -------
    pandas.DataFrame
        Same shape; NaN where the value is missing.
    """
    x = data.to_numpy(dtype=float)
    median = data.median().to_numpy(dtype=float)  # pandas: NaN-skipping, no warnings
    dev = x - median
    mad = pd.DataFrame(np.abs(dev)).median().to_numpy(dtype=float)
    mean_ad = pd.DataFrame(np.abs(dev)).mean().to_numpy(dtype=float)
    z = np.zeros(x.shape)
    by_mad = mad > 0
    by_mean = ~by_mad & (mean_ad > 0)
    z[:, by_mad] = _MAD_FACTOR * dev[:, by_mad] / mad[by_mad]
    z[:, by_mean] = dev[:, by_mean] / (_MEANAD_FACTOR * mean_ad[by_mean])
    z[np.isnan(x)] = np.nan
    return pd.DataFrame(z, index=data.index, columns=data.columns)


def data_quality(data: pd.DataFrame, *, threshold: float = 3.5, small_sample=None) -> DataQuality:
    """Flag outliers, measure completeness and carry small-sample flags.

    Parameters
    ----------
    data : pandas.DataFrame
        Units x indicators (raw values), NaN = missing. Not modified.
    threshold : float
        Flag cells whose absolute modified z-score exceeds this (default 3.5).
    small_sample : pandas.DataFrame, optional
        Boolean units x indicators, True where a value rests on too few
        observations (decided by the caller, e.g. fewer than 30 survey responses).
        Missing labels count as False.

    Returns
    -------
    DataQuality
        The flags and completeness measures.
    """
    z = robust_z(data)
    outliers = z.abs() > threshold
    present = data.notna()
    small = _small_sample(small_sample, data)
    return DataQuality(
        robust_z=z,
        outliers=outliers,
        completeness=present.mean(axis=1).rename("completeness"),
        indicator_completeness=present.mean(axis=0).rename("completeness"),
        small_sample=small,
        flags=_flags(data, z, {"outlier": outliers, "small_sample": small}),
    )


def _small_sample(small_sample, data: pd.DataFrame) -> pd.DataFrame:
    if small_sample is None:
        return pd.DataFrame(False, index=data.index, columns=data.columns)
    unknown = [c for c in small_sample.columns if c not in data.columns]
    if unknown:
        raise ValueError(f"small_sample has columns that are not in the data: {unknown}")
    aligned = small_sample.reindex(index=data.index, columns=data.columns, fill_value=False)
    return aligned.eq(True)  # NaN and anything not truthy-True count as False


def _flags(data: pd.DataFrame, z: pd.DataFrame, masks: dict) -> pd.DataFrame:
    # Gather positions first and build one frame: concatenating empty frames warns.
    found = [(flag, *np.nonzero(m.to_numpy(dtype=bool))) for flag, m in masks.items()]
    rows = np.concatenate([r for _, r, _ in found]).astype(int)
    cols = np.concatenate([c for _, _, c in found]).astype(int)
    return pd.DataFrame(
        {
            "unit": data.index[rows],
            "indicator": data.columns[cols],
            "flag": np.repeat([f for f, _, _ in found], [len(r) for _, r, _ in found]),
            "value": data.to_numpy(dtype=float)[rows, cols],
            "robust_z": z.to_numpy(dtype=float)[rows, cols],
        }
    )
