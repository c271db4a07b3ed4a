"""Working-day calendars built from the database, and the clock every "today" comes from.

A unit's calendar is the national one (``scoring.calendar``: public holidays and cuti bersama),
plus the admin's local additions, minus the dates the admin removed, with a 5-day week unless
the unit has a 6-day ``UnitWorkWeek``. Nothing is stored per complaint, so a changed calendar
changes every due date on the next read.

"Today" is the current moment in the unit's own time zone (WIB/WITA/WIT): a complaint in
Jayapura is overdue two hours before one in Jakarta. Tests set ``COMPLAINTS_CLOCK`` in the app
config to a function returning an aware UTC datetime; nothing calls ``datetime.now`` directly.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from flask import current_app, g
from sqlalchemy import select

from models import db
from models.base import utcnow
from models.complaint import HolidayAdjustment, UnitWorkWeek
from models.unit import TIMEZONES
from scoring.calendar import WorkingCalendar, to_local, working_calendar

FIVE_DAY, SIX_DAY = (5, 6), (6,)
_G_KEY = "complaint_calendar_inputs"


def clock() -> datetime:
    """Return the current moment as an aware UTC datetime (overridable for tests)."""
    return current_app.config.get("COMPLAINTS_CLOCK", utcnow)()


def local_now(timezone: str) -> datetime:
    """Return the naive wall-clock time now in a WIB/WITA/WIT zone, to the minute."""
    return to_local(clock(), TIMEZONES.get(timezone, timezone)).replace(second=0, microsecond=0)


def local_today(timezone: str) -> date:
    """Return today's date in a WIB/WITA/WIT zone."""
    return local_now(timezone).date()


@dataclass(frozen=True)
class CalendarInputs:
    """The admin-maintained part of the calendar, loaded once per request."""

    added: tuple[tuple[date, str], ...]
    removed: tuple[date, ...]
    six_day_units: frozenset[int]

    @property
    def adjustment_count(self) -> int:
        """Return how many local additions and removals there are."""
        return len(self.added) + len(self.removed)


def inputs() -> CalendarInputs:
    """Return the local adjustments and 6-day-week units (two queries, cached per request)."""
    cached = g.get(_G_KEY)
    if cached is None:
        rows = db.session.execute(select(HolidayAdjustment.day, HolidayAdjustment.name,
                                         HolidayAdjustment.kind)).all()
        six = db.session.scalars(select(UnitWorkWeek.unit_id).where(UnitWorkWeek.six_day))
        cached = CalendarInputs(
            added=tuple(sorted((d, n) for d, n, k in rows if k == "add")),
            removed=tuple(sorted(d for d, _, k in rows if k == "remove")),
            six_day_units=frozenset(six))
        setattr(g, _G_KEY, cached)
    return cached


def forget() -> None:
    """Drop the per-request cache after the adjustments or work weeks changed."""
    g.pop(_G_KEY, None)


def years_for(first: date, last: date) -> tuple[int, ...]:
    """Return the calendar years needed for receipts from ``first`` and due dates after ``last``.

    Two spare years cover a 60-working-day target plus a long pause running past ``last``
    (UU 25/2009 deems a complaint withdrawn after 30 days without material, so longer pauses
    are data errors; ``scoring`` refuses rather than guess when a due date falls beyond).
    """
    return tuple(range(min(first, last).year, max(first, last).year + 3))


def calendar_for(years: tuple[int, ...], six_day: bool = False) -> WorkingCalendar:
    """Return the working calendar for those years and work week, with local adjustments."""
    data = inputs()
    return _build(years, data.added, data.removed, SIX_DAY if six_day else FIVE_DAY)


@lru_cache(maxsize=32)
def _build(years, added, removed, weekend) -> WorkingCalendar:
    # Keyed by every input, so a changed adjustment can never hit a stale entry.
    return working_calendar(years, dict(added), removed, weekend)
