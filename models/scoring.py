"""Scoring schemes, immutable score runs and the per-unit results of each run."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Audited, Base, TimestampMixin, utcnow
from .period import Period
from .unit import Unit
from .user import User


class ScoringScheme(Audited, TimestampMixin, Base):
    """A versioned composite-index design: framework, weights, methods, uncertainty settings."""

    __tablename__ = "scoring_scheme"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    description: Mapped[str | None] = mapped_column(Text)
    # {"framework": [...], "normalisation": {...}, "aggregation": ..., "min_coverage": ...,
    #  "peer_group": "unit_type", "uncertainty": {...}}; see evalsys/rankings/spec.py.
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<ScoringScheme {self.name!r} v{self.version}>"


class ScoreRun(Base):
    """One computation of a scheme on a period's values; never edited after it finishes."""

    __tablename__ = "score_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int | None] = mapped_column(ForeignKey("scoring_scheme.id"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"), index=True)
    # The whole scheme and the exact inputs, so the run can be re-run and explained later.
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    code_version: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # running → done | failed; a failed run stays as a record and is retried as a new run.
    status: Mapped[str] = mapped_column(String(10), default="running")
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent, for the progress page
    message: Mapped[str | None] = mapped_column(Text)
    is_official: Mapped[bool] = mapped_column(Boolean, default=False)
    # What-if runs with edited weights: shown to their author, never official.
    is_sandbox: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    scheme: Mapped[ScoringScheme | None] = relationship()
    period: Mapped[Period] = relationship()
    user: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ScoreRun {self.id} period={self.period_id} {self.status}>"


class UnitScore(Base):
    """A unit's place in one run: score on every level, rank, rank interval, contributions."""

    __tablename__ = "unit_score"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("score_run.id", ondelete="CASCADE"),
                                        index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    score: Mapped[float | None] = mapped_column(Float)
    rank: Mapped[int | None] = mapped_column(Integer)
    group_rank: Mapped[int | None] = mapped_column(Integer)
    rank_median: Mapped[float | None] = mapped_column(Float)
    rank_p05: Mapped[float | None] = mapped_column(Float)
    rank_p95: Mapped[float | None] = mapped_column(Float)
    p_top_decile: Mapped[float | None] = mapped_column(Float)
    p_bottom_decile: Mapped[float | None] = mapped_column(Float)
    coverage: Mapped[float | None] = mapped_column(Float)
    nodes: Mapped[dict[str, Any]] = mapped_column(JSON)  # node code → score (every level)
    contributions: Mapped[dict[str, Any]] = mapped_column(JSON)  # indicator → points
    excluded_reason: Mapped[str | None] = mapped_column(Text)

    unit: Mapped[Unit] = relationship()

    def __repr__(self) -> str:
        return f"<UnitScore run={self.run_id} unit={self.unit_id} rank={self.rank}>"
