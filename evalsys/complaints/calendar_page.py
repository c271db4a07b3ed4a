"""The holiday calendar page: a year as 12 month grids with every non-working day named."""

import calendar as pycal
from datetime import date

from scoring.calendar import holidays_in_year, working_calendar, working_days_between

from .calendars import calendar_for, inputs

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")
WEEKDAYS = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")


def year_view(year: int, six_day: bool) -> dict:
    """Return the months (weeks of day cells), the named holidays and the working-day total."""
    cal = calendar_for((year,), six_day)
    named = {d: (name, kind) for d, name, kind in holidays_in_year(cal, year)}
    removed = _removed_names(year)
    months = [{"name": MONTHS[m - 1],
               "weeks": [[_cell(day, m, named, removed, cal) for day in week]
                         for week in pycal.Calendar(0).monthdatescalendar(year, m)]}
              for m in range(1, 13)]
    listed = sorted([(d, n, k) for d, (n, k) in named.items()]
                    + [(d, n, "removed") for d, n in removed.items()])
    total = working_days_between(date(year - 1, 12, 31), date(year, 12, 31), cal)
    return {"months": months, "holidays": listed, "weekdays": WEEKDAYS,
            "working_days": total, "weekend": cal.weekend}


def _removed_names(year: int) -> dict[date, str]:
    """Name each date the admin turned into a working day after its national holiday."""
    removed = [d for d in inputs().removed if d.year == year]
    if not removed:
        return {}
    national = working_calendar((year,))
    return {d: national.names.get(d, "") for d in removed}


def _cell(day: date, month: int, named: dict, removed: dict, cal) -> dict:
    """Return one day of the grid: its kind for colouring and its name for the tooltip."""
    if day.month != month:
        return {"day": day, "outside": True}
    name, kind = named.get(day, (None, None))
    if day in removed:
        name, kind = removed[day] or "Hari kerja", "removed"
    return {"day": day, "outside": False, "name": name, "kind": kind,
            "weekend": day.weekday() in cal.weekend}


def clamp_year(year: int | None, today: date) -> int:
    """Return the requested year when the holiday data covers it sensibly, else this year."""
    if year is None or not 2002 <= year <= today.year + 10:
        return today.year
    return year
