"""SLA figures per unit: hand counts, provenance, recomputation after calendar/policy edits."""

import pandas as pd
import pytest
from sqlalchemy import event, select

from evalsys.complaints import evaluation
from models import IndicatorValue, db
from models.complaint import SlaPolicyVersion
from models.survey import SurveyTarget
from scoring.sla import summarise_by_unit
from tests.conftest import login
from tests.web.test_complaints_helpers import (
    add_complaint,
    make_sla_indicators,
    set_clock,
    text_of,
)


@pytest.fixture
def sla_indicators(make_indicator):
    return make_sla_indicators(make_indicator)


@pytest.fixture
def units(make_unit):
    return make_unit(code="UNIT-A", name="Unit Alfa"), make_unit(code="UNIT-B", name="Unit Beta")


def _values(code):
    rows = db.session.scalars(select(IndicatorValue).join(IndicatorValue.indicator)
                              .where(IndicatorValue.indicator.has(code=code)))
    return {v.unit.code: v for v in rows}


def _hand_counted(units):
    """Four complaints whose outcomes were counted by hand (no holidays 3–10 Feb 2025)."""
    a, b = units
    add_complaint(a, "2025-02-03 09:00", "normatif", [  # resolved in 3 wd, on time
        ("diverifikasi", "2025-02-03 10:00"), ("ditindaklanjuti", "2025-02-04 09:00"),
        ("selesai", "2025-02-06 09:00")], number="A1")
    add_complaint(a, "2025-02-03 09:00", "ringan", [  # due 5 Feb, resolved 10 Feb: 5 wd, late
        ("diverifikasi", "2025-02-03 10:00"), ("ditindaklanjuti", "2025-02-04 09:00"),
        ("selesai", "2025-02-10 09:00")], number="A2")
    add_complaint(a, "2025-02-03 09:00", "normatif", [  # verified late, never followed up
        ("diverifikasi", "2025-02-10 09:00")], number="A3")
    add_complaint(b, "2025-03-03 09:00", "normatif", [  # refused in time: answered, no target
        ("bukan_wewenang", "2025-03-04 09:00")], number="B1")


def test_sla_indicators_equal_a_hand_count_and_carry_provenance(app, client, units, make_user,
                                                                make_period, sla_indicators):
    period = make_period(year=2025, number=1)
    _hand_counted(units)
    set_clock(app, "2025-08-01 10:00")
    login(client, make_user("leader"))
    response = client.post("/complaints/sla/recompute", data={"period": period.id})
    assert response.status_code == 302
    response_pct, resolved_pct = _values("sla_response_pct"), _values("sla_resolution_pct")
    median = _values("resolution_wd_median")
    assert response_pct["UNIT-A"].value == pytest.approx(66.67)  # A1, A2 on time; A3 never
    assert resolved_pct["UNIT-A"].value == pytest.approx(33.33)  # only A1
    assert median["UNIT-A"].value == 4.0  # A1 3 wd, A2 5 wd
    assert response_pct["UNIT-B"].value == 100.0
    assert resolved_pct["UNIT-B"].value is None and median["UNIT-B"].value is None
    provenance = resolved_pct["UNIT-A"].provenance
    assert provenance["complaints"] == 3 and provenance["policy_version"] == 0
    assert provenance["as_of"] == "2025-06-30" and provenance["calendar_adjustments"] == 0
    assert provenance["work_week_days"] == 5 and provenance["timezone"] == "WIB"
    assert provenance["measure"] == "pct_resolved_within_sla"
    page = client.get(f"/complaints/sla?period={period.id}").get_data(as_text=True)
    cards = text_of(page, "sla-cards")
    assert cards.startswith("4 pengaduan diterima") and "75,0 % ditanggapi" in cards  # 3 of 4
    assert "33,3 % selesai tepat waktu" in cards  # A1 of A1, A2, A3 (B1 has no target)


def test_complaints_per_thousand_services_use_the_survey_population(app, client, units,
                                                                     make_user, make_period):
    period = make_period(year=2025, number=1)
    _hand_counted(units)
    db.session.add(SurveyTarget(unit_id=units[0].id, period_id=period.id, population=1500))
    db.session.commit()
    set_clock(app, "2025-08-01 10:00")
    login(client, make_user("viewer"))
    table = text_of(client.get(f"/complaints/sla?period={period.id}").get_data(as_text=True),
                    "sla-table")
    alfa, beta = table[table.index("Unit Alfa"):table.index("Unit Beta")], table[
        table.index("Unit Beta"):]
    assert alfa.strip().endswith("2,00") and beta.strip().endswith("–")  # 3 per 1,500 services


def test_a_locked_period_is_not_recomputed(app, client, units, make_user, make_period,
                                           sla_indicators):
    period = make_period(year=2025, number=1, locked=True)
    _hand_counted(units)
    login(client, make_user("admin"))
    response = client.post("/complaints/sla/recompute", data={"period": period.id},
                           follow_redirects=True)
    assert "terkunci" in response.get_data(as_text=True)
    assert _values("sla_response_pct") == {}


def _alfa_row(client, period) -> str:
    table = text_of(client.get(f"/complaints/sla?period={period.id}").get_data(as_text=True),
                    "sla-table")
    return table[table.index("Unit Alfa"):table.index("Unit Beta")]


def test_a_new_local_holiday_recomputes_an_old_complaint(app, client, units, make_user,
                                                         make_period, sla_indicators):
    period = make_period(year=2025, number=2)
    complaint = add_complaint(units[0], "2025-07-14 09:00", "normatif", [
        ("diverifikasi", "2025-07-14 10:00"), ("ditindaklanjuti", "2025-07-15 10:00"),
        ("selesai", "2025-07-22 10:00")])
    set_clock(app, "2025-08-29 10:00")
    login(client, make_user("admin"))
    page = client.get(f"/complaints/{complaint.id}").get_data(as_text=True)
    assert "21 Juli 2025" in text_of(page, "step-resolution")
    assert "terlambat" in text_of(page, "step-resolution")
    assert "1 100,0 % 0,0 %" in _alfa_row(client, period)
    client.post("/complaints/calendar/adjustments", data={
        "day": "2025-07-16", "name": "Hari Jadi Kabupaten", "kind": "add"})
    page = client.get(f"/complaints/{complaint.id}").get_data(as_text=True)
    assert "22 Juli 2025" in text_of(page, "step-resolution")
    assert "tepat waktu" in text_of(page, "step-resolution")
    assert "1 100,0 % 100,0 %" in _alfa_row(client, period)
    value = _values("sla_resolution_pct")["UNIT-A"]  # refreshed when the calendar changed
    assert value.value == 100.0 and value.provenance["calendar_adjustments"] == 1
    calendar = client.get("/complaints/calendar?year=2025").get_data(as_text=True)
    assert "Hari Jadi Kabupaten" in text_of(calendar, "holiday-list")


def test_removing_a_national_holiday_makes_it_a_working_day(app, client, units, make_user):
    # 18 Aug 2025 is cuti bersama (SKB 933/2025); a changed SKB could drop it.
    complaint = add_complaint(units[0], "2025-08-14 09:00", "ringan")
    set_clock(app, "2025-08-14 12:00")
    login(client, make_user("admin"))
    page = client.get(f"/complaints/{complaint.id}").get_data(as_text=True)
    assert "19 Agustus 2025" in text_of(page, "step-resolution")  # 15, (17 Sun) 19
    client.post("/complaints/calendar/adjustments", data={
        "day": "2025-08-18", "name": "SKB diubah", "kind": "remove"})
    page = client.get(f"/complaints/{complaint.id}").get_data(as_text=True)
    assert "18 Agustus 2025" in text_of(page, "step-resolution")
    calendar = client.get("/complaints/calendar?year=2025").get_data(as_text=True)
    assert "Dijadikan hari kerja" in text_of(calendar, "holiday-list")


def test_a_policy_edit_is_a_new_active_version(app, client, units, make_user, make_period,
                                               sla_indicators):
    make_period(year=2025, number=2)
    complaint = add_complaint(units[0], "2025-07-14 09:00", "normatif")
    set_clock(app, "2025-07-15 10:00")
    login(client, make_user("admin"))
    form = {"verify_working_days": 3, "follow_up_working_days": 5, "ringan": 2,
            "normatif": 10, "tidak_berkadar_pengawasan": 14, "berkadar_pengawasan": 60,
            "pause_statuses": ["perlu_kelengkapan"], "statutory_response_days": 14,
            "statutory_decision_days": 60, "statutory_delivery_days": 14,
            "office_close": "16:00", "note": "SOP baru"}
    assert client.post("/complaints/policy", data=form).status_code == 302
    assert client.post("/complaints/policy", data=form | {"normatif": 7}).status_code == 302
    versions = db.session.scalars(select(SlaPolicyVersion).order_by(SlaPolicyVersion.version))
    assert [(v.version, v.is_active) for v in versions] == [(1, False), (2, True)]
    page = client.get(f"/complaints/{complaint.id}").get_data(as_text=True)
    assert "23 Juli 2025" in text_of(page, "step-resolution")  # 7 working days after 14 Jul
    assert _values("sla_resolution_pct")["UNIT-A"].provenance["policy_version"] == 2
    assert "versi 2" in client.get("/complaints/policy").get_data(as_text=True)


def test_the_due_soon_list(app, client, units, make_user):
    a, b = units
    for number, unit, received, severity, events in (
        ("D40", a, "2025-07-01 09:00", "normatif", [("diverifikasi", "2025-07-01 10:00")]),
        ("D41", a, "2025-07-09 09:00", "normatif", [("diverifikasi", "2025-07-09 10:00")]),
        ("D42", b, "2025-07-11 09:00", "normatif", []),
        ("D43", b, "2025-07-11 09:00", "normatif", [("perlu_kelengkapan",
                                                      "2025-07-11 10:00")]),
        ("D44", b, "2025-07-14 09:00", "berkadar_pengawasan",
         [("diverifikasi", "2025-07-14 10:00")]),
    ):
        add_complaint(unit, received, severity, events, number=number)
    set_clock(app, "2025-07-14 10:00")
    login(client, make_user("viewer"))
    table = text_of(client.get("/complaints/due").get_data(as_text=True), "due-table")
    assert [n for n in ("D40", "D41", "D42", "D43", "D44") if n in table] == ["D40", "D41",
                                                                             "D42"]
    assert table.index("D40") < table.index("D41") < table.index("D42")
    assert "8 Jul 2025 lewat 4 hari kerja D40" in table
    assert "16 Jul 2025 2 hari kerja lagi D42" in table
    replay = client.get("/complaints/due?as_of=2025-07-07").get_data(as_text=True)
    assert "D40" in text_of(replay, "due-table") and "D42" not in text_of(replay, "due-table")


def test_register_filters_search_overdue_and_pages(app, client, units, make_user):
    a, b = units
    app.config["PAGE_SIZE"] = 2
    add_complaint(a, "2025-07-01 09:00", "ringan", number="R-LATE", subject="Loket tutup")
    add_complaint(a, "2025-07-10 09:00", "normatif", [("diverifikasi", "2025-07-10 10:00")],
                  number="R-OK", subject="Antrean KTP", channel="whatsapp")
    add_complaint(b, "2025-07-11 09:00", "berkadar_pengawasan", number="R-B", subject="Pungli")
    set_clock(app, "2025-07-14 10:00")
    login(client, make_user("viewer"))

    def listed(query):
        page = client.get(f"/complaints/?{query}").get_data(as_text=True)
        return [n for n in ("R-LATE", "R-OK", "R-B") if n in text_of(page, "complaints-table")]

    assert set(listed("")) == {"R-B", "R-OK"} and listed("page=2") == ["R-LATE"]  # newest first
    assert listed("q=ktp") == ["R-OK"] and listed("q=r-b") == ["R-B"]
    assert listed(f"unit={a.id}&status=diterima") == ["R-LATE"]
    assert listed("channel=whatsapp") == ["R-OK"]
    assert listed("overdue=1") == ["R-LATE"]  # ringan, due 3 Jul, still open
    assert listed("severity=berkadar_pengawasan") == ["R-B"]


def test_the_dashboard_loads_complaints_and_events_set_based(app, client, make_unit, make_user,
                                                              make_period):
    period = make_period(year=2025, number=2)
    for i in range(6):
        unit = make_unit(code=f"SET-{i}", timezone=("WIB", "WITA", "WIT")[i % 3])
        add_complaint(unit, "2025-07-14 09:00", events=[("diverifikasi", "2025-07-14 10:00")])
    set_clock(app, "2025-08-01 10:00")
    login(client, make_user("viewer"))
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(f"/complaints/sla?period={period.id}").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    reads = [s for s in statements if "complaint" in s]
    assert len(reads) == 2, reads  # one for the complaints, one for all their events
    assert reads[1].lstrip().startswith("SELECT complaint_event.complaint_id")


def test_a_period_loads_only_what_it_needs_and_gets_the_same_figures(app, units, make_period):
    a, b = units
    period = make_period(year=2025, number=2)
    add_complaint(a, "2025-03-03 09:00", number="OLD-OPEN")  # open since S1: S2 backlog
    closed = add_complaint(a, "2025-03-03 09:00", "ringan", [("bukan_wewenang",
                                                            "2025-03-04 09:00")],
                           number="OLD-CLOSED")  # closed before S2: not needed
    add_complaint(b, "2025-06-20 09:00", "normatif", [  # closed in S2
        ("diverifikasi", "2025-06-20 10:00"), ("ditindaklanjuti", "2025-06-23 09:00"),
        ("selesai", "2025-07-02 09:00")], number="OLD-LATE")
    add_complaint(b, "2025-07-14 09:00", "normatif", [("diverifikasi", "2025-07-14 10:00")],
                  number="NEW")
    set_clock(app, "2025-12-01 10:00")
    with app.test_request_context():
        evaluated, summary = evaluation.period_frames(period.start_date, period.end_date)
        everything = evaluation.evaluate(*evaluation.load(), cap=period.end_date)
        full = summarise_by_unit(everything, period.start_date, period.end_date)
    assert set(evaluated["complaint_id"]) == set(everything["complaint_id"]) - {closed.id}
    pd.testing.assert_frame_equal(summary, full)
    assert summary.loc[a.id, "open_backlog"] == 1 and summary.loc[b.id, "n"] == 1
