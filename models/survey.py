"""Community satisfaction surveys (SKM): questionnaires, responses, follow-up and publication."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Audited, Base, TimestampMixin, utcnow
from .period import Period
from .unit import ServiceType, Unit

# The nine PermenPANRB 14/2017 unsur are stored in columns u1..u9 (by code, never by position).
UNSUR_COLUMNS = tuple(f"u{i}" for i in range(1, 10))
CHANNELS = ("online", "paper", "import")
# Respondent profile codes (METHODOLOGY §1.3); the interface labels live in evalsys.surveys.
GENDERS = ("L", "P")
AGE_BANDS = ("<20", "20-29", "30-39", "40-49", "50-59", "60+")
EDUCATIONS = ("SD", "SMP", "SMA", "D1-D3", "D4-S1", "S2", "S3")
OCCUPATIONS = ("PNS", "TNI/POLRI", "SWASTA", "WIRAUSAHA", "PELAJAR", "LAINNYA")
FOLLOW_UP_STATUSES = ("rencana", "proses", "selesai")
PUBLICATION_CHANNELS = ("website", "media_sosial", "papan_pengumuman", "media_cetak",
                        "forum_konsultasi", "lainnya")


class Questionnaire(Audited, TimestampMixin, Base):
    """The SKM questionnaire of a period: the regional one (no unit) or a unit's own version.

    A unit's questionnaire repeats the nine unsur and may add its own, with weights summing
    to 1 (METHODOLOGY §1.2). Editing a questionnaire that already has answers makes a new
    version, so every response keeps pointing at the exact wording it answered.
    """

    __tablename__ = "questionnaire"
    __table_args__ = (UniqueConstraint("period_id", "unit_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(String(200))

    period: Mapped[Period] = relationship()
    unit: Mapped[Unit | None] = relationship()
    items: Mapped[list[QuestionnaireItem]] = relationship(
        back_populates="questionnaire", order_by="QuestionnaireItem.position",
        cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Questionnaire period={self.period_id} unit={self.unit_id} v{self.version}>"


class QuestionnaireItem(Audited, Base):
    """One unsur of a questionnaire: its code, question, four answer labels and weight."""

    __tablename__ = "questionnaire_item"
    __table_args__ = (UniqueConstraint("questionnaire_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text)
    label1: Mapped[str] = mapped_column(String(120))
    label2: Mapped[str] = mapped_column(String(120))
    label3: Mapped[str] = mapped_column(String(120))
    label4: Mapped[str] = mapped_column(String(120))
    # None on every item means the regulation's equal weights (exactly 1/k).
    weight: Mapped[float | None] = mapped_column(Float)

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="items")

    @property
    def labels(self) -> tuple[str, str, str, str]:
        """Return the answer labels for scores 1..4."""
        return (self.label1, self.label2, self.label3, self.label4)

    def __repr__(self) -> str:
        return f"<QuestionnaireItem {self.code}>"


class SurveyLink(Audited, TimestampMixin, Base):
    """The public address of a unit's survey (optionally for one service): /survei/<token>."""

    __tablename__ = "survey_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    service_type_id: Mapped[int | None] = mapped_column(ForeignKey("service_type.id"))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    unit: Mapped[Unit] = relationship()
    service_type: Mapped[ServiceType | None] = relationship()

    def __repr__(self) -> str:
        return f"<SurveyLink unit={self.unit_id} service={self.service_type_id}>"


class SurveyImport(Base):
    """One CSV/XLSX import: who, when, which file, what was stored and what was rejected."""

    __tablename__ = "survey_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_stored: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    # [{"row": 7, "column": "U3", "value": "5", "message": "..."}], as shown on the preview.
    errors: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)

    period: Mapped[Period] = relationship()

    def __repr__(self) -> str:
        return f"<SurveyImport {self.filename!r} stored={self.rows_stored}>"


class SurveyResponse(Base):
    """One respondent's answers (bulk raw data: not audited row by row; imports are audited)."""

    __tablename__ = "survey_response"
    __table_args__ = (
        # Covering index: the IKM GROUP BY reads every answer from the index alone, never
        # touching the wide table rows (2–3× faster on 1M rows in SQLite; index-only scans
        # in PostgreSQL).
        Index("ix_survey_response_period_unit", "period_id", "unit_id", *UNSUR_COLUMNS),
        CheckConstraint("channel IN ('online', 'paper', 'import')", name="channel"),
        *(CheckConstraint(f"{c} BETWEEN 1 AND 4", name=f"{c}_range") for c in UNSUR_COLUMNS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    service_type_id: Mapped[int | None] = mapped_column(ForeignKey("service_type.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"))
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    channel: Mapped[str] = mapped_column(String(10))
    u1: Mapped[int | None] = mapped_column(SmallInteger)
    u2: Mapped[int | None] = mapped_column(SmallInteger)
    u3: Mapped[int | None] = mapped_column(SmallInteger)
    u4: Mapped[int | None] = mapped_column(SmallInteger)
    u5: Mapped[int | None] = mapped_column(SmallInteger)
    u6: Mapped[int | None] = mapped_column(SmallInteger)
    u7: Mapped[int | None] = mapped_column(SmallInteger)
    u8: Mapped[int | None] = mapped_column(SmallInteger)
    u9: Mapped[int | None] = mapped_column(SmallInteger)
    # Answers to a unit's additional unsur, by code: {"X1": 3}.
    extra: Mapped[dict[str, int] | None] = mapped_column(JSON(none_as_null=True))
    gender: Mapped[str | None] = mapped_column(String(1))
    age_band: Mapped[str | None] = mapped_column(String(10))
    education: Mapped[str | None] = mapped_column(String(10))
    occupation: Mapped[str | None] = mapped_column(String(20))
    suggestion: Mapped[str | None] = mapped_column(Text)
    # HMAC of link token + browser + day (no raw address is stored); unique, so the same
    # browser cannot answer the same link twice on one day. NULL for paper and imports.
    fingerprint: Mapped[str | None] = mapped_column(String(64), unique=True)
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_import.id", ondelete="SET NULL"), index=True)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<SurveyResponse unit={self.unit_id} period={self.period_id} {self.channel}>"


class SurveyTarget(Audited, TimestampMixin, Base):
    """Service users of a unit in a period (N), from which the Krejcie–Morgan sample follows."""

    __tablename__ = "survey_target"
    __table_args__ = (UniqueConstraint("unit_id", "period_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"), index=True)
    population: Mapped[int] = mapped_column(Integer)

    def __repr__(self) -> str:
        return f"<SurveyTarget unit={self.unit_id} period={self.period_id} N={self.population}>"


class FollowUpAction(Audited, TimestampMixin, Base):
    """A rencana tindak lanjut (RTL) item for a weak unsur of a unit's SKM result."""

    __tablename__ = "follow_up_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"), index=True)
    unsur_code: Mapped[str] = mapped_column(String(10))
    action: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(120))
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="rencana")
    completed_on: Mapped[date | None] = mapped_column(Date)

    def __repr__(self) -> str:
        return f"<FollowUpAction {self.unsur_code} {self.status}>"


class SurveyPublication(Audited, TimestampMixin, Base):
    """Evidence that a unit published its SKM result: channel, date and link."""

    __tablename__ = "survey_publication"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"), index=True)
    channel: Mapped[str] = mapped_column(String(30))
    published_on: Mapped[date] = mapped_column(Date)
    link: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(String(300))

    def __repr__(self) -> str:
        return f"<SurveyPublication {self.channel} {self.published_on}>"
