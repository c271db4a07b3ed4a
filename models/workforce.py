"""Positions, staff, workload tasks (ABK), WISN inputs and the workload settings.

NIP rules live in scoring.nip; the app validates a NIP there and stores what it encodes
(birth date, TMT CPNS, gender) next to it, so lists can filter on them without re-parsing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Audited, Base, TimestampMixin
from .unit import Unit

# Kinds of jabatan in the ASN career system (UU 20/2023; PermenPANRB 1/2020 Lampiran).
POSITION_KINDS = ("struktural", "fungsional", "pelaksana")
# Staff statuses; only COUNTED_STATUSES count as existing staff ("pegawai yang ada").
STAFF_STATUSES = ("aktif", "cuti", "pensiun", "mutasi")
COUNTED_STATUSES = ("aktif", "cuti")  # on leave still holds the post; retired/moved do not
ROUNDINGS = ("nearest", "ceiling", "floor")  # METHODOLOGY §6.1: the legal rule is unverified
EJ_TABLES = ("permendagri_2008", "kemenkeu_2002")


class Position(Audited, TimestampMixin, Base):
    """A jabatan: name, kind, and for health cadres the WISN/ABK-Kes category."""

    __tablename__ = "position"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(12), default="pelaksana")
    is_health_cadre: Mapped[bool] = mapped_column(Boolean, default=False)
    # SDMK type of Permenkes 33/2015 (perawat, bidan, dokter, …); None outside health.
    wisn_category: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<Position {self.code} {self.name!r}>"


class Staff(Audited, TimestampMixin, Base):
    """A civil servant on the roster: NIP, post, unit, time in post, skills, protection."""

    __tablename__ = "staff"
    __table_args__ = (CheckConstraint("length(nip) = 18", name="nip_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    # TMT jabatan: the date the person entered the current post (rotation is counted from it).
    post_since: Mapped[date] = mapped_column(Date)
    # Decoded from the NIP by the app (scoring.nip), kept for queries.
    birth_date: Mapped[date] = mapped_column(Date)
    appointed_on: Mapped[date] = mapped_column(Date)  # TMT CPNS, first day of the month
    gender: Mapped[str] = mapped_column(String(1))
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    certificates: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_protected: Mapped[bool] = mapped_column(Boolean, default=False)
    protected_reason: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(10), default="aktif", index=True)

    position: Mapped[Position] = relationship()
    unit: Mapped[Unit] = relationship()

    def __repr__(self) -> str:
        return f"<Staff {self.nip} {self.name!r}>"


class WorkloadTask(Audited, TimestampMixin, Base):
    """One row of the ABK worksheet: a task of a position in a unit with volume and norm."""

    __tablename__ = "workload_task"
    __table_args__ = (
        CheckConstraint("volume_per_year >= 0", name="volume_nonnegative"),
        CheckConstraint("norm_minutes > 0", name="norm_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id"), index=True)
    description: Mapped[str] = mapped_column(String(300))  # uraian tugas
    output_unit: Mapped[str] = mapped_column(String(60))  # satuan hasil
    volume_per_year: Mapped[float] = mapped_column(Float)  # beban kerja per tahun
    norm_minutes: Mapped[float] = mapped_column(Float)  # norma waktu per satuan hasil
    source: Mapped[str | None] = mapped_column(String(200))  # where the volume comes from

    position: Mapped[Position] = relationship()

    def __repr__(self) -> str:
        return (f"<WorkloadTask unit={self.unit_id} position={self.position_id} "
                f"{self.description!r}>")


class WisnInput(Audited, TimestampMixin, Base):
    """WISN (ABK-Kes) inputs of one health cadre in one facility.

    ``activities``: [{name, workload, unit_minutes}]; ``support`` (CAS): [{name, percent,
    hours}]; ``individual`` (IAS): [{name, hours, staff}]. Lists, because they are edited and
    audited together as one worksheet.
    """

    __tablename__ = "wisn_input"
    __table_args__ = (UniqueConstraint("unit_id", "position_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id"), index=True)
    # A–F of the WHO manual: possible working days, holidays, leave (annual, sick, other), h/day.
    working_days: Mapped[float] = mapped_column(Float, default=260)
    public_holidays: Mapped[float] = mapped_column(Float, default=16)
    annual_leave: Mapped[float] = mapped_column(Float, default=12)
    sick_leave: Mapped[float] = mapped_column(Float, default=6)
    other_leave: Mapped[float] = mapped_column(Float, default=5)
    hours_per_day: Mapped[float] = mapped_column(Float, default=7.5)
    activities: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    support: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    individual: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    position: Mapped[Position] = relationship()

    def __repr__(self) -> str:
        return f"<WisnInput unit={self.unit_id} position={self.position_id}>"


class WorkloadSetting(Audited, TimestampMixin, Base):
    """The workload policy an admin sets (one row): WKE, rounding, EJ table, rotation years."""

    __tablename__ = "workload_setting"
    __table_args__ = (CheckConstraint("effective_minutes > 0", name="wke_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # PermenPANRB 1/2020: 1,250 h = 75,000 min per year (METHODOLOGY §6.1, Appendix A).
    effective_minutes: Mapped[float] = mapped_column(Float, default=75_000)
    rounding: Mapped[str] = mapped_column(String(10), default="nearest")
    ej_table: Mapped[str] = mapped_column(String(20), default="permendagri_2008")
    # METHODOLOGY §7.4 [U]: rotation at most every 5 years in one post; a policy, not a rule.
    rotation_years: Mapped[int] = mapped_column(Integer, default=5)

    def __repr__(self) -> str:
        return f"<WorkloadSetting {self.effective_minutes} {self.rounding}>"
