"""Complaints (pengaduan) and their status events; SLA policies and the working-day calendar.

Times: ``Complaint.received_at`` and ``ComplaintEvent.at`` are *naive wall-clock times in the
unit's own time zone* (``Unit.timezone``: WIB, WITA or WIT), because the after-hours rule and
every working-day count are about the unit's office hours (see ``scoring/calendar.py``).
``created_at``/``updated_at`` stay in UTC like every other record.

The status of a complaint is its last event's status. ``Complaint.status`` caches it for
filtering and is written in the same operation as the event (``record_event``); the service
levels are always computed from the events, never from this cache.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Audited, Base, TimestampMixin, utcnow
from .unit import Unit
from .user import User

# Where a complaint came in; SP4N-LAPOR! is the national channel (PermenPANRB 62/2018).
CHANNELS = ("sp4n_lapor", "whatsapp", "telepon", "kotak_saran", "langsung", "media_sosial",
            "email")
# LAPOR! report classification.
KINDS = ("pengaduan", "aspirasi", "permintaan_informasi")
# Local SOP severity classes (METHODOLOGY §3.3); resolution targets live in the SLA policy.
SEVERITIES = ("ringan", "normatif", "tidak_berkadar_pengawasan", "berkadar_pengawasan")
SOURCES = ("manual", "import")
ADJUSTMENT_KINDS = ("add", "remove")


class Complaint(Audited, TimestampMixin, Base):
    """A complaint, aspiration or information request addressed to one service unit."""

    __tablename__ = "complaint"
    # Personal data of the complainant stays out of the audit log (UU 25/2009 Pasal 42(5)).
    __audit_exclude__ = ("complainant_name", "complainant_contact")

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    tracking_number: Mapped[str] = mapped_column(String(60), unique=True)
    channel: Mapped[str] = mapped_column(String(20), index=True)
    kind: Mapped[str] = mapped_column(String(30), default="pengaduan")
    severity: Mapped[str] = mapped_column(String(30), default="normatif")
    category: Mapped[str | None] = mapped_column(String(120))
    # Naive local time of the unit (see the module docstring).
    received_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    complainant_name: Mapped[str | None] = mapped_column(String(120))
    complainant_contact: Mapped[str | None] = mapped_column(String(200))
    is_confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    subject: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    # Cache of the last event's status, for filters only (see the module docstring).
    status: Mapped[str] = mapped_column(String(30), default="diterima", index=True)
    source: Mapped[str] = mapped_column(String(10), default="manual")
    import_batch: Mapped[str | None] = mapped_column(String(40), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    unit: Mapped[Unit] = relationship()
    events: Mapped[list[ComplaintEvent]] = relationship(
        back_populates="complaint", order_by=lambda: (ComplaintEvent.at, ComplaintEvent.id),
        cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Complaint {self.tracking_number} unit={self.unit_id} {self.status}>"


class ComplaintEvent(Base):
    """One status change of a complaint: the log every service level is computed from.

    Raw data, not audited row by row: the event itself records who and when.
    """

    __tablename__ = "complaint_event"
    __table_args__ = (Index("ix_complaint_event_complaint_id_at", "complaint_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(30))
    # Naive local time of the complaint's unit.
    at: Mapped[datetime] = mapped_column(DateTime)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    complaint: Mapped[Complaint] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ComplaintEvent {self.complaint_id} {self.status} {self.at:%Y-%m-%d %H:%M}>"


class SlaPolicyVersion(Audited, Base):
    """One version of the SLA policy (``scoring.sla.SlaPolicy.to_dict``); one is active."""

    __tablename__ = "sla_policy_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    policy: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<SlaPolicyVersion {self.version}{' active' if self.is_active else ''}>"


class HolidayAdjustment(Audited, TimestampMixin, Base):
    """A local change to the national calendar: a regional holiday added, or a date removed.

    Applies to every unit of the pemda; ``remove`` turns a national holiday or cuti bersama
    date into a working day (e.g. a changed SKB).
    """

    __tablename__ = "holiday_adjustment"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10), default="add")
    note: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<HolidayAdjustment {self.kind} {self.day}>"


class UnitWorkWeek(Audited, TimestampMixin, Base):
    """A unit's working week when it differs from the 5-day default (e.g. a puskesmas)."""

    __tablename__ = "unit_work_week"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), unique=True)
    six_day: Mapped[bool] = mapped_column(Boolean, default=True)

    unit: Mapped[Unit] = relationship()

    def __repr__(self) -> str:
        return f"<UnitWorkWeek unit={self.unit_id} six_day={self.six_day}>"
