"""Service standards (14 components), maklumat and SOPs, with their evidence files.

A ServiceStandard belongs to one ServiceType and holds 14 StandardComponent rows (one per
component of UU 25/2009 Pasal 21), so "which units have which component done" is one grouped
query. Its stage moves drafted → publicly consulted → adopted → published; the dates of each
stage are kept, because coverage is measured as of a period's end, not as of today.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Audited, Base, TimestampMixin, utcnow
from .unit import ServiceType, Unit

# (code, name, group): UU 25/2009 Pasal 21 order; the group follows PermenPANRB 15/2014 —
# "penyampaian" (service delivery, published to the public) and "pengelolaan" (internal).
COMPONENTS: tuple[tuple[str, str, str], ...] = (
    ("dasar_hukum", "Dasar hukum", "pengelolaan"),
    ("persyaratan", "Persyaratan", "penyampaian"),
    ("prosedur", "Sistem, mekanisme, dan prosedur", "penyampaian"),
    ("waktu", "Jangka waktu penyelesaian", "penyampaian"),
    ("biaya", "Biaya/tarif", "penyampaian"),
    ("produk", "Produk pelayanan", "penyampaian"),
    ("sarana", "Sarana, prasarana, dan/atau fasilitas", "pengelolaan"),
    ("kompetensi", "Kompetensi pelaksana", "pengelolaan"),
    ("pengawasan", "Pengawasan internal", "pengelolaan"),
    ("pengaduan", "Penanganan pengaduan, saran, dan masukan", "penyampaian"),
    ("jumlah_pelaksana", "Jumlah pelaksana", "pengelolaan"),
    ("jaminan_pelayanan", "Jaminan pelayanan", "pengelolaan"),
    ("jaminan_keamanan", "Jaminan keamanan dan keselamatan pelayanan", "pengelolaan"),
    ("evaluasi_kinerja", "Evaluasi kinerja pelaksana", "pengelolaan"),
)
COMPONENT_CODES = tuple(code for code, _, _ in COMPONENTS)
COMPONENT_NAMES = {code: name for code, name, _ in COMPONENTS}
PUBLIC_COMPONENTS = tuple(code for code, _, group in COMPONENTS if group == "penyampaian")

# Stages in order; a standard only moves forward (consultation may be skipped, and is flagged).
STATUSES = ("draft", "consulted", "adopted", "published")
# Where a standard or maklumat is published; SIPPN is the national portal PEKPPP asks for.
CHANNELS = ("sippn", "website", "papan_informasi", "media_sosial", "brosur", "aplikasi",
            "media_cetak")
SOP_KINDS = ("ap", "teknis")  # SOP administrasi pemerintahan (PermenPANRB 35/2012) or teknis
EVIDENCE_KINDS = ("berita_acara", "daftar_hadir", "sk_penetapan", "publikasi", "evaluasi",
                  "reviu", "maklumat", "sop", "lainnya")
# The pledge text agencies reproduce almost verbatim (METHODOLOGY §4.2).
MAKLUMAT_TEXT = ("Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar "
                 "pelayanan yang telah ditetapkan dan apabila tidak menepati janji ini, kami "
                 "siap menerima sanksi sesuai peraturan perundang-undangan yang berlaku.")


class ServiceStandard(Audited, TimestampMixin, Base):
    """The standar pelayanan of one service type, with the dates of each stage."""

    __tablename__ = "service_standard"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_type_id: Mapped[int] = mapped_column(ForeignKey("service_type.id"), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    # Public consultation (PP 96/2012 Pasal 26): berita acara date and reference, who took part.
    consulted_on: Mapped[date | None] = mapped_column(Date)
    consultation_ref: Mapped[str | None] = mapped_column(String(120))
    consultation_participants: Mapped[str | None] = mapped_column(Text)
    draft_published_on: Mapped[date | None] = mapped_column(Date)  # Pasal 27(1): ≤ 5 hari kerja
    comments_closed_on: Mapped[date | None] = mapped_column(Date)  # Pasal 27(2): 7 hari kerja
    # Adoption (penetapan) by SK of the head of the unit or OPD.
    sk_number: Mapped[str | None] = mapped_column(String(120))
    adopted_on: Mapped[date | None] = mapped_column(Date)
    published_on: Mapped[date | None] = mapped_column(Date)
    channels: Mapped[list[str] | None] = mapped_column(JSON)
    last_evaluated_on: Mapped[date | None] = mapped_column(Date)  # Pasal 32: every year
    last_reviewed_on: Mapped[date | None] = mapped_column(Date)  # Pasal 33: every 3 years

    service_type: Mapped[ServiceType] = relationship()
    components: Mapped[list[StandardComponent]] = relationship(
        back_populates="standard", cascade="all, delete-orphan", order_by="StandardComponent.id")

    def component_map(self) -> dict[str, StandardComponent]:
        """Return the components keyed by code."""
        return {c.code: c for c in self.components}

    def __repr__(self) -> str:
        return f"<ServiceStandard service={self.service_type_id} {self.status}>"


class StandardComponent(Audited, TimestampMixin, Base):
    """One of the 14 components of a standard: its text and whether it is done."""

    __tablename__ = "standard_component"
    __table_args__ = (UniqueConstraint("standard_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[int] = mapped_column(
        ForeignKey("service_standard.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(30))
    text: Mapped[str | None] = mapped_column(Text)
    is_done: Mapped[bool] = mapped_column(Boolean, default=False)

    standard: Mapped[ServiceStandard] = relationship(back_populates="components")

    def __repr__(self) -> str:
        return f"<StandardComponent {self.code} {'done' if self.is_done else 'open'}>"


class Maklumat(Audited, TimestampMixin, Base):
    """A unit's maklumat pelayanan: the signed pledge to keep its standards (PP 96/2012 Ps. 30)."""

    __tablename__ = "maklumat"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), unique=True)
    text: Mapped[str] = mapped_column(Text, default=MAKLUMAT_TEXT)
    signatory_name: Mapped[str] = mapped_column(String(120))
    signatory_position: Mapped[str | None] = mapped_column(String(160))
    signed_on: Mapped[date] = mapped_column(Date)
    published_on: Mapped[date | None] = mapped_column(Date)
    channels: Mapped[list[str] | None] = mapped_column(JSON)

    unit: Mapped[Unit] = relationship()

    def __repr__(self) -> str:
        return f"<Maklumat unit={self.unit_id} {self.signed_on}>"


class Sop(Audited, TimestampMixin, Base):
    """A standard operating procedure of a unit, in the SOP AP two-part format."""

    __tablename__ = "sop"
    __table_args__ = (UniqueConstraint("unit_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    number: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10), default="ap")
    approved_on: Mapped[date | None] = mapped_column(Date)
    revised_on: Mapped[date | None] = mapped_column(Date)
    effective_on: Mapped[date | None] = mapped_column(Date)
    approved_by: Mapped[str | None] = mapped_column(String(160))
    # The identity part of the SOP AP sheet (PermenPANRB 35/2012).
    legal_basis: Mapped[str | None] = mapped_column(Text)
    related_sops: Mapped[str | None] = mapped_column(Text)
    warning: Mapped[str | None] = mapped_column(Text)
    qualifications: Mapped[str | None] = mapped_column(Text)
    equipment: Mapped[str | None] = mapped_column(Text)
    records: Mapped[str | None] = mapped_column(Text)

    unit: Mapped[Unit] = relationship()
    steps: Mapped[list[SopStep]] = relationship(
        back_populates="sop", cascade="all, delete-orphan", order_by="SopStep.position")
    links: Mapped[list[SopServiceType]] = relationship(
        back_populates="sop", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Sop {self.number} unit={self.unit_id}>"


class SopServiceType(Audited, Base):
    """A service type an SOP applies to (audited, so linking and unlinking is on record)."""

    __tablename__ = "sop_service_type"

    sop_id: Mapped[int] = mapped_column(ForeignKey("sop.id", ondelete="CASCADE"),
                                        primary_key=True)
    service_type_id: Mapped[int] = mapped_column(ForeignKey("service_type.id"), primary_key=True,
                                                 index=True)

    sop: Mapped[Sop] = relationship(back_populates="links")
    service_type: Mapped[ServiceType] = relationship()

    def __repr__(self) -> str:
        return f"<SopServiceType sop={self.sop_id} service={self.service_type_id}>"


class SopStep(Audited, Base):
    """One row of an SOP's procedure: activity, actor (swim lane) and mutu baku."""

    __tablename__ = "sop_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    sop_id: Mapped[int] = mapped_column(ForeignKey("sop.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    activity: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(80))
    is_decision: Mapped[bool] = mapped_column(Boolean, default=False)
    # For a decision: the step number the "Tidak" branch returns to.
    no_goto: Mapped[int | None] = mapped_column(Integer)
    requirements: Mapped[str | None] = mapped_column(Text)  # mutu baku: kelengkapan
    duration: Mapped[str | None] = mapped_column(String(60))  # mutu baku: waktu
    output: Mapped[str | None] = mapped_column(String(200))  # mutu baku: output
    note: Mapped[str | None] = mapped_column(Text)  # keterangan

    sop: Mapped[Sop] = relationship(back_populates="steps")

    def __repr__(self) -> str:
        return f"<SopStep {self.position} {self.actor!r}>"


class StandardEvidence(Audited, Base):
    """An uploaded evidence file (PDF/JPG/PNG) for a unit's standard, SOP or maklumat."""

    __tablename__ = "standard_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    service_type_id: Mapped[int | None] = mapped_column(ForeignKey("service_type.id"),
                                                        index=True)
    sop_id: Mapped[int | None] = mapped_column(ForeignKey("sop.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))
    # Shown to people only; the file on disk has a random server-side name.
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(60), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size_bytes: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<StandardEvidence {self.kind} {self.original_name!r}>"

