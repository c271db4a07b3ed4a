"""Service levels computed on read: complaints and events loaded set-based, then scoring.sla.

Every figure here comes from the event log, the active SLA policy version and today's calendar
(``calendars.py``): one query loads the complaints, one their events, whatever the number of
units; the pure functions of ``scoring.sla`` do the rest per (work week, time zone) group,
because a 6-day week or another time zone means another calendar or another "today".
"""

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from flask import g
from sqlalchemy import String, or_, select, type_coerce
from sqlalchemy.orm import aliased

from models import Unit, db
from models.complaint import Complaint, ComplaintEvent, SlaPolicyVersion
from scoring.calendar import working_days_between
from scoring.sla import SlaPolicy, due_soon, evaluate_complaints, summarise_by_unit

from .calendars import calendar_for, inputs, local_today, years_for

_COMPLAINT_COLUMNS = ("id", "unit_id", "received_at", "severity", "kind", "timezone")
_EVENT_COLUMNS = ("complaint_id", "status", "at")
_G_POLICY = "complaint_sla_policy"
OPEN_STATUSES = ("diterima", "diverifikasi", "didisposisikan", "ditindaklanjuti",
                 "perlu_kelengkapan")


def active_policy() -> tuple[SlaPolicy, int]:
    """Return the active SLA policy and its version (0: the METHODOLOGY §3 defaults)."""
    cached = g.get(_G_POLICY)
    if cached is None:
        row = db.session.scalar(select(SlaPolicyVersion).where(SlaPolicyVersion.is_active)
                                .order_by(SlaPolicyVersion.version.desc()).limit(1))
        cached = (SlaPolicy.from_dict(row.policy), row.version) if row else (SlaPolicy(), 0)
        setattr(g, _G_POLICY, cached)
    return cached


def forget_policy() -> None:
    """Drop the per-request policy cache after a new version was activated."""
    g.pop(_G_POLICY, None)


def _frame(rows, columns, stamp: str) -> pd.DataFrame:
    # Plain tuples: pandas walks SQLAlchemy Row objects ten times slower.
    frame = pd.DataFrame([tuple(r) for r in rows], columns=list(columns))
    frame[stamp] = pd.to_datetime(frame[stamp], format="ISO8601").astype("datetime64[us]")
    return frame


def load(*where) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load the complaints matching ``where`` (on Complaint/Unit) and their events.

    Exactly two queries, whatever the number of units or complaints. Times are read as the
    driver hands them over (text on SQLite, datetimes on PostgreSQL) and parsed by pandas in
    one go, which is several times faster than a Python datetime per row. Events come in
    recording order; ``scoring.sla`` sorts them by time and keeps that order for ties.
    """
    complaints = db.session.execute(
        select(Complaint.id, Complaint.unit_id, type_coerce(Complaint.received_at, String),
               Complaint.severity, Complaint.kind, Unit.timezone)
        .join(Unit, Unit.id == Complaint.unit_id).where(*where).order_by(Complaint.id))
    events = db.session.execute(
        select(ComplaintEvent.complaint_id, ComplaintEvent.status,
               type_coerce(ComplaintEvent.at, String))
        .join(Complaint, Complaint.id == ComplaintEvent.complaint_id)
        .join(Unit, Unit.id == Complaint.unit_id).where(*where).order_by(ComplaintEvent.id))
    return _frame(complaints, _COMPLAINT_COLUMNS, "received_at"), _frame(events, _EVENT_COLUMNS,
                                                                         "at")


def _as_of(timezone: str, as_of: date | None, cap: date | None) -> date:
    day = as_of or local_today(timezone)
    return min(day, cap) if cap else day


def _groups(complaints, events, as_of, cap):
    """Yield (calendar, as_of, complaints, events) per work week and time zone."""
    six = complaints["unit_id"].isin(inputs().six_day_units).rename("six_day")
    for (six_day, timezone), group in complaints.groupby([six, complaints["timezone"]]):
        day = _as_of(timezone, as_of, cap)
        first = group["received_at"].min().date()
        calendar = calendar_for(years_for(first, day), bool(six_day))
        mine = events[events["complaint_id"].isin(group["id"])]
        yield calendar, day, group, mine


def evaluate(complaints: pd.DataFrame, events: pd.DataFrame, as_of: date | None = None,
             cap: date | None = None) -> pd.DataFrame:
    """Evaluate every complaint (``scoring.sla.evaluate_complaints``) with the active policy.

    ``as_of`` defaults to today in each unit's time zone; ``cap`` bounds it (a period's end).
    Adds ``as_of`` per row.
    """
    policy, _ = active_policy()
    parts = [evaluate_complaints(group, evs, cal, policy, day).assign(as_of=pd.Timestamp(day))
             for cal, day, group, evs in _groups(complaints, events, as_of, cap)]
    if parts:
        return pd.concat(parts, ignore_index=True).sort_values("complaint_id",
                                                                ignore_index=True)
    day = _as_of("WIB", as_of, cap)
    empty = evaluate_complaints(complaints, events, calendar_for(years_for(day, day)), policy,
                                day)
    return empty.assign(as_of=pd.Series(dtype="datetime64[us]"))


def due(complaints: pd.DataFrame, events: pd.DataFrame, as_of: date | None = None,
        within: int = 2) -> pd.DataFrame:
    """List open complaints overdue or due within ``within`` working days of their unit."""
    policy, _ = active_policy()
    parts = []
    for cal, day, group, evs in _groups(complaints, events, as_of, None):
        evaluated = evaluate_complaints(group, evs, cal, policy, day)
        parts.append(due_soon(evaluated, cal, day, within).assign(as_of=pd.Timestamp(day)))
    if not parts:
        return pd.DataFrame(columns=["complaint_id", "next_step", "next_due",
                                     "working_days_left"])
    return pd.concat(parts, ignore_index=True).sort_values(["next_due", "complaint_id"],
                                                           ignore_index=True)


def period_frames(start: date, end: date, *where, as_of: date | None = None,
                  service_volume: pd.Series | None = None):
    """Evaluate every complaint received by ``end`` (matching ``where``) for a period summary.

    Returns (evaluated, summary by unit). Without ``as_of`` the figures stand as of the
    period's end, or today for a running period (``summarise_by_unit``'s convention).
    ``service_volume`` (services per unit) adds complaints per 1,000 services.
    """
    complaints, events = load(Complaint.received_at < _midnight(end + timedelta(days=1)),
                              _relevant_to(start), *where)
    evaluated = evaluate(complaints, events, as_of=as_of, cap=None if as_of else end)
    return evaluated, summarise_by_unit(evaluated, start, end, service_volume)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())


def _relevant_to(start: date):
    """Complaints a period from ``start`` can need: received in it, open, or touched since.

    A complaint closed before the period began, with no event since, is closed throughout
    and counts in none of the period's figures; skipping it keeps the load proportional to
    the period rather than to the whole history.
    """
    since = _midnight(start)
    later = aliased(ComplaintEvent)  # the events query has complaint_event in its FROM too
    touched = (select(later.id).where(later.complaint_id == Complaint.id, later.at >= since)
               .correlate(Complaint).exists())
    return or_(Complaint.received_at >= since, Complaint.status.in_(OPEN_STATUSES), touched)


def overall(evaluated: pd.DataFrame, start: date, end: date) -> dict:
    """Return the pooled figures of every unit in ``evaluated`` (the dashboard's cards)."""
    pooled = summarise_by_unit(evaluated.assign(unit_id=0), start, end)
    if pooled.empty:
        return {"n": 0, "open_backlog": 0, "overdue": 0}
    return records(pooled)[0]


def complaint_sla(complaint: Complaint) -> dict:
    """Return one complaint's evaluated row as a dict (due dates, elapsed, breaches)."""
    complaints, events = load(Complaint.id == complaint.id)
    evaluated = evaluate(complaints, events)
    if evaluated.empty:  # received "after today": a clock or time-zone slip; show day 0
        evaluated = evaluate(complaints, events, as_of=complaint.received_at.date())
    return records(evaluated)[0]


def records(frame: pd.DataFrame) -> list[dict]:
    """Return a frame's rows with dates as ``date``, numpy scalars as Python, NaN/NaT as None."""
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _plain(value):
    """Turn pandas/numpy scalars into date, int, float, bool or None for templates."""
    if isinstance(value, pd.Timestamp):
        return value.date()
    if value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def timeline(complaint: Complaint, sla: dict) -> list[dict]:
    """Return the complaint's events with actor and working day since day 0 of the clock."""
    policy, _ = active_policy()
    day0 = sla["effective_received_date"]
    events = list(complaint.events)
    last = max([e.at.date() for e in events] + [sla["as_of"], day0])
    six_day = complaint.unit_id in inputs().six_day_units
    cal = calendar_for(years_for(complaint.received_at.date(), last), six_day)
    rows = []
    for index, event in enumerate(events):
        following = events[index + 1].at if index + 1 < len(events) else None
        rows.append({"event": event, "working_day": working_days_between(
            day0, event.at.date(), cal), "pause": event.status in policy.pause_statuses,
            "until": following})
    return rows


def statutory_dates(complaint: Complaint, sla: dict) -> dict:
    """Return the UU 25/2009 calendar-day limits of a complaint (Pasal 44 and 50)."""
    policy, _ = active_policy()
    received = complaint.received_at.date()
    pauses = [e for e in complaint.events if e.status in policy.pause_statuses]
    complete = sla["verified_date"]
    if pauses and complaint.status not in policy.pause_statuses:
        resumed = [e.at.date() for e in complaint.events if e.at > pauses[-1].at]
        complete = resumed[0] if resumed else complete
    return {
        "response_due": received + timedelta(days=policy.statutory_response_days),
        "material_due": (pauses[-1].at.date() + timedelta(days=30)
                         if complaint.status in policy.pause_statuses and pauses else None),
        "decision_due": (complete + timedelta(days=policy.statutory_decision_days)
                         if complete else None),
        "delivery_days": policy.statutory_delivery_days,
    }
