"""Targets (IKU) of the RPJMD/Renstra: what an indicator should reach in a year, and from where.

A target applies to one unit, to every unit of a type, or to all units (both empty); the most
specific one wins (see evalsys/targets/queries.py).
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Audited, Base, TimestampMixin
from .indicator import Indicator
from .unit import Unit


class IndicatorTarget(Audited, TimestampMixin, Base):
    """An indicator's target for a year, with its baseline and the document that sets it."""

    __tablename__ = "indicator_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"),
                                              index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    unit_type: Mapped[str | None] = mapped_column(String(30))
    target: Mapped[float] = mapped_column(Float)
    baseline: Mapped[float | None] = mapped_column(Float)
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    # e.g. "RPJMD 2021–2026, Lampiran IKU" or "Renstra Dinas Kesehatan 2021–2026"
    source_document: Mapped[str] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)

    indicator: Mapped[Indicator] = relationship()
    unit: Mapped[Unit | None] = relationship()

    def __repr__(self) -> str:
        scope = self.unit_id or self.unit_type or "semua"
        return f"<IndicatorTarget {self.indicator_id} {self.year} {scope}={self.target}>"
