"""Working-day calendar: SKB holiday lists, counting rules, after-hours and time zones."""

from datetime import date, datetime, time

import numpy as np
import pandas as pd
import pytest

from scoring.calendar import (
    add_working_days,
    effective_received_date,
    holidays_in_year,
    to_local,
    working_calendar,
    working_days_between,
)

# Official lists, typed in from the SKB 3 Menteri (not derived from the holidays package).
# 2024: SKB 855/2023, 3/2023, 4/2023 (plus the Keppres election days 14 Feb and 27 Nov).
# 2025: SKB 1017/2024, 2/2024, 2/2024, amended by SKB 933/2025, 1/2025, 3/2025 (adds 18 Aug).
# 2026: SKB 1497/2025, 2/2025, 5/2025 (1 Syawal 1447 H confirmed 21 Mar by the sidang isbat).
PUBLIC = {
    2024: ["01-01", "02-08", "02-10", "02-14", "03-11", "03-29", "03-31", "04-10", "04-11",
           "05-01", "05-09", "05-23", "06-01", "06-17", "07-07", "08-17", "09-16", "11-27",
           "12-25"],
    2025: ["01-01", "01-27", "01-29", "03-29", "03-31", "04-01", "04-18", "04-20", "05-01",
           "05-12", "05-29", "06-01", "06-06", "06-27", "08-17", "09-05", "12-25"],
    2026: ["01-01", "01-16", "02-17", "03-19", "03-21", "03-22", "04-03", "04-05", "05-01",
           "05-14", "05-27", "05-31", "06-01", "06-16", "08-17", "08-25", "12-25"],
}  # fmt: skip
CUTI_BERSAMA = {
    2024: ["02-09", "03-12", "04-08", "04-09", "04-12", "04-15", "05-10", "05-24", "06-18",
           "12-26"],
    2025: ["01-28", "03-28", "04-02", "04-03", "04-04", "04-07", "05-13", "05-30", "06-09",
           "08-18", "12-26"],
    2026: ["02-16", "03-18", "03-20", "03-23", "03-24", "05-15", "05-28", "12-24"],
}  # fmt: skip
# Working days in a 5-day week, counted by hand from the lists above (PRODUCT.md: 240 in 2026).
WORKING_DAYS = {2024: 238, 2025: 237, 2026: 240}


def _dates(year, days):
    return {date.fromisoformat(f"{year}-{d}") for d in days}


@pytest.fixture(scope="module")
def cal():
    return working_calendar(range(2024, 2027))


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_holiday_lists_match_the_skb(cal, year):
    listed = holidays_in_year(cal, year)
    kinds = {kind: {d for d, _, k in listed if k == kind} for kind in ("public", "cuti_bersama")}
    assert kinds["public"] == _dates(year, PUBLIC[year])
    assert kinds["cuti_bersama"] == _dates(year, CUTI_BERSAMA[year])
    assert [d for d, _, _ in listed] == sorted(d for d, _, _ in listed)


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_working_days_per_year(cal, year):
    start, end = date(year - 1, 12, 31), date(year, 12, 31)
    assert working_days_between(start, end, cal) == WORKING_DAYS[year]
    off = sorted(_dates(year, PUBLIC[year] + CUTI_BERSAMA[year]))
    assert np.busday_count(f"{year}-01-01", f"{year + 1}-01-01", holidays=off) == WORKING_DAYS[year]


def test_complaint_on_thursday_before_idul_fitri_2025(cal):
    # 28 Mar cuti Nyepi, 29 Nyepi, 31 Mar-1 Apr Idul Fitri, 2-4 and 7 Apr cuti bersama.
    received = datetime(2025, 3, 27, 10, 0)
    assert effective_received_date(received, cal) == date(2025, 3, 27)
    assert add_working_days(date(2025, 3, 27), 1, cal) == date(2025, 4, 8)
    assert add_working_days(date(2025, 3, 27), 5, cal) == date(2025, 4, 14)
    late = effective_received_date(datetime(2025, 3, 27, 16, 30), cal)
    assert late == date(2025, 4, 8)
    assert add_working_days(late, 5, cal) == date(2025, 4, 15)


def test_idul_fitri_2024_and_2026(cal):
    # 2024: 8-9 Apr cuti, 10-11 Idul Fitri, 12 and 15 Apr cuti -> back on Tuesday 16 Apr.
    assert add_working_days(date(2024, 4, 5), 1, cal) == date(2024, 4, 16)
    assert working_days_between(date(2024, 4, 5), date(2024, 4, 16), cal) == 1
    # 2026: 18 cuti Nyepi, 19 Nyepi, 20 cuti, 21-22 Idul Fitri, 23-24 cuti -> Wednesday 25 Mar.
    assert add_working_days(date(2026, 3, 17), 1, cal) == date(2026, 3, 25)
    assert effective_received_date(datetime(2026, 3, 19, 9, 0), cal) == date(2026, 3, 25)


def test_start_day_and_counting_rules(cal):
    saturday, monday = date(2025, 7, 12), date(2025, 7, 14)
    assert add_working_days(saturday, 0, cal) == monday
    assert add_working_days(saturday, 1, cal) == date(2025, 7, 15)
    assert add_working_days(monday, -1, cal) == date(2025, 7, 11)
    assert working_days_between(saturday, monday, cal) == 1
    assert working_days_between(monday, monday, cal) == 0
    assert working_days_between(monday, saturday, cal) == 0  # never negative
    assert working_days_between(date(2025, 7, 11), monday, cal) == 1


def test_six_day_week():
    six = working_calendar([2025], weekend=(6,))
    assert add_working_days(date(2025, 7, 11), 1, six) == date(2025, 7, 12)  # Saturday works
    assert add_working_days(date(2025, 7, 12), 1, six) == date(2025, 7, 14)  # Sunday does not
    assert working_days_between(date(2024, 12, 31), date(2025, 12, 31), six) == 237 + 52 - 1
    # 52 Saturdays in 2025; 29 Mar (Nyepi) is a Saturday holiday, the others become workdays.


def test_extra_and_removed_holidays():
    local = {date(2025, 7, 16): "Hari Jadi Kabupaten"}
    cal = working_calendar([2025], extra_holidays=local, removed_holidays=[date(2025, 12, 26)])
    assert add_working_days(date(2025, 7, 15), 1, cal) == date(2025, 7, 17)
    assert (date(2025, 7, 16), "Hari Jadi Kabupaten", "local") in holidays_in_year(cal, 2025)
    assert add_working_days(date(2025, 12, 24), 1, cal) == date(2025, 12, 26)
    unnamed = working_calendar([2025], extra_holidays=[date(2025, 7, 16)])
    assert unnamed.names[date(2025, 7, 16)] == "Libur daerah"


def test_time_zones_and_after_hours(cal):
    utc = datetime(2025, 7, 15, 7, 30)  # a Tuesday
    jayapura, jakarta = to_local(utc, "WIT"), to_local(utc, "Asia/Jakarta")
    assert (jayapura, jakarta) == (datetime(2025, 7, 15, 16, 30), datetime(2025, 7, 15, 14, 30))
    assert to_local(utc, "WITA") == datetime(2025, 7, 15, 15, 30)
    assert effective_received_date(jayapura, cal) == date(2025, 7, 16)
    assert effective_received_date(jakarta, cal) == date(2025, 7, 15)
    assert effective_received_date(datetime(2025, 7, 15, 16, 0), cal) == date(2025, 7, 16)
    assert effective_received_date(jayapura, cal, office_close=time(17, 0)) == date(2025, 7, 15)
    series = pd.Series(pd.to_datetime(["2025-07-15 07:30"]).tz_localize("UTC"), index=[9])
    assert to_local(series, "WIT").tolist() == [pd.Timestamp(jayapura)]


def test_aware_timestamps_are_refused(cal):
    with pytest.raises(ValueError, match="to_local"):
        effective_received_date(pd.Timestamp("2025-07-15 09:00", tz="Asia/Jakarta"), cal)


def test_scalar_equals_vectorised_on_random_dates(cal):
    rng = np.random.default_rng(7)
    base = np.datetime64("2024-01-01") + rng.integers(0, 700, 400).astype("timedelta64[D]")
    ends = base + rng.integers(-5, 60, 400).astype("timedelta64[D]")
    n = rng.integers(-10, 40, 400)
    stamps = pd.Series(base.astype("datetime64[s]") + rng.integers(0, 86400, 400), index=range(400))
    added = add_working_days(pd.Series(base), n, cal)
    counted = working_days_between(base, ends, cal)
    effective = effective_received_date(stamps, cal)
    assert isinstance(added, pd.Series) and isinstance(counted, np.ndarray)
    for i in range(400):
        day, end = base[i].astype(date), ends[i].astype(date)
        assert added.iloc[i].date() == add_working_days(day, int(n[i]), cal)
        assert counted[i] == working_days_between(day, end, cal)
        assert effective.iloc[i].date() == effective_received_date(stamps.iloc[i], cal)


def test_missing_dates(cal):
    days = pd.Series(pd.to_datetime(["2025-07-15", None]))
    assert add_working_days(days, 1, cal).isna().tolist() == [False, True]
    with pytest.raises(ValueError, match="NaT"):
        working_days_between(days, date(2025, 8, 1), cal)


def test_coverage_check(cal):
    cal.check_covers(date(2024, 1, 1), date(2026, 12, 31))
    with pytest.raises(ValueError, match="2027"):
        cal.check_covers(date(2026, 1, 1), date(2027, 1, 5))


def test_skb_corrections_override_the_package(monkeypatch):
    # The table is empty today (holidays 0.109 matches the SKB); check that a row would apply.
    moved = {2025: {"remove": (date(2025, 12, 26),), "add": {date(2025, 12, 29): "Cuti Bersama"}}}
    monkeypatch.setattr("scoring.calendar.SKB_CORRECTIONS", moved)
    cal = working_calendar([2025])
    assert cal.kinds[date(2025, 12, 29)] == "cuti_bersama" and date(2025, 12, 26) not in cal.kinds
    assert add_working_days(date(2025, 12, 24), 1, cal) == date(2025, 12, 26)
    assert add_working_days(date(2025, 12, 26), 1, cal) == date(2025, 12, 30)


def test_names_are_indonesian_and_series_keep_their_index(cal):
    assert cal.names[date(2025, 4, 2)] == "Cuti Bersama Hari Raya Idul Fitri"
    assert cal.names[date(2025, 3, 31)] == "Hari Raya Idul Fitri"
    days = pd.Series(pd.to_datetime(["2025-03-27", "2025-03-28"]), index=["a", "b"], name="x")
    out = add_working_days(days, 1, cal)
    assert out.index.tolist() == ["a", "b"] and out.name == "x"
    assert out.tolist() == [pd.Timestamp("2025-04-08"), pd.Timestamp("2025-04-09")]
