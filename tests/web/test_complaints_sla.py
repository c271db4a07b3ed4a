"""Complaint due dates through the web: Idul Fitri, after hours, pauses, 6-day weeks, zones."""

import pytest

from models import db
from models.complaint import Complaint
from tests.conftest import login
from tests.web.test_complaints_helpers import (
    add_complaint,
    event_statuses,
    flashes,
    set_clock,
    text_of,
)


@pytest.fixture
def unit(make_unit):
    return make_unit(code="PKM-A", name="Puskesmas A")


@pytest.fixture
def evaluator(make_user, unit):
    return make_user("evaluator", units=[unit])


def _new(client, unit, received, severity="normatif", **extra):
    data = {"unit_id": unit.id, "received_at": received, "channel": "whatsapp",
            "kind": "pengaduan", "severity": severity, "subject": "Antrean obat lama", **extra}
    response = client.post("/complaints/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return db.session.get(Complaint, int(response.headers["Location"].rsplit("/", 1)[1]))


def test_due_dates_straddling_idul_fitri_2025_on_the_detail_page(app, client, unit, evaluator):
    set_clock(app, "2025-03-27 17:00")
    login(client, evaluator)
    before = _new(client, unit, "2025-03-27T10:00")
    after_hours = _new(client, unit, "2025-03-27T16:30")
    set_clock(app, "2025-04-30 09:00")
    page = client.get(f"/complaints/{before.id}").get_data(as_text=True)
    # Cuti bersama 28 Mar, 2–7 Apr; Nyepi 29 Mar; Idul Fitri 31 Mar–1 Apr: working days 8, 9, 10…
    assert "27 Maret 2025" in text_of(page, "day-zero")
    assert "10 April 2025" in text_of(page, "step-verify")
    assert "14 April 2025" in text_of(page, "step-follow-up")
    assert "14 April 2025" in text_of(page, "step-resolution")
    late = client.get(f"/complaints/{after_hours.id}").get_data(as_text=True)
    assert "8 April 2025" in text_of(late, "day-zero")  # 16:30 is after the 16:00 close
    assert "15 April 2025" in text_of(late, "step-resolution")
    assert "lewat batas" in text_of(late, "step-resolution")  # nothing done by 30 April


def test_a_pause_for_the_complainant_extends_the_due_dates(app, client, unit, evaluator):
    complaint = add_complaint(unit, "2025-02-03 09:00")
    set_clock(app, "2025-02-14 12:00")
    login(client, evaluator)
    for status, at in (("diverifikasi", "2025-02-03T10:00"), ("perlu_kelengkapan",
                                                             "2025-02-04T09:00"),
                       ("diverifikasi", "2025-02-11T09:00"), ("didisposisikan",
                                                              "2025-02-11T10:00")):
        response = client.post(f"/complaints/{complaint.id}/status",
                               data={"status": status, "at": at, "note": "uji"})
        assert response.status_code == 302
    page = client.get(f"/complaints/{complaint.id}").get_data(as_text=True)
    assert text_of(page, "paused") == "5"  # (4 Feb, 11 Feb] = 5 working days
    assert "17 Februari 2025" in text_of(page, "step-follow-up")  # 5 + 5 working days
    assert "17 Februari 2025" in text_of(page, "step-resolution")
    assert "Jam SLA berhenti sampai 11 Februari 2025 09:00" in text_of(page, "timeline")
    assert event_statuses(complaint) == ["diterima", "diverifikasi", "perlu_kelengkapan",
                                         "diverifikasi", "didisposisikan"]


def test_a_six_day_week_unit_counts_saturdays(app, client, make_unit, make_user):
    five, six = make_unit(code="KANTOR"), make_unit(code="PKM-6")
    admin = make_user("admin")
    set_clock(app, "2025-07-10 12:00")
    login(client, admin)
    response = client.post("/complaints/calendar/work-week",
                           data={"unit_id": six.id, "six_day": "1"}, follow_redirects=True)
    assert six.name in text_of(response.get_data(as_text=True), "six-day-units")
    ids = [_new(client, unit, "2025-07-10T10:00", "ringan").id for unit in (five, six)]
    pages = [client.get(f"/complaints/{i}").get_data(as_text=True) for i in ids]
    assert "14 Juli 2025" in text_of(pages[0], "step-resolution")  # Thu + 2 = Mon
    assert "12 Juli 2025" in text_of(pages[1], "step-resolution")  # Thu + 2 = Sat


def test_after_hours_in_the_units_own_time_zone(app, client, make_unit, evaluator):
    wit = make_unit(code="PKM-JPR", name="Puskesmas Jayapura", timezone="WIT")
    evaluator.units.append(wit)
    db.session.commit()
    set_clock(app, "2025-07-14 17:00", "WIT")
    login(client, evaluator)
    complaint = _new(client, wit, "2025-07-14T16:30")
    page = client.get(f"/complaints/{complaint.id}").get_data(as_text=True)
    assert "14 Juli 2025 16:30 WIT" in text_of(page, "complaint-facts")  # stored as typed
    assert "15 Juli 2025" in text_of(page, "day-zero")


def test_today_is_the_units_own_date(app, client, make_unit, unit, evaluator):
    wit = make_unit(code="PKM-WIT", name="Puskesmas Timur", timezone="WIT")
    for target in (unit, wit):  # untouched; verification due Mon 14 Jul (3 working days)
        add_complaint(target, "2025-07-09 09:00", number=f"DUE-{target.code}")
    set_clock(app, "2025-07-14 23:00", "WIB")  # 15 Jul 01:00 in Jayapura
    login(client, evaluator)
    page = client.get("/complaints/due?all=1").get_data(as_text=True)
    rows = text_of(page, "due-table")  # both due 14 Jul; the WIB one is listed first
    wib_row, wit_row = rows[:rows.index("DUE-PKM-A")], rows[rows.index("DUE-PKM-A"):]
    assert "14 Jul 2025 hari ini" in wib_row
    assert "14 Jul 2025 lewat 1 hari kerja" in wit_row and "DUE-PKM-WIT" in wit_row


def test_an_invalid_transition_is_refused_with_its_message(app, client, unit, evaluator):
    complaint = add_complaint(unit, "2025-07-14 09:00")
    set_clock(app, "2025-07-15 09:00")
    login(client, evaluator)
    page = client.get(f"/complaints/{complaint.id}").get_data(as_text=True)
    offered = text_of(page, "status-form")
    assert "Diverifikasi" in offered and "Selesai" not in offered  # only allowed next statuses
    response = client.post(f"/complaints/{complaint.id}/status",
                           data={"status": "selesai", "note": "langsung beres"},
                           follow_redirects=True)
    assert any("Perubahan status tidak diizinkan: diterima → selesai" in m
               for m in flashes(response.get_data(as_text=True)))
    response = client.post(f"/complaints/{complaint.id}/status",
                           data={"status": "diverifikasi", "at": "2025-07-13T09:00"},
                           follow_redirects=True)
    assert any("sebelum peristiwa sebelumnya" in m
               for m in flashes(response.get_data(as_text=True)))
    assert event_statuses(complaint) == ["diterima"]
    assert db.session.get(Complaint, complaint.id).status == "diterima"


def test_scope_an_evaluator_changes_only_own_units(app, client, make_unit, unit, evaluator,
                                                   make_user):
    other = make_unit(code="OTHER")
    theirs = add_complaint(other, "2025-07-14 09:00", is_confidential=True,
                           complainant_name="Ibu Rahasia")
    set_clock(app, "2025-07-15 09:00")
    login(client, evaluator)
    assert client.post("/complaints/new", data={
        "unit_id": other.id, "received_at": "2025-07-15T08:00", "channel": "email",
        "kind": "pengaduan", "severity": "ringan", "subject": "x"}).status_code == 403
    assert client.post(f"/complaints/{theirs.id}/status",
                       data={"status": "diverifikasi"}).status_code == 403
    page = client.get(f"/complaints/{theirs.id}").get_data(as_text=True)
    assert "Ibu Rahasia" not in page and "Dirahasiakan" in page
    assert 'id="status-form"' not in page
    assert event_statuses(theirs) == ["diterima"]
    mine = _new(client, unit, "2025-07-15T08:00")
    assert client.post(f"/complaints/{mine.id}/status",
                       data={"status": "diverifikasi"}).status_code == 302
    assert event_statuses(mine) == ["diterima", "diverifikasi"]
    admin_client = app.test_client()
    login(admin_client, make_user("admin"))
    assert "Ibu Rahasia" in admin_client.get(f"/complaints/{theirs.id}").get_data(as_text=True)
