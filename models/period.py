"""Evaluation periods: a year, a semester, a quarter or a month; open or locked."""

from __future__ import annotations

import calendar
from datetime import date

from sqlalchemy import Boolean, Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Audited, Base, TimestampMixin

# Months per period kind; a period's number counts these blocks within the year.
PERIOD_MONTHS = {"year": 12, "semester": 6, "quarter": 3, "month": 1}
_CODE_LETTER = {"semester": "S", "quarter": "Q"}


def period_bounds(kind: str, year: int, number: int) -> tuple[date, date]:
    """Return the first and last day of the numbered period of that kind in that year."""
    months = PERIOD_MONTHS[kind]
    blocks = 12 // months
    if not 1 <= number <= blocks:
        raise ValueError(f"{kind} number must be 1..{blocks}, got {number}")
    first_month = (number - 1) * months + 1
    last_month = first_month + months - 1
    last_day = calendar.monthrange(year, last_month)[1]
    return date(year, first_month, 1), date(year, last_month, last_day)


def period_code(kind: str, year: int, number: int) -> str:
    """Return the period's code: 2025, 2025-S1, 2025-Q3 or 2025-07."""
    if kind == "year":
        return str(year)
    if kind == "month":
        return f"{year}-{number:02d}"
    return f"{year}-{_CODE_LETTER[kind]}{number}"


class Period(Audited, TimestampMixin, Base):
    """A span of time evaluated together; a locked period refuses every edit of its values."""

    __tablename__ = "period"
    __table_args__ = (UniqueConstraint("kind", "year", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer, default=1)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    is_locked: Mapped[bool] = mapped_column(Boolean, default=False)

    @classmethod
    def build(cls, kind: str, year: int, number: int = 1) -> Period:
        """Create an unsaved period with its code and dates filled in."""
        start, end = period_bounds(kind, year, number)
        return cls(kind=kind, year=year, number=number, start_date=start, end_date=end,
                   code=period_code(kind, year, number))

    def __repr__(self) -> str:
        return f"<Period {self.code}{' locked' if self.is_locked else ''}>"
