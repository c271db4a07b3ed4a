"""Public-service innovations, their evidence, and local innovation competitions (issue 10).

An Innovation belongs to one unit and carries the proposal sections of the KIPP structure
(METHODOLOGY §8.1) as a JSON map section code → text: the sections asked for depend on the
competition group (Umum / Replikasi / Khusus), so one map keeps every group's form in one row.
Linked indicators hold values before and after the innovation; evidence is a stored file or a
link. A Competition holds its criteria and weights (JSON), its eligibility rule (minimum years
of implementation per group) and its judges; JudgeScore keeps one judge's score of one
criterion for one entry.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Audited, Base, TimestampMixin, utcnow
from .indicator import Indicator
from .period import Period
from .unit import Unit
from .user import User

STAGES = ("uji_coba", "penerapan")
GROUPS = ("umum", "replikasi", "khusus")
# KIPP 2021's ten categories (METHODOLOGY §8.1); local competitions may use them as themes.
CATEGORIES = ("pengentasan_kemiskinan", "pendidikan", "kesehatan", "ketahanan_pangan",
              "pertumbuhan_ekonomi", "pemberdayaan_masyarakat", "responsif_gender",
              "lingkungan_hidup", "tata_kelola", "penegakan_hukum")
# Proposal sections per group, in the order of the KIPP form (METHODOLOGY §8.1).
BASE_SECTIONS = ("ringkasan", "latar_belakang", "kebaruan", "implementasi", "signifikansi",
                 "adaptabilitas", "sumber_daya", "keberlanjutan")
SECTIONS: dict[str, tuple[str, ...]] = {
    "umum": BASE_SECTIONS,
    "replikasi": BASE_SECTIONS + ("inspirasi", "proses_replikasi", "faktor_pembeda"),
    "khusus": ("ringkasan", "deskripsi_awal", "pembaruan", "dampak", "adaptabilitas",
               "penguatan_sumber_daya", "penguatan_keberlanjutan"),
}
ALL_SECTIONS = tuple(dict.fromkeys(code for group in GROUPS for code in SECTIONS[group]))
EVIDENCE_KINDS = ("sk", "foto", "video", "dokumen")


class Innovation(Audited, TimestampMixin, Base):
    """A unit's public-service innovation: its profile and proposal sections."""

    __tablename__ = "innovation"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    group: Mapped[str] = mapped_column(String(12), default="umum")
    stage: Mapped[str] = mapped_column(String(12), default="uji_coba")
    started_on: Mapped[date] = mapped_column(Date)  # first put in place (uji coba)
    implemented_on: Mapped[date | None] = mapped_column(Date)  # penerapan began
    initiator: Mapped[str | None] = mapped_column(String(200))  # penggagas
    # Replikasi: the innovation adapted (name and agency); Khusus: the earlier award.
    replicated_from: Mapped[str | None] = mapped_column(String(300))
    prior_top: Mapped[bool] = mapped_column(Boolean, default=False)  # pernah Top Inovasi KIPP
    prior_award: Mapped[str | None] = mapped_column(String(200))
    sections: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    unit: Mapped[Unit] = relationship()
    indicators: Mapped[list[InnovationIndicator]] = relationship(
        back_populates="innovation", cascade="all, delete-orphan",
        order_by="InnovationIndicator.id")
    evidence: Mapped[list[InnovationEvidence]] = relationship(
        back_populates="innovation", cascade="all, delete-orphan",
        order_by="InnovationEvidence.id")

    def section(self, code: str) -> str:
        """Return one section's text ('' when empty)."""
        return (self.sections or {}).get(code) or ""

    def __repr__(self) -> str:
        return f"<Innovation {self.name!r} unit={self.unit_id} {self.group}>"


class InnovationIndicator(Audited, TimestampMixin, Base):
    """An indicator the innovation moved: catalogue indicator or free label, before and after."""

    __tablename__ = "innovation_indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    innovation_id: Mapped[int] = mapped_column(
        ForeignKey("innovation.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicator.id"), index=True)
    label: Mapped[str | None] = mapped_column(String(200))
    unit_of_measure: Mapped[str | None] = mapped_column(String(40))
    direction: Mapped[int] = mapped_column(Integer, default=1)  # 1 higher is better, -1 lower
    before_value: Mapped[float | None] = mapped_column(Float)
    before_on: Mapped[date | None] = mapped_column(Date)
    before_period_id: Mapped[int | None] = mapped_column(ForeignKey("period.id"))
    after_value: Mapped[float | None] = mapped_column(Float)
    after_on: Mapped[date | None] = mapped_column(Date)
    after_period_id: Mapped[int | None] = mapped_column(ForeignKey("period.id"))
    source: Mapped[str | None] = mapped_column(String(200))  # where the figures come from

    innovation: Mapped[Innovation] = relationship(back_populates="indicators")
    indicator: Mapped[Indicator | None] = relationship()
    before_period: Mapped[Period | None] = relationship(foreign_keys=[before_period_id])
    after_period: Mapped[Period | None] = relationship(foreign_keys=[after_period_id])

    @property
    def title(self) -> str:
        """The label shown: the free label, else the catalogue indicator's name."""
        return self.label or (self.indicator.name_id if self.indicator else "—")

    def __repr__(self) -> str:
        return f"<InnovationIndicator {self.title!r} {self.before_value}→{self.after_value}>"


class InnovationEvidence(Audited, Base):
    """Evidence of an innovation: an SK, a photo, a video link or a document (file or URL)."""

    __tablename__ = "innovation_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    innovation_id: Mapped[int] = mapped_column(
        ForeignKey("innovation.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))
    stored_name: Mapped[str | None] = mapped_column(String(60))
    original_name: Mapped[str | None] = mapped_column(String(200))
    content_type: Mapped[str | None] = mapped_column(String(60))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    innovation: Mapped[Innovation] = relationship(back_populates="evidence")

    def __repr__(self) -> str:
        return f"<InnovationEvidence {self.kind} {self.title!r}>"


class Competition(Audited, TimestampMixin, Base):
    """A local innovation competition: criteria with weights, eligibility rule, judges."""

    __tablename__ = "competition"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    # [{"code": "kebaruan", "name": "Kebaruan", "weight": 20.0}, …]
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # Minimum whole years of penerapan per group, e.g. {"umum": 2, "replikasi": 1, "khusus": 2}.
    min_years: Mapped[dict[str, int]] = mapped_column(JSON)
    word_limit: Mapped[int | None] = mapped_column(Integer)  # per section; None: no cap
    reference_date: Mapped[date] = mapped_column(Date)  # age of innovations measured here
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)

    judges: Mapped[list[CompetitionJudge]] = relationship(
        back_populates="competition", cascade="all, delete-orphan")
    entries: Mapped[list[CompetitionEntry]] = relationship(
        back_populates="competition", cascade="all, delete-orphan",
        order_by="CompetitionEntry.id")

    def judge_ids(self) -> set[int]:
        """Return the ids of the competition's judges."""
        return {j.user_id for j in self.judges}

    def __repr__(self) -> str:
        return f"<Competition {self.name!r} {self.year}>"


class CompetitionJudge(Audited, Base):
    """A user assigned as judge of one competition; only they enter their own scores."""

    __tablename__ = "competition_judge"

    competition_id: Mapped[int] = mapped_column(
        ForeignKey("competition.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)

    competition: Mapped[Competition] = relationship(back_populates="judges")
    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<CompetitionJudge competition={self.competition_id} user={self.user_id}>"


class CompetitionEntry(Audited, TimestampMixin, Base):
    """An innovation entered in a competition."""

    __tablename__ = "competition_entry"
    __table_args__ = (UniqueConstraint("competition_id", "innovation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(
        ForeignKey("competition.id", ondelete="CASCADE"), index=True)
    innovation_id: Mapped[int] = mapped_column(
        ForeignKey("innovation.id", ondelete="CASCADE"), index=True)

    competition: Mapped[Competition] = relationship(back_populates="entries")
    innovation: Mapped[Innovation] = relationship()
    scores: Mapped[list[JudgeScore]] = relationship(
        back_populates="entry", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<CompetitionEntry competition={self.competition_id} inov={self.innovation_id}>"


class JudgeScore(Audited, TimestampMixin, Base):
    """One judge's score of one criterion for one entry, with an optional note."""

    __tablename__ = "judge_score"
    __table_args__ = (UniqueConstraint("entry_id", "judge_id", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("competition_entry.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    criterion: Mapped[str] = mapped_column(String(40))
    score: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)

    entry: Mapped[CompetitionEntry] = relationship(back_populates="scores")

    def __repr__(self) -> str:
        return f"<JudgeScore entry={self.entry_id} judge={self.judge_id} {self.criterion}>"
