"""Drill-down from the index to an aspect: its indicators' raw and normalised values and points.

Everything is read from the run's stored inputs and spec (``rankings.explain.rebuild``), so the
numbers are exactly those of the published ranking.
"""

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select

from models import Indicator, Unit, db
from models.scoring import ScoreRun

from ..rankings.explain import category, rebuild


@dataclass
class AspectView:
    """One aspect of one unit in one run: its score, points and the rows below it."""

    code: str
    name: str
    score: float | None
    points: float
    peer_score: float | None
    weight: float
    rows: list[dict] = field(default_factory=list)
    excluded: str | None = None


def framework_names(run: ScoreRun) -> dict[str, str]:
    """Return code → name of every node of the run's framework (catalogue names win)."""
    names = {row["code"]: row.get("name") or row["code"] for row in run.spec["framework"]}
    names.update(dict(db.session.execute(select(Indicator.code, Indicator.name_id).where(
        Indicator.code.in_(list(names)))).all()))
    return names


def aspect_of(run: ScoreRun) -> dict[str, dict]:
    """Return indicator code → its parent aspect {code, name} in the run's framework."""
    nodes = {row["code"]: row for row in run.spec["framework"]}
    return {code: {"code": row["parent"], "name": nodes[row["parent"]].get("name")}
            for code, row in nodes.items()
            if row["level"] == 1 and row.get("parent") in nodes}


def _indicators_under(framework, code: str) -> list[str]:
    """Return the indicator codes in the subtree of a node (the node itself if an indicator)."""
    children = framework.children.get(code)
    if not children:
        return [code]
    return [leaf for child in children for leaf in _indicators_under(framework, child)]


def _peers(result, unit_code: str) -> pd.Series:
    """Return the mask of ranked units in the unit's peer group (the unit included)."""
    peers = result.rank.notna()
    if result.groups is not None:
        peers &= result.groups == result.groups[unit_code]
    return peers


def _num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def aspect_view(run: ScoreRun, unit: Unit, aspect: str) -> AspectView:
    """Break an aspect of a unit's score into its children; KeyError for an unknown aspect.

    Each row: raw value, normalised value (0–100, higher is better), weight within the aspect,
    points contributed to the final score, and the peer-group medians of both values.
    """
    result = rebuild(run)
    fw = result.framework
    if aspect not in fw.children or aspect == fw.root or unit.code not in result.scores.index:
        raise KeyError(aspect)
    names = framework_names(run)
    raw = pd.DataFrame.from_dict(run.inputs["values"], orient="index")
    peers = _peers(result, unit.code)
    contributions = result.contributions.loc[unit.code]
    view = AspectView(
        code=aspect, name=names.get(aspect, aspect),
        score=_num(result.scores.at[unit.code, aspect]),
        points=float(contributions.reindex(_indicators_under(fw, aspect)).fillna(0).sum()),
        peer_score=_num(result.scores.loc[peers.to_numpy(), aspect].median()),
        weight=float(fw.weight[aspect]), excluded=result.excluded.get(unit.code))
    for child in fw.children[aspect]:
        view.rows.append(_child_row(run, result, unit.code, child, names, raw, peers))
    return view


def _child_row(run: ScoreRun, result, unit_code: str, child: str, names: dict,
               raw: pd.DataFrame, peers: pd.Series) -> dict:
    """Return one row of an aspect: an indicator (with its raw value) or a sub-aspect."""
    fw = result.framework
    leaves = _indicators_under(fw, child)
    is_indicator = leaves == [child]
    raw_value = run.inputs["values"].get(unit_code, {}).get(child) if is_indicator else None
    peer_raw = raw.loc[peers[peers].index, child].median() \
        if is_indicator and child in raw.columns else None
    return {
        "code": child, "name": names.get(child, child), "is_indicator": is_indicator,
        "raw": raw_value, "category": category(child, raw_value),
        "normalised": _num(result.scores.at[unit_code, child]),
        "weight": float(fw.weight[child]),
        "direction": fw.direction.get(child) if is_indicator else None,
        "points": float(result.contributions.loc[unit_code].reindex(leaves).fillna(0).sum()),
        "peer_raw": _num(peer_raw),
        "peer_normalised": _num(result.scores.loc[peers.to_numpy(), child].median()),
    }
