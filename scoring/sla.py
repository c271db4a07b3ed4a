"""Complaint SLA, computed on read from the event log: calendar or policy edits recompute history.

* **Day 0** is the effective received date (``scoring.calendar``: after hours or on a non-working
  day it is the next working day). A k-working-day target is met when the step's local date is
  on or before ``add_working_days(day0, k)``.
* **Steps.** Verification: the first event not ``diterima``. First follow-up: the first
  ``ditindaklanjuti``, ``selesai``, ``bukan_wewenang`` or ``diarsipkan`` (a refusal answers too).
  Resolution: the last ``selesai`` while the complaint stands at ``selesai``/``ditutup``.
* **Pause.** From a pause-status event to the next event (or ``as_of``), the working days in
  ``(pause date, resume date]`` extend the resolution target, and the follow-up target when the
  pause began before the first follow-up. Verification never pauses: asking for material verifies.
* **Breach.** A step done after its due date, or missing past it while open (or until refused;
  refused complaints have no resolution target). UU 25/2009: verification more than 14 calendar
  days after the actual receipt (no event marks the decision or its delivery).
* **as_of.** Later events and complaints are ignored, so a past ``as_of`` reproduces that day.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import time
from types import MappingProxyType

import numpy as np
import pandas as pd

from .calendar import WorkingCalendar, add_working_days, effective_received_date

# LAPOR! life cycle (PermenPANRB 62/2018) plus re-disposition, reopening a disputed result and
# UU 25/2009 Pasal 44(5): material not completed within 30 days = complaint withdrawn (diarsipkan).
ALLOWED_TRANSITIONS = MappingProxyType({k: frozenset(v.split()) for k, v in {
    "diterima": "diverifikasi perlu_kelengkapan bukan_wewenang diarsipkan",
    "diverifikasi": "didisposisikan ditindaklanjuti perlu_kelengkapan bukan_wewenang diarsipkan",
    "didisposisikan": "didisposisikan ditindaklanjuti perlu_kelengkapan bukan_wewenang",
    "ditindaklanjuti": "ditindaklanjuti perlu_kelengkapan selesai",
    "perlu_kelengkapan": "diverifikasi didisposisikan ditindaklanjuti diarsipkan",
    "selesai": "ditutup ditindaklanjuti", "ditutup": "", "bukan_wewenang": "", "diarsipkan": "",
}.items()})  # fmt: skip
STATUSES = tuple(ALLOWED_TRANSITIONS)  # life-cycle order, as in the table above
_CODE = {s: i for i, s in enumerate(STATUSES)}
_RESOLVED = [_CODE["selesai"], _CODE["ditutup"]]
_REFUSED = [_CODE["bukan_wewenang"], _CODE["diarsipkan"]]
_FOLLOW_UP = [_CODE["ditindaklanjuti"], _CODE["selesai"], *_REFUSED]
_CLASSES = {"ringan": 2, "normatif": 5, "tidak_berkadar_pengawasan": 14, "berkadar_pengawasan": 60}
_DAY = np.timedelta64(1, "D")


class InvalidTransition(ValueError):
    """A status change the complaint life cycle does not allow."""


def check_transition(from_status: str, to_status: str) -> None:
    """Raise ``InvalidTransition`` unless ``from_status -> to_status`` is allowed."""
    if unknown := {from_status, to_status} - set(ALLOWED_TRANSITIONS):
        raise InvalidTransition(f"Status tidak dikenal / unknown status: {sorted(unknown)}")
    if to_status not in ALLOWED_TRANSITIONS[from_status]:
        allowed = ", ".join(sorted(ALLOWED_TRANSITIONS[from_status])) or "-"
        move = f"{from_status} → {to_status}"
        raise InvalidTransition(
            f"Perubahan status tidak diizinkan: {move} (yang diizinkan: {allowed}). "
            f"Invalid status transition: {move} (allowed: {allowed})."
        )


@dataclass(frozen=True)
class SlaPolicy:
    """SLA targets (working days; statutory limits in calendar days), METHODOLOGY §3 defaults."""

    verify_working_days: int = 3
    follow_up_working_days: int = 5
    resolution_working_days: Mapping[str, int] = field(default_factory=lambda: dict(_CLASSES))
    pause_statuses: frozenset[str] = frozenset({"perlu_kelengkapan"})
    statutory_response_days: int = 14
    statutory_decision_days: int = 60
    statutory_delivery_days: int = 14
    office_close: time = time(16, 0)

    def __post_init__(self):
        # Frozen containers: a stored policy version must not change under a running evaluation.
        targets = MappingProxyType(dict(self.resolution_working_days))
        object.__setattr__(self, "resolution_working_days", targets)
        object.__setattr__(self, "pause_statuses", frozenset(self.pause_statuses))
        if bad := self.pause_statuses - set(STATUSES[1:5]):
            raise ValueError(f"pause_statuses must be open, non-initial statuses: {sorted(bad)}")

    def to_dict(self) -> dict:
        """Return a JSON-ready dict (schema 1) for versioned storage."""
        return {"schema": 1, **{f.name: getattr(self, f.name) for f in fields(self)},
                "resolution_working_days": dict(self.resolution_working_days),
                "pause_statuses": sorted(self.pause_statuses),
                "office_close": self.office_close.strftime("%H:%M")}  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping) -> "SlaPolicy":
        """Rebuild a policy from ``to_dict()`` output; unknown keys raise ``ValueError``."""
        data = {k: v for k, v in data.items() if k != "schema"}  # schema 1 is the only one
        if unknown := set(data) - {f.name for f in fields(cls)}:
            raise ValueError(f"unknown SlaPolicy keys: {sorted(unknown)}")
        if isinstance(data.get("office_close"), str):
            data["office_close"] = time.fromisoformat(data["office_close"])
        return cls(**data)


def evaluate_complaints(complaints, events, calendar: WorkingCalendar, policy: SlaPolicy, as_of):
    """Evaluate every complaint's SLA as of ``as_of`` (rules in the module docstring).

    Parameters
    ----------
    complaints : DataFrame
        ``id``, ``unit_id``, ``received_at`` (naive local datetime), ``severity``, ``kind``.
    events : DataFrame
        ``complaint_id``, ``status``, ``at`` (naive local datetime; ties keep input order).
    calendar : WorkingCalendar
        Covering every year from the first receipt to the last due date.
    policy : SlaPolicy
    as_of : date-like

    Returns
    -------
    DataFrame
        One row per complaint received by ``as_of``: ids, ``status``, ``*_due`` and step dates,
        ``elapsed_working_days`` (to resolution, refusal or ``as_of``), ``paused_working_days``,
        ``resolution_working_days`` (elapsed minus paused; resolved only), ``*_breach`` flags
        (verify, response, resolution, statutory_response), ``is_open/overdue/paused``.
    """
    as_of = np.datetime64(pd.Timestamp(as_of).date(), "D")
    received = complaints["received_at"].to_numpy(dtype="datetime64[us]")
    if np.isnat(received).any():
        raise ValueError("complaints.received_at has missing values")
    frame = complaints.loc[received.astype("datetime64[D]") <= as_of]
    pos, at, code = _sorted_events(events, frame["id"].to_numpy(), as_of)
    ms = _milestones(pos, at, code, len(frame))
    ms["paused"], ms["paused_pre"] = _pauses(pos, at, code, ms, as_of, calendar, policy)
    ms.update(_due_dates(frame, ms, calendar, policy, as_of))
    return _table(frame, ms, calendar, policy, as_of)


def _sorted_events(events, ids, as_of):
    """Return events up to ``as_of`` as (complaint position, time, status code), time-sorted."""
    codes = pd.Index(STATUSES).get_indexer(events["status"])
    if (codes < 0).any():
        raise ValueError(f"unknown statuses: {sorted(set(map(str, events['status'][codes < 0])))}")
    at = events["at"].to_numpy(dtype="datetime64[us]")
    pos = pd.Index(ids).get_indexer(events["complaint_id"].to_numpy())
    # Events of complaints outside the frame (received after as_of) or after as_of are unseen.
    keep = (pos >= 0) & (at.astype("datetime64[D]") <= as_of)
    pos, at, code = pos[keep], at[keep], codes[keep]
    step = np.diff(pos)
    if not np.all((step > 0) | ((step == 0) & (np.diff(at) >= np.timedelta64(0)))):
        # One int64 key (complaint, stable time rank) sorts faster than np.lexsort.
        rank = np.empty(at.size, np.int64)
        rank[np.argsort(at, kind="stable")] = np.arange(at.size)
        order = np.argsort(pos.astype(np.int64) * at.size + rank)
        pos, at, code = pos[order], at[order], code[order]
    return pos, at, code


def _milestones(pos, at, code, n):
    """Return the current status code and the dates of verification, follow-up and closing."""

    def _per_complaint(pos, values, mask, n, first, fill):  # first/last selected event's value
        out, p, v = np.full(n, fill, dtype=values.dtype), pos[mask], values[mask]
        edge = np.ones(p.size, dtype=bool)
        (edge[1:] if first else edge[:-1])[:] = p[1:] != p[:-1]
        out[p[edge]] = v[edge]
        return out

    nat, every = np.datetime64("NaT", "us"), np.ones(code.size, dtype=bool)
    last = _per_complaint(pos, code, every, n, False, _CODE["diterima"])
    fu_at = _per_complaint(pos, at, np.isin(code, _FOLLOW_UP), n, True, nat)
    verified = _per_complaint(pos, at, code != _CODE["diterima"], n, True, nat)
    ms = {"last": last, "fu_at": fu_at, "follow_up": fu_at.astype("datetime64[D]"),
          "verified": verified.astype("datetime64[D]")}  # fmt: skip
    for name, selected, current in (("resolved", code == _CODE["selesai"], _RESOLVED),
                                    ("refused", np.isin(code, _REFUSED), _REFUSED)):  # fmt: skip
        when = _per_complaint(pos, at, selected, n, False, nat)
        when[~np.isin(last, current)] = nat  # only while the complaint still stands there
        ms[name] = when.astype("datetime64[D]")
    return ms


def _pauses(pos, at, code, ms, as_of, calendar, policy):
    """Return paused working days per complaint: all, and begun before the first follow-up."""
    n, day = ms["last"].size, at.astype("datetime64[D]")
    idx = np.flatnonzero(np.isin(code, [_CODE[s] for s in policy.pause_statuses]))
    nxt = np.minimum(idx + 1, max(pos.size - 1, 0))
    resumed = (idx + 1 < pos.size) & (pos[nxt] == pos[idx])
    end = np.where(resumed, day[nxt], as_of)
    wd = np.maximum(np.busday_count(day[idx] + _DAY, end + _DAY, busdaycal=calendar.busdaycal), 0)
    fu = ms["fu_at"][pos[idx]]
    pre = np.isnat(fu) | (at[idx] < fu)
    paused = np.bincount(pos[idx], weights=wd, minlength=n).astype(np.int64)
    return paused, np.bincount(pos[idx][pre], weights=wd[pre], minlength=n).astype(np.int64)


def _due_dates(frame, ms, calendar, policy, as_of):
    """Return day 0 and the verification, follow-up and resolution due dates."""
    limit = frame["severity"].map(dict(policy.resolution_working_days))
    if limit.isna().any():
        raise ValueError(f"severity without a target: {sorted(set(frame.severity[limit.isna()]))}")
    e = effective_received_date(frame["received_at"].to_numpy(), calendar, policy.office_close)
    due = add_working_days(e, limit.to_numpy(np.int64) + ms["paused"], calendar)
    if due.size:
        calendar.check_covers(e.min().astype(object), max(due.max(), as_of).astype(object))
    follow_up = policy.follow_up_working_days + ms["paused_pre"]
    return {"effective_received_date": e, "resolution_due": due,
            "verify_due": add_working_days(e, policy.verify_working_days, calendar),
            "follow_up_due": add_working_days(e, follow_up, calendar)}  # fmt: skip


def _table(frame, ms, calendar, policy, as_of):
    """Build the per-complaint table of due dates, elapsed time and breach flags."""
    e, due = ms["effective_received_date"], ms["resolution_due"]
    received = frame["received_at"].to_numpy(dtype="datetime64[D]")
    is_open = ~np.isin(ms["last"], _RESOLVED + _REFUSED)
    watch_end = np.where(np.isnat(ms["refused"]), as_of, ms["refused"])
    done = ~np.isnat(ms["resolved"])
    stop = np.where(done, ms["resolved"], watch_end)
    elapsed = np.maximum(np.busday_count(e + _DAY, stop + _DAY, busdaycal=calendar.busdaycal), 0)
    answered = np.where(np.isnat(ms["verified"]), as_of, ms["verified"]) - received  # UU 25/2009
    missed = {  # done after its due date, or still missing past it
        step: np.where(np.isnat(ms[done]), watch_end > ms[step], ms[done] > ms[step])
        for step, done in (("verify_due", "verified"), ("follow_up_due", "follow_up"))}  # fmt: skip
    return pd.DataFrame({
        "complaint_id": frame["id"].to_numpy(), "unit_id": frame["unit_id"].to_numpy(),
        "severity": frame["severity"].to_numpy(), "kind": frame["kind"].to_numpy(),
        "status": np.asarray(STATUSES, dtype=object)[ms["last"]],
        "received_date": received, "effective_received_date": e, "resolution_due": due,
        "verify_due": ms["verify_due"], "follow_up_due": ms["follow_up_due"],
        "verified_date": ms["verified"],
        "first_follow_up_date": ms["follow_up"], "resolved_date": ms["resolved"],
        "elapsed_working_days": elapsed, "paused_working_days": ms["paused"],
        "resolution_working_days": np.where(done, elapsed - ms["paused"], np.nan),
        "verify_breach": missed["verify_due"], "response_breach": missed["follow_up_due"],
        "resolution_breach": (done & (ms["resolved"] > due)) | (is_open & (as_of > due)),
        "statutory_response_breach": answered > np.timedelta64(policy.statutory_response_days, "D"),
        "is_open": is_open, "is_overdue": is_open & (as_of > due),
        "is_paused": np.isin(ms["last"], [_CODE[s] for s in policy.pause_statuses]),
    })  # fmt: skip


def summarise_by_unit(evaluated, period_start, period_end, service_volume=None):
    """Summarise SLA performance per unit for complaints received in a period.

    Returns a frame by ``unit_id``: ``n``, ``pct_response_within_sla``,
    ``pct_resolved_within_sla``, ``median/p90_resolution_working_days`` (linear interpolation)
    over complaints received in ``[period_start, period_end]``, where a rate's denominator is
    those whose outcome is known (done, or breached while pending); ``open_backlog`` and
    ``overdue`` over every complaint received by ``period_end`` still open in ``evaluated`` (use
    ``as_of=period_end``); ``complaints_per_1000`` when ``service_volume`` (by unit) is given.
    """
    received, end = evaluated["received_date"], pd.Timestamp(period_end)
    cohort = evaluated[received.between(pd.Timestamp(period_start), end)]
    flags = pd.DataFrame({"unit_id": cohort["unit_id"], "days": cohort["resolution_working_days"]})
    for name, done, breach in (("resp", "first_follow_up_date", "response_breach"),
                               ("res", "resolved_date", "resolution_breach")):  # fmt: skip
        flags[name + "_known"] = cohort[done].notna() | cohort[breach]
        flags[name + "_ok"] = cohort[done].notna() & ~cohort[breach]
    g = flags.groupby("unit_id")
    sums, days = g.sum(), g["days"].quantile([0.5, 0.9]).unstack().reindex(columns=[0.5, 0.9])
    out = pd.DataFrame({
        "n": g.size(),
        "pct_response_within_sla": 100 * sums["resp_ok"] / sums["resp_known"].replace(0, np.nan),
        "pct_resolved_within_sla": 100 * sums["res_ok"] / sums["res_known"].replace(0, np.nan),
        "median_resolution_working_days": days[0.5], "p90_resolution_working_days": days[0.9],
    })  # fmt: skip
    live = evaluated[(received <= end) & evaluated["is_open"]].groupby("unit_id")
    backlog = live.agg(open_backlog=("is_open", "size"), overdue=("is_overdue", "sum"))
    out = out.join(backlog, how="outer")
    if service_volume is not None:
        out = out.reindex(out.index.union(service_volume.index))
        volume = service_volume.reindex(out.index).replace(0, np.nan)
        out["complaints_per_1000"] = 1000 * out["n"].fillna(0) / volume
    counts = ["n", "open_backlog", "overdue"]
    out[counts] = out[counts].fillna(0).astype(np.int64)
    return out


def due_soon(evaluated, calendar: WorkingCalendar, as_of, within_working_days: int = 2):
    """List open, unpaused complaints overdue or due within the next working days.

    The deadline is the earliest pending one: verification, first follow-up or resolution.
    Returns rows of ``evaluated`` (evaluated at the same ``as_of``) plus ``next_step``
    (verifikasi, tindak_lanjut, penyelesaian), ``next_due`` and ``working_days_left`` (0 when
    due on ``as_of``, negative when overdue), sorted by due date, then complaint id.
    """
    live = evaluated[evaluated["is_open"] & ~evaluated["is_paused"]]
    dues = pd.DataFrame({
        "verifikasi": live["verify_due"].where(live["verified_date"].isna()),
        "tindak_lanjut": live["follow_up_due"].where(live["first_follow_up_date"].isna()),
        "penyelesaian": live["resolution_due"]})  # fmt: skip
    next_due = dues.min(axis=1).to_numpy(dtype="datetime64[D]")
    today = np.datetime64(pd.Timestamp(as_of).date(), "D")
    horizon = np.datetime64(add_working_days(today, within_working_days, calendar), "D")
    pick = next_due <= horizon
    left = np.busday_count(today + _DAY, next_due[pick] + _DAY, busdaycal=calendar.busdaycal)
    chosen = live.loc[pick].assign(next_step=dues.loc[pick].idxmin(axis=1))
    chosen = chosen.assign(next_due=next_due[pick], working_days_left=left)
    return chosen.sort_values(["next_due", "complaint_id"])
