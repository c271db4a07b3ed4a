"""Explanations built on contributions: strengths, weaknesses, gaps and changes.

Differences are split over indicators so that the parts add up *exactly* (to float
precision) to the score difference being explained:

* arithmetic (or mixed) trees: the difference of the indicators' contributions;
* purely geometric trees: the log-contributions' differences scaled by the
  logarithmic mean ``L(a, b) = (a - b) / (ln a - ln b)`` of the two scores (the LMDI
  decomposition), so an indicator on which both sides agree gets exactly 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def strengths_weaknesses(result, unit, n: int = 3) -> pd.DataFrame:
    """Best and worst indicators of a unit relative to its peer group.

    The gap is the unit's normalised value minus the median normalised value of its
    peers (same group in ``result.groups``, else all scored units; the unit itself
    included). Normalised values are higher-is-better for every indicator.

    Parameters
    ----------
    result : IndexResult
        Output of :func:`build_index`.
    unit : hashable
        Unit code; must have a score.
    n : int
        How many strengths and how many weaknesses.

    Returns
    -------
    pandas.DataFrame
        Columns ``indicator``, ``kind`` ("strength" / "weakness"), ``value``,
        ``peer_median``, ``gap``: the ``n`` largest gaps (descending) then the ``n``
        smallest of the remaining indicators (ascending). Missing indicators are
        skipped; ties go to the indicator code.
    """
    _require_scored(result, unit)
    values = result.scores.loc[:, list(result.framework.indicators)]
    peers = result.rank.notna()
    if result.groups is not None:
        peers &= result.groups == result.groups[unit]
    table = pd.DataFrame(
        {"value": values.loc[unit], "peer_median": values.loc[peers.to_numpy()].median()}
    )
    table["gap"] = table["value"] - table["peer_median"]
    table = table.dropna().rename_axis("indicator").reset_index()
    best = table.sort_values(["gap", "indicator"], ascending=[False, True]).head(n)
    rest = table.loc[~table["indicator"].isin(best["indicator"])]
    worst = rest.sort_values(["gap", "indicator"], ascending=[True, True]).head(n)
    out = pd.concat([best.assign(kind="strength"), worst.assign(kind="weakness")])
    return out.loc[:, ["indicator", "kind", "value", "peer_median", "gap"]].reset_index(drop=True)


def explain_difference(result, a, b) -> pd.DataFrame:
    """Which indicators make unit ``a`` score higher or lower than unit ``b``.

    Parameters
    ----------
    result : IndexResult
        Output of :func:`build_index`.
    a, b : hashable
        Unit codes; both must have a score.

    Returns
    -------
    pandas.DataFrame
        Indexed by indicator, columns ``value_a``, ``value_b`` (normalised values)
        and ``difference`` (score points), sorted by absolute difference
        (descending, then code). ``difference`` sums to ``score[a] - score[b]``.
    """
    for unit in (a, b):
        _require_scored(result, unit)
    parts = _split(result, a, result, b)
    table = pd.DataFrame(
        {
            "value_a": result.scores.loc[a].reindex(parts.index),
            "value_b": result.scores.loc[b].reindex(parts.index),
            "difference": parts,
        }
    )
    return _sorted(table, "difference")


def explain_change(previous, current, unit) -> pd.DataFrame:
    """Which indicators moved a unit's score between two runs.

    Parameters
    ----------
    previous, current : IndexResult
        Two results (e.g. last year and this year). Indicators present in only one
        of them count as contributing 0 in the other.
    unit : hashable
        Unit code; must have a score in both.

    Returns
    -------
    pandas.DataFrame
        Indexed by indicator, columns ``previous_value``, ``current_value``
        (normalised) and ``change`` (score points), sorted by absolute change.
        ``change`` sums to the unit's score change.
    """
    _require_scored(previous, unit)
    _require_scored(current, unit)
    parts = _split(current, unit, previous, unit)
    table = pd.DataFrame(
        {
            "previous_value": previous.scores.loc[unit].reindex(parts.index),
            "current_value": current.scores.loc[unit].reindex(parts.index),
            "change": parts,
        }
    )
    return _sorted(table, "change")


def _require_scored(result, unit) -> None:
    if unit not in result.rank.index:
        raise ValueError(f"unknown unit {unit!r}")
    if pd.isna(result.rank[unit]):
        reason = result.excluded.get(unit, "no score")
        raise ValueError(f"unit {unit!r} has no score: {reason}")


def _split(res_a, a, res_b, b) -> pd.Series:
    """Per-indicator parts of ``score_a - score_b`` that sum to it exactly."""
    codes = list(dict.fromkeys(res_a.framework.indicators + res_b.framework.indicators))
    geometric = res_a.log_contributions is not None and res_b.log_contributions is not None
    if not geometric:
        ca = res_a.contributions.loc[a].reindex(codes, fill_value=0.0)
        cb = res_b.contributions.loc[b].reindex(codes, fill_value=0.0)
        return (ca - cb).rename("difference")
    la = res_a.log_contributions.loc[a].reindex(codes, fill_value=0.0)
    lb = res_b.log_contributions.loc[b].reindex(codes, fill_value=0.0)
    sa, sb = res_a.score[a], res_b.score[b]
    log_gap = np.log(sa) - np.log(sb)
    # Logarithmic mean of the two scores; equals the score itself when they agree.
    mean = (sa - sb) / log_gap if abs(log_gap) > 1e-15 else sa
    return ((la - lb) * mean).rename("difference")


def _sorted(table: pd.DataFrame, column: str) -> pd.DataFrame:
    table = table.rename_axis("indicator")
    order = np.lexsort((table.index.to_numpy(dtype=str), -table[column].abs().to_numpy()))
    return table.iloc[order]
