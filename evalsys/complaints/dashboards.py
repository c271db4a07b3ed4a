"""Figures behind the SLA pages: all units in a period, one unit over time, policy form."""

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import or_, select

from models import Period, Unit, db
from models.complaint import SEVERITIES, Complaint
from models.survey import SurveyTarget
from scoring.sla import SlaPolicy, summarise_by_unit

from .calendars import inputs, local_today
from .evaluation import evaluate, load, overall, period_frames, records
from .queries import complaint_cards

_UNIT_COLUMNS = ["unit_id", "code", "name", "timezone", "opd"]


def _units(opd_id: int | None, also: list[int]) -> pd.DataFrame:
    """Return service units (under an OPD if given) plus units that have complaints."""
    parent = Unit.__table__.alias("opd")
    query = (select(Unit.id, Unit.code, Unit.name, Unit.timezone, parent.c.name)
             .outerjoin(parent, parent.c.id == Unit.parent_id)
             .where(or_(Unit.level == "unit", Unit.id.in_(also))))
    if opd_id:
        query = query.where(or_(Unit.id == opd_id, Unit.parent_id == opd_id))
    return pd.DataFrame([tuple(r) for r in db.session.execute(query)], columns=_UNIT_COLUMNS)


def all_units(period: Period, opd_id: int | None, as_of: date | None) -> dict:
    """Return the dashboard's table (one row per unit), pooled cards and the as-of date."""
    where = [or_(Unit.id == opd_id, Unit.parent_id == opd_id)] if opd_id else []
    volume = service_volume(period)
    evaluated, summary = period_frames(period.start_date, period.end_date, *where, as_of=as_of,
                                       service_volume=volume if len(volume) else None)
    units = _units(opd_id, [int(i) for i in summary.index])
    table = units.join(summary, on="unit_id", how="left")
    if "complaints_per_1000" not in table:
        table["complaints_per_1000"] = np.nan
    table["n"] = table["n"].fillna(0).astype(int)
    table = table.sort_values(["pct_resolved_within_sla", "n", "name"],
                              ascending=[False, False, True], na_position="last")
    shown = as_of or min(period.end_date, local_today("WIB"))
    return {"table": table, "rows": records(table), "overall": overall(
        evaluated, period.start_date, period.end_date), "as_of_shown": shown}


def service_volume(period: Period) -> pd.Series:
    """Return services per unit in the period: the service users (N) set for the SKM survey.

    ``SurveyTarget.population`` is the one place the number of service users per unit and
    period is recorded; units without it get no complaints-per-1,000 figure.
    """
    rows = db.session.execute(select(SurveyTarget.unit_id, SurveyTarget.population)
                              .where(SurveyTarget.period_id == period.id)).all()
    return pd.Series(dict(rows), dtype=float)


def one_unit(unit: Unit, period: Period) -> dict:
    """Return one unit's trend over periods of the same kind and its period's late complaints."""
    complaints, events = load(Complaint.unit_id == unit.id)
    periods = db.session.scalars(select(Period).where(Period.kind == period.kind)
                                 .order_by(Period.start_date)).all()
    trend = [dict(_figures(complaints, events, p), period=p.code) for p in periods]
    evaluated = evaluate(complaints, events, cap=period.end_date)
    received = evaluated["received_date"]
    cohort = evaluated[received.between(pd.Timestamp(period.start_date),
                                        pd.Timestamp(period.end_date))]
    late = cohort[cohort["verify_breach"] | cohort["response_breach"]
                  | cohort["resolution_breach"]].sort_values("received_date")
    return {
        "figures": _figures(complaints, events, period),
        "trend": pd.DataFrame(trend, columns=["period", "pct_response_within_sla",
                                              "pct_resolved_within_sla"]),
        "days": cohort["resolution_working_days"],
        "late": records(late), "cards": complaint_cards(late["complaint_id"].tolist()),
        "by_severity": _by_severity(cohort),
        "six_day": unit.id in inputs().six_day_units,
    }


def _figures(complaints, events, period: Period) -> dict:
    evaluated = evaluate(complaints, events, cap=period.end_date)
    return overall(evaluated, period.start_date, period.end_date)


def _by_severity(cohort: pd.DataFrame) -> list[dict]:
    """Return the period's counts and % resolved within SLA per severity class."""
    if cohort.empty:
        return []
    summary = summarise_by_unit(cohort.assign(unit_id=cohort["severity"]),
                                cohort["received_date"].min(), cohort["received_date"].max())
    rows = summary.reindex([s for s in SEVERITIES if s in summary.index])
    return records(rows.reset_index(names="severity"))


def policy_from_form(form) -> SlaPolicy:
    """Build an SlaPolicy from the policy form (raises ValueError when inconsistent)."""
    return SlaPolicy(
        verify_working_days=form.verify_working_days.data,
        follow_up_working_days=form.follow_up_working_days.data,
        resolution_working_days={s: getattr(form, s).data for s in SEVERITIES},
        pause_statuses=frozenset(form.pause_statuses.data or ()),
        statutory_response_days=form.statutory_response_days.data,
        statutory_decision_days=form.statutory_decision_days.data,
        statutory_delivery_days=form.statutory_delivery_days.data,
        office_close=form.office_close.data)
