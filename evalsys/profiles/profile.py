"""The unit profile: every indicator with its trend, its peers, its target; proposals history.

Peers are the active service units of the same type; their figures use the values a ranking
counts (submitted and approved). Reads are set-based: one query for the unit's values over all
periods, one for the peer group's, one for targets, one for proposals.
"""

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from models import Indicator, IndicatorValue, Period, Unit, db
from models.proposal import Proposal
from scoring.targets import percent_achieved

from ..rankings.operations import COUNTED_STATUSES
from ..targets.queries import load_targets

_UNIT_COLUMNS = ["indicator_id", "period_id", "period", "end_date", "value", "status"]


@dataclass
class Profile:
    """What the profile page shows for one unit and one period."""

    unit: Unit
    period: Period
    rows: list[dict] = field(default_factory=list)
    trend: pd.DataFrame | None = None
    peer_trend: pd.DataFrame | None = None
    n_peers: int = 0


def unit_values(unit: Unit) -> pd.DataFrame:
    """Return every value of the unit over all periods, oldest period first (one query)."""
    rows = db.session.execute(
        select(IndicatorValue.indicator_id, Period.id, Period.code, Period.end_date,
               IndicatorValue.value, IndicatorValue.status)
        .join(Period, Period.id == IndicatorValue.period_id)
        .where(IndicatorValue.unit_id == unit.id, IndicatorValue.value.is_not(None))
        .order_by(Period.end_date, IndicatorValue.indicator_id)).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=_UNIT_COLUMNS)


def peer_values(unit: Unit) -> pd.DataFrame:
    """Return the counted values of every active unit of the same type, all periods."""
    rows = db.session.execute(
        select(IndicatorValue.unit_id, IndicatorValue.indicator_id, IndicatorValue.period_id,
               IndicatorValue.value)
        .join(Unit, Unit.id == IndicatorValue.unit_id)
        .where(Unit.unit_type == unit.unit_type, Unit.level == "unit",
               Unit.is_active.is_(True), IndicatorValue.status.in_(COUNTED_STATUSES),
               IndicatorValue.value.is_not(None))).all()
    return pd.DataFrame([tuple(r) for r in rows],
                        columns=["unit_id", "indicator_id", "period_id", "value"])


def peer_stats(peers: pd.DataFrame) -> pd.DataFrame:
    """Return, per (period, indicator), the peers' count, quartiles and median."""
    if peers.empty:
        return pd.DataFrame(columns=["n", "q1", "median", "q3"])
    grouped = peers.groupby(["period_id", "indicator_id"])["value"]
    return pd.DataFrame({"n": grouped.size(), "q1": grouped.quantile(0.25),
                         "median": grouped.median(), "q3": grouped.quantile(0.75)})


def percentile(values: pd.Series, value: float, direction: int) -> float | None:
    """Return the share (%) of peers doing worse than ``value``, ties counting half.

    Direction-adjusted: 100 means better than every peer whichever way the indicator points.
    """
    if values.empty:
        return None
    signed, mine = values * direction, value * direction
    return float(100 * ((signed < mine).sum() + 0.5 * (signed == mine).sum()) / len(values))


def _row(indicator: Indicator, mine: pd.Series | None, stats: dict | None,
         peer_now: pd.Series, target) -> dict:
    value = None if mine is None else float(mine["value"])
    row = {"indicator": indicator, "value": value,
           "status": None if mine is None else mine["status"],
           "peer": stats, "target": target,
           "percentile": None if value is None else percentile(peer_now, value,
                                                               indicator.direction),
           "achieved": percent_achieved(value, target.target if target else None,
                                        indicator.direction)}
    if value is not None and stats:
        row["vs_median"] = (value - stats["median"]) * indicator.direction
    return row


def build(unit: Unit, period: Period) -> Profile:
    """Assemble the profile rows: this period's value, peers, target and % achieved."""
    mine = unit_values(unit)
    peers = peer_values(unit)
    stats = peer_stats(peers)
    ids = sorted(set(mine["indicator_id"]))
    indicators = db.session.scalars(select(Indicator).where(Indicator.id.in_(ids))
                                    .order_by(Indicator.id)).all()
    book = load_targets(period.year, ids)
    now = mine[mine["period_id"] == period.id].set_index("indicator_id")
    peers_now = peers[peers["period_id"] == period.id]
    profile = Profile(unit=unit, period=period,
                      n_peers=int(peers_now["unit_id"].nunique()) if not peers.empty else 0)
    for ind in indicators:
        key = (period.id, ind.id)
        profile.rows.append(_row(
            ind, now.loc[ind.id] if ind.id in now.index else None,
            stats.loc[key].to_dict() if key in stats.index else None,
            peers_now.loc[peers_now["indicator_id"] == ind.id, "value"],
            book.lookup(ind.id, unit.id, unit.unit_type)))
    counted = mine[mine["status"].isin(COUNTED_STATUSES)]
    profile.trend = counted.assign(indicator=counted["indicator_id"].map(
        {i.id: i.name_id for i in indicators}))
    profile.peer_trend = stats.reset_index() if not stats.empty else None
    return profile


def proposals(unit: Unit) -> list[Proposal]:
    """Return every proposal made for the unit, newest first, with its period (one query)."""
    return list(db.session.scalars(
        select(Proposal).where(Proposal.unit_id == unit.id)
        .options(joinedload(Proposal.period), joinedload(Proposal.decided_by))
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())))


def periods() -> list[Period]:
    """Return every period, newest first."""
    return list(db.session.scalars(select(Period).order_by(Period.end_date.desc())))


def trend_frames(profile: Profile, all_periods: list[Period]) -> tuple[pd.DataFrame,
                                                                        pd.DataFrame]:
    """Return (unit trend, peer-median trend) with indicator names and period codes, in time
    order, for ``charts.trend_multiples``."""
    order = sorted(all_periods, key=lambda p: p.end_date)
    codes = {p.id: p.code for p in order}
    rank = {p.id: i for i, p in enumerate(order)}
    names = {r["indicator"].id: r["indicator"].name_id for r in profile.rows}
    trend = profile.trend.assign(rank=profile.trend["period_id"].map(rank)).sort_values("rank")
    trend = trend.rename(columns={"period": "period_code"})[["indicator", "period_code", "value"]]
    peer = profile.peer_trend
    if peer is None:
        peer = pd.DataFrame(columns=["indicator", "period", "median"])
    else:
        peer = peer[peer["indicator_id"].isin(names)].assign(
            indicator=lambda f: f["indicator_id"].map(names),
            period=lambda f: f["period_id"].map(codes), rank=lambda f: f["period_id"].map(rank))
        peer = peer.sort_values("rank")[["indicator", "period", "median"]]
    return trend.rename(columns={"period_code": "period"}), peer
