"""Complaints at scale with their status events, drawn with numpy on the working calendar.

Life cycles follow the demo (evalsys.demo.complaints): 5 % are outside the unit's authority,
2 % wait for material and are archived, the rest are verified, disposed, followed up and
resolved within a severity-dependent number of working days that better units beat; 80 % of
resolved ones are closed. Working days come from the real national calendar (numpy busday
with its holidays; six-day weeks for puskesmas). Everything is cut at the end of the newest
period, so the last weeks stay open.
"""

from datetime import datetime, time

import numpy as np
import pandas as pd

from models import Period
from models.complaint import Complaint, ComplaintEvent
from scoring.calendar import working_calendar

from ..demo.complaints import CHANNELS, KINDS, SEVERITIES, SUBJECTS, TARGETS, VOLUME
from .bulk import BulkWriter, allocate, pick, without_indexes
from .organisation import Organisation

CHUNK = 250_000
HOURS = (8, 9, 9, 10, 10, 11, 13, 14, 15, 15, 16, 17, 19, 21)
MINUTE = np.timedelta64(1, "m")


def write(writer: BulkWriter, rng, org: Organisation, periods: list[Period], total: int,
          echo) -> None:
    """Write ``total`` complaints over every unit and their events, CHUNK at a time."""
    weights = np.array([VOLUME.get(t, 60) for t in org.types], dtype=float) \
        * np.exp(0.2 * rng.normal(0, 1, len(org.ids)) - 0.1 * org.quality)
    per_unit = allocate(weights, total)
    unit_index = np.repeat(np.arange(len(org.ids)), per_unit)
    first, last = periods[0].start_date, periods[-1].end_date
    now = np.datetime64(datetime.combine(last, time(15, 0)), "m")
    years = range(first.year, last.year + 3)
    cals = {six: working_calendar(years, weekend=(6,) if six else (5, 6)).busdaycal
            for six in (False, True)}
    tables = (Complaint.__table__, ComplaintEvent.__table__)
    rebuild = [without_indexes(writer, t) for t in tables]
    complaint_id = writer.next_id(tables[0])
    event_id = writer.next_id(tables[1])
    for start in range(0, total, CHUNK):
        units = unit_index[start:start + CHUNK]
        ids = np.arange(complaint_id + start, complaint_id + start + len(units))
        received = np.datetime64(first, "m") + _received_offsets(rng, len(units), first, last)
        received = np.minimum(received, now - 60 * MINUTE)
        severity = pick(rng, [s for s, _ in SEVERITIES], [w for _, w in SEVERITIES], len(units))
        events = _events(rng, org, units, ids, received, severity, now, cals)
        events.insert(0, "id", np.arange(event_id, event_id + len(events)))
        event_id += len(events)
        status = events.groupby("complaint_id")["status"].last()
        writer.write(tables[0], _complaints(rng, org, units, ids, received, severity, status))
        writer.write(tables[1], events)
        echo(f"complaints {start + len(units):,}/{total:,} (events so far "
             f"{writer.rows.get(tables[1].name, 0):,})")
    for step in rebuild:
        step()


def _received_offsets(rng, n: int, first, last) -> np.ndarray:
    """Return minutes after ``first`` 00:00: a random day, mostly in office hours."""
    days = rng.integers(0, (last - first).days + 1, n)
    hours = np.asarray(HOURS)[rng.integers(0, len(HOURS), n)]
    return (days * 1440 + hours * 60 + rng.integers(0, 12, n) * 5).astype("timedelta64[m]")


def _complaints(rng, org, units, ids, received, severity, status) -> pd.DataFrame:
    """Return the complaint rows of one chunk."""
    n = len(units)
    channel = pick(rng, [c for c, _ in CHANNELS], [w for _, w in CHANNELS], n)
    types = org.types[units]
    lapor = channel == "sp4n_lapor"
    subjects = [SUBJECTS.get(t, SUBJECTS["upt"]) for t in types]
    draws = rng.random(n)
    return pd.DataFrame({
        "id": ids, "unit_id": org.ids[units],
        "tracking_number": [f"SKL-{i:09d}" for i in ids], "channel": channel,
        "kind": pick(rng, [k for k, _ in KINDS], [w for _, w in KINDS], n),
        "severity": severity, "category": types,
        "received_at": pd.to_datetime(received), "is_confidential": rng.random(n) < 0.2,
        "subject": [s[int(d * len(s))] for s, d in zip(subjects, draws, strict=True)],
        "status": status.reindex(ids).to_numpy(),
        "source": np.where(lapor, "import", "manual"),
        "import_batch": np.where(lapor, "skala-lapor", None)})


def _shift(start, working_days, six, cals) -> np.ndarray:
    """Return the date ``working_days`` after each start, on each unit's calendar."""
    days = start.astype("datetime64[D]")
    out = np.empty_like(days)
    for flag, cal in cals.items():
        mask = six == flag
        out[mask] = np.busday_offset(days[mask], working_days[mask], roll="forward",
                                     busdaycal=cal)
    return out


def _step(rng, previous, working_days, six, cals) -> np.ndarray:
    """Return the time of the next event: some working days on, in office hours, after it."""
    day = _shift(previous, working_days.astype(np.int64), six, cals)
    at = day.astype("datetime64[m]") + (rng.integers(8, 16, len(day)) * 60
                                        + rng.integers(0, 12, len(day)) * 5) * MINUTE
    return np.maximum(at, previous + rng.integers(10, 120, len(day)) * MINUTE)


def _events(rng, org, units, ids, received, severity, now, cals) -> pd.DataFrame:
    """Return every event of one chunk of complaints, ordered by complaint and time."""
    n, six = len(units), org.types[units] == "puskesmas"
    speed = np.exp(-0.45 * org.quality[units] + rng.normal(0, 0.35, n))
    target = np.array([TARGETS[s] for s in severity], dtype=float)
    path = rng.random(n)
    steps = [("diterima", received, np.ones(n, bool))]
    refused, archived = path < 0.05, (path >= 0.05) & (path < 0.07)
    normal = path >= 0.07
    at = _step(rng, received, np.rint(rng.exponential(1.5 * speed)), six, cals)
    steps.append(("bukan_wewenang", at, refused))
    at = _step(rng, received, np.ones(n), six, cals)
    steps.append(("perlu_kelengkapan", at, archived))
    steps.append(("diarsipkan", _step(rng, at, np.full(n, 22), six, cals), archived))
    at = _step(rng, received, np.minimum(12, np.rint(rng.exponential(1.1 * speed))), six, cals)
    steps.append(("diverifikasi", at, normal))
    at = _step(rng, at, rng.integers(0, 2, n), six, cals)
    steps.append(("didisposisikan", at, normal))
    at = _step(rng, at, np.minimum(20, np.rint(rng.exponential(1.8 * speed))), six, cals)
    steps.append(("ditindaklanjuti", at, normal))
    due = _shift(received, np.rint(target * speed * rng.uniform(0.3, 1.15, n)).astype(int),
                 six, cals)
    wait = np.maximum(0, np.busday_count(at.astype("datetime64[D]"), due)).astype(float)
    at = _step(rng, at, wait, six, cals)
    steps.append(("selesai", at, normal))
    steps.append(("ditutup", _step(rng, at, rng.integers(1, 6, n), six, cals),
                  normal & (rng.random(n) < 0.8)))
    return _stack(ids, steps, now)


def _stack(ids, steps, now) -> pd.DataFrame:
    """Keep each complaint's events up to the first one after ``now``; stack and sort them."""
    alive = np.ones(len(ids), bool)
    parts = []
    for status, at, mask in steps:
        keep = mask & alive & (at <= now)
        alive &= ~(mask & (at > now))  # a later step cannot happen before this one
        parts.append(pd.DataFrame({"complaint_id": ids[keep], "status": status,
                                   "at": pd.to_datetime(at[keep])}))
    frame = pd.concat(parts, ignore_index=True)
    return frame.sort_values(["complaint_id", "at"], kind="stable", ignore_index=True)
