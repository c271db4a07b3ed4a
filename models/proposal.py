"""Proposals the evaluation makes (reward, coaching, warning, escalation, staff move) and the
versioned rules that make them; a leader decides each proposal, and every change is audited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Audited, Base, TimestampMixin
from .period import Period
from .scoring import ScoreRun
from .unit import Unit
from .user import User

# penghargaan, pembinaan, teguran tertulis, eskalasi Pasal 54, mutasi pegawai
PROPOSAL_KINDS = ("reward", "coaching", "warning", "escalation", "reassignment")
# proposed → approved | rejected; held_back: a rule matched but fairness held it back
PROPOSAL_STATUSES = ("proposed", "approved", "rejected", "held_back")
FOLLOW_UP_STATUSES = ("none", "letter_drafted", "in_progress", "done")


class ProposalRule(Audited, TimestampMixin, Base):
    """A rule as data: kind, parameters and legal basis; editing saves a new version."""

    __tablename__ = "proposal_rule"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    legal_basis: Mapped[str] = mapped_column(Text)
    # thresholds and switches, read by scoring/proposals.py (e.g. {"min_ikm_grade": "A"})
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<ProposalRule {self.code} v{self.version}>"


class Proposal(Audited, TimestampMixin, Base):
    """One proposed action for one unit (or one staff move) from an official run."""

    __tablename__ = "proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("score_run.id", ondelete="CASCADE"),
                                        index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("proposal_rule.id"))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    title: Mapped[str] = mapped_column(String(300))
    # [{"label": ..., "value": ..., "url": ...}]: the numbers behind the proposal
    evidence: Mapped[list[Any]] = mapped_column(JSON)
    legal_basis: Mapped[str] = mapped_column(Text)
    # kind-specific facts: breach code and escalation step; for a move: staff, from, to, position
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)  # why held back, or why proposed
    decision_note: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    follow_up: Mapped[str] = mapped_column(String(20), default="none")
    follow_up_note: Mapped[str | None] = mapped_column(Text)

    run: Mapped[ScoreRun] = relationship()
    period: Mapped[Period] = relationship()
    unit: Mapped[Unit] = relationship()
    rule: Mapped[ProposalRule | None] = relationship()
    decided_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Proposal {self.kind} unit={self.unit_id} {self.status}>"
