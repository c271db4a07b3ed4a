"""Complaint SLA: hand-built event histories checked against hand-counted working days."""

import json
from datetime import date, time

import numpy as np
import pandas as pd
import pytest

from scoring.calendar import working_calendar
from scoring.sla import (
    STATUSES,
    InvalidTransition,
    SlaPolicy,
    check_transition,
    due_soon,
    evaluate_complaints,
    summarise_by_unit,
)


@pytest.fixture(scope="module")
def cal():
    return working_calendar(range(2024, 2027))


@pytest.fixture
def history():
    """Return a builder of (complaints, events) from {id: (unit, received, severity, events)}."""

    def build(spec):
        rows = [
            (cid, unit, pd.Timestamp(rec), sev, "pengaduan")
            for cid, (unit, rec, sev, _) in spec.items()
        ]
        events = [
            (cid, status, pd.Timestamp(at)) for cid, (*_, evs) in spec.items() for status, at in evs
        ]
        return (
            pd.DataFrame(rows, columns=["id", "unit_id", "received_at", "severity", "kind"]),
            pd.DataFrame(events, columns=["complaint_id", "status", "at"]),
        )

    return build


def evaluate(build, spec, cal, as_of, policy=None):
    complaints, events = build(spec)
    out = evaluate_complaints(complaints, events, cal, policy or SlaPolicy(), as_of)
    return out.set_index("complaint_id")


def day(text):
    return pd.Timestamp(text)


IDUL_FITRI_2025 = {
    # Received the Thursday before Idul Fitri 2025; the next working days: 8, 9, 10, 11, 14 Apr.
    1: ("A", "2025-03-27 10:00", "normatif", [
        ("diverifikasi", "2025-03-27 14:00"), ("didisposisikan", "2025-04-08 09:00"),
        ("ditindaklanjuti", "2025-04-10 09:00"), ("selesai", "2025-04-14 15:00"),
    ]),
    # Same day after office hours: the clock starts on 8 Apr, so everything is due a day later.
    2: ("A", "2025-03-27 16:30", "normatif", [
        ("diverifikasi", "2025-04-11 09:00"), ("didisposisikan", "2025-04-11 10:00"),
        ("ditindaklanjuti", "2025-04-15 09:00"), ("selesai", "2025-04-15 11:00"),
    ]),
}  # fmt: skip


def test_complaint_straddling_idul_fitri_2025(history, cal):
    out = evaluate(history, IDUL_FITRI_2025, cal, "2025-04-30")
    first, late = out.loc[1], out.loc[2]
    assert first["effective_received_date"] == day("2025-03-27")
    assert (first["verify_due"], first["follow_up_due"]) == (day("2025-04-10"), day("2025-04-14"))
    assert first["resolution_due"] == day("2025-04-14")
    assert first["elapsed_working_days"] == 5 and first["resolution_working_days"] == 5
    assert not first[["verify_breach", "response_breach", "resolution_breach"]].any()
    assert late["effective_received_date"] == day("2025-04-08")
    assert (late["verify_due"], late["resolution_due"]) == (day("2025-04-11"), day("2025-04-15"))
    assert late["elapsed_working_days"] == 5
    assert not late[["verify_breach", "response_breach", "resolution_breach"]].any()
    assert first["status"] == "selesai" and not first["is_open"]


PAUSED = {
    # Asked for material on 4 Feb, complete on 11 Feb: (4 Feb, 11 Feb] = 5 paused working days.
    10: ("A", "2025-02-03 09:00", "normatif", [
        ("diverifikasi", "2025-02-03 10:00"), ("perlu_kelengkapan", "2025-02-04 09:00"),
        ("diverifikasi", "2025-02-11 09:00"), ("didisposisikan", "2025-02-11 10:00"),
        ("ditindaklanjuti", "2025-02-12 09:00"), ("selesai", "2025-02-14 09:00"),
    ]),
    # Paused after the first follow-up: (6 Feb, 13 Feb] = 5 days extend resolution, not follow-up.
    12: ("A", "2025-02-03 09:00", "normatif", [
        ("diverifikasi", "2025-02-03 10:00"), ("didisposisikan", "2025-02-04 09:00"),
        ("ditindaklanjuti", "2025-02-05 09:00"), ("perlu_kelengkapan", "2025-02-06 09:00"),
        ("ditindaklanjuti", "2025-02-13 09:00"), ("selesai", "2025-02-14 09:00"),
    ]),
    # Still waiting for the complainant on as_of (14 Mar): (4 Mar, 14 Mar] = 8 working days.
    11: ("B", "2025-03-03 09:00", "normatif", [("perlu_kelengkapan", "2025-03-04 09:00")]),
}  # fmt: skip


def test_pause_waiting_for_the_complainant(history, cal):
    out = evaluate(history, PAUSED, cal, "2025-03-14")
    done, waiting = out.loc[10], out.loc[11]
    assert done["paused_working_days"] == 5
    assert done["follow_up_due"] == day("2025-02-17")  # 5 + 5 working days after 3 Feb
    assert done["resolution_due"] == day("2025-02-17")
    assert (done["elapsed_working_days"], done["resolution_working_days"]) == (9, 4)
    assert not done[["response_breach", "resolution_breach"]].any()
    assert waiting["is_paused"] and waiting["is_open"] and waiting["status"] == "perlu_kelengkapan"
    assert waiting["paused_working_days"] == 8
    assert waiting["verified_date"] == day("2025-03-04")  # asking for material verifies
    assert waiting["resolution_due"] == day("2025-03-20")  # 13 working days after 3 Mar
    assert not waiting["is_overdue"] and not waiting["resolution_breach"]
    later = out.loc[12]
    assert (later["follow_up_due"], later["resolution_due"]) == (
        day("2025-02-10"),
        day("2025-02-17"),
    )
    assert later["paused_working_days"] == 5 and not later["resolution_breach"]


LATE = {
    # "Ringan" (2 working days) received Mon 6 Jan 2025, resolved Wed 15 Jan.
    20: ("A", "2025-01-06 10:00", "ringan", [
        ("diverifikasi", "2025-01-09 08:00"), ("didisposisikan", "2025-01-09 09:00"),
        ("ditindaklanjuti", "2025-01-10 09:00"), ("selesai", "2025-01-15 09:00"),
        ("ditutup", "2025-01-16 09:00"),
    ]),
    # Never touched: verification, follow-up and the UU 25/2009 14-day response are all missed.
    21: ("B", "2025-01-06 10:00", "tidak_berkadar_pengawasan", []),
    # Refused as not its authority after 4 working days: answered, not resolved, not open.
    22: ("B", "2025-01-06 10:00", "normatif", [("bukan_wewenang", "2025-01-10 10:00")]),
}  # fmt: skip


def test_resolved_late_and_untouched(history, cal):
    out = evaluate(history, LATE, cal, "2025-01-31")
    late, untouched, refused = out.loc[20], out.loc[21], out.loc[22]
    assert late["resolution_due"] == day("2025-01-08") and late["resolution_breach"]
    assert not late["verify_breach"] and not late["response_breach"]
    assert late["status"] == "ditutup" and late["resolved_date"] == day("2025-01-15")
    assert late["resolution_working_days"] == 7 and not late["statutory_response_breach"]
    assert untouched[["verify_breach", "response_breach", "statutory_response_breach"]].all()
    assert untouched["resolution_due"] == day("2025-01-24")  # 14 working days
    assert untouched["is_open"] and untouched["is_overdue"] and untouched["resolution_breach"]
    assert refused["first_follow_up_date"] == day("2025-01-10") and not refused["response_breach"]
    assert not refused["is_open"] and not refused["resolution_breach"]
    assert np.isnan(refused["resolution_working_days"]) and refused["elapsed_working_days"] == 4


def test_invalid_transitions():
    check_transition("diterima", "diverifikasi")
    check_transition("perlu_kelengkapan", "didisposisikan")
    with pytest.raises(InvalidTransition, match="tidak diizinkan.*Invalid status transition"):
        check_transition("diterima", "selesai")
    with pytest.raises(InvalidTransition, match="allowed: -"):
        check_transition("ditutup", "ditindaklanjuti")
    with pytest.raises(ValueError, match="unknown status"):
        check_transition("diterima", "dibatalkan")


def test_a_new_local_holiday_recomputes_an_old_complaint(history, cal):
    spec = {30: ("A", "2025-07-14 09:00", "normatif", [
        ("diverifikasi", "2025-07-14 10:00"), ("ditindaklanjuti", "2025-07-15 10:00"),
        ("selesai", "2025-07-22 10:00"),
    ])}  # fmt: skip
    before = evaluate(history, spec, cal, "2025-08-29").loc[30]
    local = working_calendar(range(2024, 2027), extra_holidays={date(2025, 7, 16): "Hari Jadi"})
    after = evaluate(history, spec, local, "2025-08-29").loc[30]
    assert (before["resolution_due"], before["resolution_breach"]) == (day("2025-07-21"), True)
    assert (after["resolution_due"], after["resolution_breach"]) == (day("2025-07-22"), False)


def test_as_of_replays_the_past(history, cal):
    out = evaluate(history, {**IDUL_FITRI_2025, **PAUSED}, cal, "2025-04-09")
    assert 11 in out.index and out.loc[1, "status"] == "didisposisikan"
    assert out.loc[1, "is_open"] and pd.isna(out.loc[1, "resolved_date"])
    assert out.loc[2, "elapsed_working_days"] == 1 and out.loc[2, "status"] == "diterima"
    assert 11 not in evaluate(history, PAUSED, cal, "2025-02-28").index  # not yet received


def test_event_order_does_not_matter(history, cal):
    complaints, events = history({**IDUL_FITRI_2025, **PAUSED, **LATE})
    policy = SlaPolicy()
    expected = evaluate_complaints(complaints, events, cal, policy, "2025-04-30")
    shuffled = events.sample(frac=1, random_state=3).astype({"status": "category"})
    got = evaluate_complaints(complaints, shuffled, cal, policy, "2025-04-30")
    pd.testing.assert_frame_equal(got, expected)


def test_due_soon(history, cal):
    spec = {
        40: ("A", "2025-07-01 09:00", "normatif", [("diverifikasi", "2025-07-01 10:00")]),
        41: ("A", "2025-07-09 09:00", "normatif", [("diverifikasi", "2025-07-09 10:00")]),
        42: ("B", "2025-07-11 09:00", "normatif", []),
        43: ("B", "2025-07-11 09:00", "normatif", [("perlu_kelengkapan", "2025-07-11 10:00")]),
        44: ("B", "2025-07-14 09:00", "berkadar_pengawasan",
             [("diverifikasi", "2025-07-14 10:00")]),
    }  # fmt: skip
    out = evaluate_complaints(*history(spec), cal, SlaPolicy(), "2025-07-14")
    soon = due_soon(out, cal, "2025-07-14")
    # 40 was due 8 Jul (4 working days ago); 41's follow-up and 42's verification fall due 16 Jul;
    # 43 waits for the complainant and 44 is not due before 21 Jul.
    assert soon["complaint_id"].tolist() == [40, 41, 42]
    assert soon["next_step"].tolist() == ["tindak_lanjut", "tindak_lanjut", "verifikasi"]
    assert soon["working_days_left"].tolist() == [-4, 2, 2]
    assert soon["next_due"].tolist() == [day("2025-07-08"), day("2025-07-16"), day("2025-07-16")]


def test_summarise_by_unit(history, cal):
    spec = {**IDUL_FITRI_2025, **LATE}
    out = evaluate_complaints(*history(spec), cal, SlaPolicy(), "2025-04-30")
    volume = pd.Series({"A": 2000, "B": 500, "C": 100})
    summary = summarise_by_unit(out, "2025-01-01", "2025-06-30", service_volume=volume)
    a, b, c = summary.loc["A"], summary.loc["B"], summary.loc["C"]
    assert (a["n"], b["n"], c["n"]) == (3, 2, 0)
    assert a["pct_response_within_sla"] == 100
    assert a["pct_resolved_within_sla"] == pytest.approx(200 / 3)  # 20 was resolved late
    assert a["median_resolution_working_days"] == 5
    assert a["p90_resolution_working_days"] == pytest.approx(5 + 0.8 * 2)
    # B: 21 missed both targets and is overdue; 22 was refused in time and has no resolution.
    assert (b["pct_response_within_sla"], b["pct_resolved_within_sla"]) == (50, 0)
    assert np.isnan(b["median_resolution_working_days"])
    assert (b["open_backlog"], b["overdue"], a["open_backlog"]) == (1, 1, 0)
    assert a["complaints_per_1000"] == 1.5 and c["complaints_per_1000"] == 0


def test_policy_round_trip_and_validation():
    policy = SlaPolicy(resolution_working_days={"ringan": 1}, office_close=time(15, 30))
    stored = json.loads(json.dumps(policy.to_dict()))
    assert SlaPolicy.from_dict(stored) == policy
    assert SlaPolicy().resolution_working_days["berkadar_pengawasan"] == 60
    assert SlaPolicy().to_dict()["pause_statuses"] == ["perlu_kelengkapan"]
    with pytest.raises(ValueError, match="unknown SlaPolicy keys"):
        SlaPolicy.from_dict({**stored, "grace": 1})
    with pytest.raises(ValueError, match="pause_statuses"):
        SlaPolicy(pause_statuses={"selesai"})
    with pytest.raises(TypeError):
        policy.resolution_working_days["ringan"] = 3


def test_bad_input_is_refused(history, cal):
    complaints, events = history(LATE)
    with pytest.raises(ValueError, match="unknown statuses"):
        evaluate_complaints(
            complaints, events.replace("selesai", "beres"), cal, SlaPolicy(), "2025-02-01"
        )
    with pytest.raises(ValueError, match="severity"):
        evaluate_complaints(
            complaints.replace("ringan", "berat"), events, cal, SlaPolicy(), "2025-02-01"
        )
    with pytest.raises(ValueError, match="2025"):
        evaluate_complaints(complaints, events, working_calendar([2024]), SlaPolicy(), "2025-02-01")
    assert set(STATUSES) >= set(events["status"])
