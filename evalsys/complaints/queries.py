"""Read-side queries of the complaint register: filters, pagination, SLA of the shown rows."""

from datetime import date, datetime, timedelta

import pandas as pd
from flask import abort
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from models import Period, Unit, db
from models.complaint import CHANNELS, KINDS, SEVERITIES, Complaint, ComplaintEvent
from scoring.sla import STATUSES

from . import evaluation

OPEN_STATUSES = evaluation.OPEN_STATUSES


def _int(args, key: str) -> int | None:
    try:
        return int(args.get(key) or 0) or None
    except ValueError:
        return None


def conditions(args) -> list:
    """Turn the register's query string into SQL conditions on Complaint and Unit."""
    where = []
    if unit_id := _int(args, "unit"):
        where.append(Complaint.unit_id == unit_id)
    if opd_id := _int(args, "opd"):
        where.append(or_(Unit.id == opd_id, Unit.parent_id == opd_id))
    for key, column, allowed in (("status", Complaint.status, STATUSES),
                                 ("channel", Complaint.channel, CHANNELS),
                                 ("kind", Complaint.kind, KINDS),
                                 ("severity", Complaint.severity, SEVERITIES)):
        if args.get(key) in allowed:
            where.append(column == args[key])
    if (period_id := _int(args, "period")) and (period := db.session.get(Period, period_id)):
        where += received_between(period.start_date, period.end_date)
    if batch := (args.get("batch") or "").strip():
        where.append(Complaint.import_batch == batch)
    if q := (args.get("q") or "").strip().lower():
        like = f"%{q}%"
        where.append(or_(func.lower(Complaint.subject).like(like),
                         func.lower(Complaint.tracking_number).like(like)))
    return where


def received_between(first: date, last: date) -> list:
    """Return conditions for complaints received from ``first`` to ``last`` inclusive."""
    return [Complaint.received_at >= datetime.combine(first, datetime.min.time()),
            Complaint.received_at < datetime.combine(last + timedelta(days=1),
                                                     datetime.min.time())]


def overdue_ids(where: list) -> list[int]:
    """Return ids of open complaints past their resolution due date today (computed on read)."""
    complaints, events = evaluation.load(Complaint.status.in_(OPEN_STATUSES), *where)
    evaluated = evaluation.evaluate(complaints, events)
    return [int(i) for i in evaluated.loc[evaluated["is_overdue"], "complaint_id"]]


def register_query(args) -> Select:
    """Return the register's query for the filters in ``args``, newest first."""
    where = conditions(args)
    if args.get("overdue") == "1":
        where.append(Complaint.id.in_(overdue_ids(where)))
    return (select(Complaint).join(Complaint.unit).options(contains_eager(Complaint.unit))
            .where(*where).order_by(Complaint.received_at.desc(), Complaint.id.desc()))


def sla_rows(complaint_ids: list[int]) -> dict[int, dict]:
    """Return each listed complaint's evaluated SLA row, from two queries."""
    if not complaint_ids:
        return {}
    complaints, events = evaluation.load(Complaint.id.in_(complaint_ids))
    evaluated = evaluation.evaluate(complaints, events)
    return {r["complaint_id"]: r for r in evaluation.records(evaluated)}


def unit_choices(unit_ids: set[int] | None = None) -> list[Unit]:
    """Return units that may receive complaints, OPD first then code (optionally some only)."""
    query = select(Unit).where(Unit.level != "pemda", Unit.is_active.is_(True))
    if unit_ids is not None:
        query = query.where(Unit.id.in_(unit_ids))
    return list(db.session.scalars(query.order_by(Unit.code)))


def periods() -> list[Period]:
    """Return every period, newest first."""
    return list(db.session.scalars(select(Period).order_by(Period.end_date.desc(),
                                                           Period.kind)))


def as_date(value) -> date | None:
    """Return a pandas/numpy timestamp as a date (None for NaT)."""
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def parse_date(text: str) -> date:
    """Parse an ISO date from a query string (raises ValueError, so ``type=`` drops it)."""
    return date.fromisoformat(text)


def complaint_cards(complaint_ids: list[int]) -> dict[int, Complaint]:
    """Return the listed complaints with their units, from one query."""
    if not complaint_ids:
        return {}
    rows = db.session.scalars(select(Complaint).join(Complaint.unit)
                              .options(contains_eager(Complaint.unit))
                              .where(Complaint.id.in_(complaint_ids)))
    return {c.id: c for c in rows}


def complaint_or_404(complaint_id: int) -> Complaint:
    """Return a complaint with its unit, events and their actors (three queries), or 404."""
    complaint = db.session.scalar(select(Complaint).where(Complaint.id == complaint_id).options(
        joinedload(Complaint.unit),
        selectinload(Complaint.events).joinedload(ComplaintEvent.actor)))
    if complaint is None:
        abort(404)
    return complaint
