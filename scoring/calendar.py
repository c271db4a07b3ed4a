"""Working-day calendar for Indonesian public-service units.

Non-working days are the unit's weekend (Saturday and Sunday by default; only Sunday for a 6-day
week), the national public holidays (``holidays`` category PUBLIC: Keppres dates plus the
Keppres-designated election days), cuti bersama (category GOVERNMENT: the SKB 3 Menteri joint
leave days) and the local additions an admin keeps, minus the dates the admin removed.

Rules every SLA computation in ``scoring`` relies on:

* **Start day.** ``add_working_days(start, n)`` returns the n-th working day after ``start``. When
  ``start`` is not a working day it is first moved to the next working day, which is day 0.
* **Counting.** ``working_days_between(start, end)`` counts working days in ``(start, end]``; it is
  never negative (0 when ``end <= start``).
* **After hours.** A complaint received at or after ``office_close``, or on a non-working day,
  counts as received on the next working day; that effective date is day 0 of every SLA clock.
* **Time zones.** Office hours are the unit's own wall-clock hours. Timestamps stored in UTC are
  converted with ``to_local(ts, "Asia/Jayapura")`` (or "WIB"/"WITA"/"WIT") before the after-hours
  rule is applied, so 16:30 WIT (14:30 WIB) is after hours in Jayapura but not in Jakarta.
* **Coverage.** Holidays exist only for the years the calendar was built for; build it over every
  year a due date can fall in (``check_covers`` raises otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays
import numpy as np
import pandas as pd

#: Indonesian time-zone abbreviations accepted by ``to_local`` alongside IANA names.
TIME_ZONES = MappingProxyType(
    {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
)

#: Corrections to the ``holidays`` package where it disagrees with the SKB 3 Menteri, as
#: ``{year: {"add": {date: name}, "remove": (date, ...)}}``. Empty because holidays 0.109 matched
#: SKB 855/2023-3/2023-4/2023 (2024), SKB 1017/2024-2/2024-2/2024 as amended by SKB
#: 933/2025-1/2025-3/2025 adding 18 Aug (2025) and SKB 1497/2025-2/2025-5/2025 (2026) exactly;
#: add a row here, with its SKB number, when a new SKB outruns the package.
SKB_CORRECTIONS: Mapping[int, Mapping[str, object]] = MappingProxyType({})

_LOCAL_NAME = "Libur daerah"


@dataclass(frozen=True, eq=False)
class WorkingCalendar:
    """Non-working days of one unit, wrapping a ``numpy.busdaycalendar``.

    Attributes
    ----------
    busdaycal : numpy.busdaycalendar
        Weekmask and holidays used by every numpy business-day call.
    names, kinds : Mapping[date, str]
        Display name and kind (``public``, ``cuti_bersama``, ``local``) of each holiday.
    years : tuple of int
        Years whose national holidays are included.
    weekend : tuple of int
        Weekend days, Python numbering (Monday=0 .. Sunday=6).
    """

    busdaycal: np.busdaycalendar
    names: Mapping[date, str]
    kinds: Mapping[date, str]
    years: tuple[int, ...]
    weekend: tuple[int, ...]

    def check_covers(self, first: date, last: date) -> None:
        """Raise ``ValueError`` unless every year from ``first`` to ``last`` is in the calendar."""
        missing = sorted(set(range(first.year, last.year + 1)) - set(self.years))
        if missing:
            raise ValueError(
                f"Kalender kerja tidak mencakup tahun {missing} / working calendar lacks years "
                f"{missing}; build it with years={first.year}..{last.year}"
            )


def working_calendar(
    years: Iterable[int],
    extra_holidays: Mapping[date, str] | Iterable[date] = (),
    removed_holidays: Iterable[date] = (),
    weekend: Iterable[int] = (5, 6),
) -> WorkingCalendar:
    """Build the working-day calendar for ``years``.

    Parameters
    ----------
    years : iterable of int
        Years to load national public holidays and cuti bersama for.
    extra_holidays : mapping date -> name, or iterable of date
        Local holidays an admin added (kind ``local``); they win over ``removed_holidays``.
    removed_holidays : iterable of date
        National dates the admin declared working days (e.g. a changed SKB); unknown dates are
        ignored so one list can serve calendars built for different years.
    weekend : iterable of int
        Weekend days, Monday=0 .. Sunday=6; ``(6,)`` for a 6-day week.

    Returns
    -------
    WorkingCalendar
    """
    years = tuple(sorted(set(years)))
    kinds, names = _national_holidays(years)
    for day in removed_holidays:
        kinds.pop(day, None)
        names.pop(day, None)
    extra = extra_holidays if isinstance(extra_holidays, Mapping) else dict.fromkeys(extra_holidays)
    for day, name in extra.items():
        kinds[day], names[day] = "local", name or _LOCAL_NAME
    weekend = tuple(sorted(set(weekend)))
    weekmask = [0 if d in weekend else 1 for d in range(7)]
    cal = np.busdaycalendar(weekmask=weekmask, holidays=sorted(kinds))
    return WorkingCalendar(cal, MappingProxyType(names), MappingProxyType(kinds), years, weekend)


def _national_holidays(years: tuple[int, ...]) -> tuple[dict[date, str], dict[date, str]]:
    """Return (kinds, names) of public holidays and cuti bersama, SKB corrections applied."""
    kinds: dict[date, str] = {}
    names: dict[date, str] = {}
    # Cuti bersama first so that a date that is both keeps the stronger "public" kind.
    for category, kind in (("government", "cuti_bersama"), ("public", "public")):
        found = holidays.country_holidays("ID", years=years, categories=(category,), language="id")
        for day, name in found.items():
            kinds[day], names[day] = kind, name
    for year in years:
        fix = SKB_CORRECTIONS.get(year, {})
        for day in fix.get("remove", ()):
            kinds.pop(day, None)
            names.pop(day, None)
        for day, name in dict(fix.get("add", {})).items():
            kinds[day], names[day] = "cuti_bersama", name
    return kinds, names


def holidays_in_year(calendar: WorkingCalendar, year: int) -> list[tuple[date, str, str]]:
    """List the holidays of ``year`` as ``(date, name, kind)``, sorted by date.

    Holidays falling on a weekend are listed too: a calendar page shows them.

    Parameters
    ----------
    calendar : WorkingCalendar
    year : int

    Returns
    -------
    list of (date, str, str)
        Kind is ``public``, ``cuti_bersama`` or ``local``.
    """
    days = sorted(d for d in calendar.kinds if d.year == year)
    return [(d, calendar.names[d], calendar.kinds[d]) for d in days]


def _as_stamps(values):
    """Return ``(datetime64[us] array, rewrap)``; ``rewrap`` restores the caller's container."""
    if isinstance(values, (pd.Series, pd.Index, np.ndarray, list, tuple)):
        stamps = pd.to_datetime(pd.Series(values) if isinstance(values, (list, tuple)) else values)
        if getattr(stamps.dtype, "tz", None) is not None:
            raise ValueError("pass naive local times; convert with to_local() first")
        arr = np.asarray(stamps, dtype="datetime64[us]")
        if isinstance(values, pd.Series):
            index, name = values.index, values.name
            return arr, lambda r: pd.Series(r, index=index, name=name)
        return arr, lambda r: r
    if isinstance(values, datetime) and values.tzinfo is not None:
        raise ValueError("pass a naive local time; convert with to_local() first")
    return np.datetime64(pd.Timestamp(values).to_datetime64(), "us"), _scalar


def _scalar(result):
    """Turn a numpy scalar result back into ``date`` or ``int``."""
    if np.issubdtype(np.asarray(result).dtype, np.datetime64):
        return None if np.isnat(result) else result.astype("datetime64[D]").astype(date)
    return int(result)


def add_working_days(start, n, calendar: WorkingCalendar):
    """Return the n-th working day after ``start``.

    A non-working ``start`` is first moved to the next working day, which counts as day 0; so
    ``n=0`` gives ``start`` itself or the next working day, and negative ``n`` counts backwards
    from that rolled day. Works on scalars, numpy arrays and Series (``n`` broadcasts); NaT stays
    NaT.

    Parameters
    ----------
    start : date-like, array or Series
    n : int or array of int
    calendar : WorkingCalendar

    Returns
    -------
    date, numpy datetime64[D] array or Series, matching ``start``.
    """
    days, wrap = _as_stamps(start)
    days = days.astype("datetime64[D]")
    return wrap(np.busday_offset(days, n, roll="forward", busdaycal=calendar.busdaycal))


def working_days_between(start, end, calendar: WorkingCalendar):
    """Count working days after ``start`` up to and including ``end``.

    The result is never negative: 0 whenever ``end <= start``. Vectorised like
    ``add_working_days``; NaT raises ``ValueError`` because an int cannot hold "missing".

    Parameters
    ----------
    start, end : date-like, array or Series
    calendar : WorkingCalendar

    Returns
    -------
    int, numpy int array or Series, matching ``start`` (or ``end`` when ``start`` is scalar).
    """
    (s, wrap_s), (e, wrap_e) = _as_stamps(start), _as_stamps(end)
    s, e = s.astype("datetime64[D]"), e.astype("datetime64[D]")
    if np.isnat(s).any() or np.isnat(e).any():
        raise ValueError("working_days_between: missing dates (NaT)")
    one = np.timedelta64(1, "D")
    # busday_count counts [begin, end); shifting both by a day gives (start, end].
    count = np.maximum(np.busday_count(s + one, e + one, busdaycal=calendar.busdaycal), 0)
    return (wrap_s if np.ndim(s) else wrap_e)(count)


def effective_received_date(received_at_local, calendar: WorkingCalendar, office_close=time(16, 0)):
    """Return the working day a complaint's SLA clock starts on.

    A complaint received at or after ``office_close`` counts from the next day; a non-working
    day rolls forward to the next working day. ``received_at_local`` must be naive wall-clock
    time of the unit (see ``to_local``). Vectorised over arrays and Series; NaT stays NaT.

    Parameters
    ----------
    received_at_local : datetime, array or Series of naive local datetimes
    calendar : WorkingCalendar
    office_close : datetime.time
        Closing time of the unit's complaint desk.

    Returns
    -------
    date, numpy datetime64[D] array or Series, matching the input.
    """
    stamps, wrap = _as_stamps(received_at_local)
    days = stamps.astype("datetime64[D]")
    close = pd.Timedelta(office_close.isoformat()).to_timedelta64()
    late = (stamps - days) >= close
    days = days + late.astype("timedelta64[D]")
    return wrap(np.busday_offset(days, 0, roll="forward", busdaycal=calendar.busdaycal))


def to_local(ts_utc, tz_name: str):
    """Convert UTC timestamps to the naive wall-clock time of ``tz_name``.

    Naive input is taken to be UTC. ``tz_name`` is an IANA name or WIB, WITA or WIT.

    Parameters
    ----------
    ts_utc : datetime or Series of datetimes
    tz_name : str

    Returns
    -------
    datetime or Series of naive local datetimes.
    """
    zone = ZoneInfo(TIME_ZONES.get(tz_name, tz_name))
    if isinstance(ts_utc, pd.Series):
        stamps = pd.to_datetime(ts_utc)
        if stamps.dt.tz is None:
            stamps = stamps.dt.tz_localize("UTC")
        return stamps.dt.tz_convert(zone).dt.tz_localize(None)
    aware = ts_utc if ts_utc.tzinfo else ts_utc.replace(tzinfo=ZoneInfo("UTC"))
    return aware.astimezone(zone).replace(tzinfo=None)
