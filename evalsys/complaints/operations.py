"""Complaint writes: new complaints, status changes, SLA policy versions, calendar edits.

Every function flushes and never commits; a refused change raises a DomainError with an
Indonesian message. Each write refreshes the SLA indicators of the open periods it touches.
"""

import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from models import Unit, User, db
from models.complaint import (
    Complaint,
    ComplaintEvent,
    HolidayAdjustment,
    SlaPolicyVersion,
    UnitWorkWeek,
)
from scoring.sla import (
    ALLOWED_TRANSITIONS,
    STATUSES,
    InvalidTransition,
    SlaPolicy,
    check_transition,
)

from ..errors import DomainError, NotAllowed
from . import calendars, computed
from .evaluation import forget_policy

# How far ahead of the unit's clock a typed time may be (a slow wall clock, not the future).
_CLOCK_SLACK = timedelta(minutes=5)


def allowed_next(status: str) -> list[str]:
    """Return the statuses a complaint may move to from ``status``, in life-cycle order."""
    return [s for s in STATUSES if s in ALLOWED_TRANSITIONS.get(status, ())]


def _check_scope(user: User, unit_id: int) -> None:
    if not user.can_edit_unit(unit_id):
        raise NotAllowed("Anda tidak berwenang mengubah pengaduan unit ini.")


def new_tracking_number(received_at: datetime) -> str:
    """Return a fresh tracking number for a manually entered complaint."""
    return f"EVS-{received_at:%Y%m%d}-{secrets.token_hex(3).upper()}"


def create_complaint(user: User, unit: Unit, data: dict) -> Complaint:
    """Register a complaint (status diterima) received at ``data['received_at']`` local time."""
    _check_scope(user, unit.id)
    received = data["received_at"].replace(second=0, microsecond=0)
    if received > calendars.local_now(unit.timezone) + _CLOCK_SLACK:
        raise DomainError("Waktu diterima tidak boleh di masa depan (waktu setempat unit).")
    number = (data.get("tracking_number") or "").strip() or new_tracking_number(received)
    if db.session.scalar(select(Complaint.id).where(Complaint.tracking_number == number)):
        raise DomainError(f"Nomor tracking {number} sudah terdaftar.")
    complaint = Complaint(
        unit_id=unit.id, tracking_number=number, channel=data["channel"], kind=data["kind"],
        severity=data["severity"], category=data.get("category") or None, received_at=received,
        complainant_name=data.get("complainant_name") or None,
        complainant_contact=data.get("complainant_contact") or None,
        is_confidential=bool(data.get("is_confidential")), subject=data["subject"].strip(),
        description=data.get("description") or None, status="diterima", source="manual",
        created_by_id=user.id)
    complaint.events.append(ComplaintEvent(status="diterima", at=received, actor_user_id=user.id,
                                           note=None))
    db.session.add(complaint)
    db.session.flush()
    computed.refresh(received.date(), received.date(), [unit.id])
    return complaint


def last_event(complaint: Complaint) -> ComplaintEvent | None:
    """Return the complaint's latest event (the log decides the status, not the cache)."""
    return db.session.scalar(select(ComplaintEvent).where(
        ComplaintEvent.complaint_id == complaint.id)
        .order_by(ComplaintEvent.at.desc(), ComplaintEvent.id.desc()).limit(1))


def record_event(complaint: Complaint, to_status: str, user: User, note: str | None = None,
                 at: datetime | None = None) -> ComplaintEvent:
    """Move a complaint to ``to_status`` at ``at`` (default now, unit's local time).

    Refuses a transition the life cycle forbids (the message of ``check_transition``), a time
    before the previous event or in the future, and a user outside the unit's scope.
    """
    _check_scope(user, complaint.unit_id)
    # Two people moving the same complaint at once: the second waits and re-reads the log
    # (FOR UPDATE on PostgreSQL; SQLite serialises writers anyway and SQLAlchemy omits it).
    db.session.execute(select(Complaint.id).where(Complaint.id == complaint.id).with_for_update())
    previous = last_event(complaint)
    current = previous.status if previous else "diterima"
    try:
        check_transition(current, to_status)
    except InvalidTransition as err:
        raise DomainError(str(err)) from None
    now = calendars.local_now(complaint.unit.timezone)
    at = (at or now).replace(second=0, microsecond=0)
    if at > now + _CLOCK_SLACK:
        raise DomainError("Waktu perubahan status tidak boleh di masa depan.")
    earliest = previous.at if previous else complaint.received_at
    if at < earliest:
        shown = earliest.strftime("%d-%m-%Y %H:%M")
        raise DomainError(f"Waktu tidak boleh sebelum peristiwa sebelumnya ({shown}).")
    event = ComplaintEvent(complaint_id=complaint.id, status=to_status, at=at,
                           actor_user_id=user.id, note=(note or "").strip() or None)
    db.session.add(event)
    complaint.status = to_status  # derived cache of the log, written with the event
    db.session.flush()
    computed.refresh(complaint.received_at.date(), complaint.received_at.date(),
                     [complaint.unit_id])
    return event


def save_policy(user: User, policy: SlaPolicy, note: str | None = None) -> SlaPolicyVersion:
    """Store the policy as a new active version; earlier versions stay, inactive."""
    if user.role != "admin":
        raise NotAllowed("Hanya admin yang dapat mengubah kebijakan SLA.")
    latest = db.session.scalar(select(func.max(SlaPolicyVersion.version))) or 0
    for row in db.session.scalars(select(SlaPolicyVersion).where(SlaPolicyVersion.is_active)):
        row.is_active = False
    row = SlaPolicyVersion(version=latest + 1, policy=policy.to_dict(), note=note or None,
                           is_active=True, created_by_id=user.id)
    db.session.add(row)
    db.session.flush()
    forget_policy()
    computed.refresh_all()
    return row


def add_adjustment(day: date, name: str, kind: str, note: str | None = None) -> HolidayAdjustment:
    """Add a local holiday (``add``) or declare a national date a working day (``remove``)."""
    if db.session.scalar(select(HolidayAdjustment.id).where(HolidayAdjustment.day == day)):
        raise DomainError(f"Tanggal {day:%d-%m-%Y} sudah punya penyesuaian; hapus dulu.")
    row = HolidayAdjustment(day=day, name=name.strip(), kind=kind, note=note or None)
    db.session.add(row)
    db.session.flush()
    calendars.forget()
    computed.refresh_all()
    return row


def delete_adjustment(row: HolidayAdjustment) -> None:
    """Remove a local adjustment; the national calendar applies again on that date."""
    db.session.delete(row)
    db.session.flush()
    calendars.forget()
    computed.refresh_all()


def set_work_week(unit: Unit, six_day: bool) -> None:
    """Give a unit a 6-day week (Monday–Saturday) or back the default 5-day week."""
    row = db.session.scalar(select(UnitWorkWeek).where(UnitWorkWeek.unit_id == unit.id))
    if six_day and row is None:
        db.session.add(UnitWorkWeek(unit_id=unit.id, six_day=True))
    elif row is not None and not six_day:
        db.session.delete(row)
    elif row is not None:
        row.six_day = True
    db.session.flush()
    calendars.forget()
    computed.refresh_all([unit.id])
