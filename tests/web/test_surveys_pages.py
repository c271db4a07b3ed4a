"""Evaluator pages: results, sample target, RTL, publications, paper entry, QR, questionnaire."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select

from evalsys.surveys import questionnaire
from models import IndicatorValue, Period, ServiceType, db
from models.survey import (
    FollowUpAction,
    SurveyLink,
    SurveyPublication,
    SurveyResponse,
    SurveyTarget,
)
from tests.conftest import login

CODES = [f"U{i}" for i in range(1, 10)]


@pytest.fixture
def setup(make_unit, make_user, make_period, make_indicator):
    unit = make_unit(code="PKM-A", name="Puskesmas A")
    db.session.add(ServiceType(unit_id=unit.id, code="L01", name="Rawat jalan"))
    period = make_period()
    make_indicator(code="ikm", source="computed", min_value=25, max_value=100)
    evaluator = make_user("evaluator", units=[unit])
    db.session.commit()
    return unit, period, evaluator


def add_responses(unit, period, rows):
    regional = questionnaire.ensure_regional(period)
    db.session.execute(insert(SurveyResponse.__table__), [
        {"unit_id": unit.id, "period_id": period.id, "questionnaire_id": regional.id,
         "channel": "paper", "submitted_at": datetime(2025, 3, 1, tzinfo=UTC), "gender": g,
         **{c.lower(): v for c, v in zip(CODES, row, strict=True)}}
        for row, g in rows])
    db.session.commit()


def test_results_page_shows_ikm_grade_nrr_priorities_and_warning(client, setup):
    unit, period, evaluator = setup
    add_responses(unit, period, [([4, 4, 3, 4, 4, 4, 4, 3, 2], "L"),
                                 ([4, 3, 3, 4, 4, 4, 4, 3, 1], "P")])
    db.session.add(SurveyTarget(unit_id=unit.id, period_id=period.id, population=100))
    db.session.commit()
    login(client, evaluator)
    html = client.get(f"/surveys/{unit.id}/?period={period.id}").get_data(as_text=True)
    # NRR: U9 1.5, U3 3, U8 3 are the weakest; IKM = 25 × 31 / 9 = 86.11 → B.
    assert 'id="ikm-value">86,11<' in html
    assert "Baik" in html and ">B<" in html
    priorities = html.split('id="priorities"', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r"<strong>(U\d)</strong>", priorities) == ["U9", "U3", "U8"]
    assert 'id="nrr-chart"' in html and "plotly.min.js" in html
    assert 'id="sample-warning"' in html  # 2 responses, target 80 for N = 100
    assert "target sampel 80" in html
    assert "Laki-laki" in html and "Perempuan" in html  # profile breakdown


def test_results_of_a_unit_without_answers(client, setup):
    unit, period, evaluator = setup
    login(client, evaluator)
    html = client.get(f"/surveys/{unit.id}/?period={period.id}").get_data(as_text=True)
    assert "Belum ada jawaban survei" in html


def test_index_lists_ikm_per_unit_and_recompute_writes_values(client, setup):
    unit, period, evaluator = setup
    add_responses(unit, period, [([4] * 9, "L")])
    login(client, evaluator)
    html = client.get(f"/surveys/?period={period.id}").get_data(as_text=True)
    assert "Puskesmas A" in html and "100,00" in html
    response = client.post("/surveys/recompute", data={"period": period.id})
    assert response.status_code == 302
    assert db.session.scalar(select(IndicatorValue.value)) == 100.0


def test_target_rtl_and_publication_round_trip(client, setup):
    unit, period, evaluator = setup
    login(client, evaluator)
    assert client.post(f"/surveys/{unit.id}/target",
                       data={"period": period.id, "population": 500}).status_code == 302
    assert db.session.scalar(select(SurveyTarget.population)) == 500
    client.post(f"/surveys/{unit.id}/followups", data={
        "period": period.id, "unsur_code": "U9", "action": "Kotak saran", "owner": "Kapus",
        "due_date": "2025-09-30", "status": "rencana"})
    action = db.session.scalar(select(FollowUpAction))
    assert (action.unsur_code, action.status, action.completed_on) == ("U9", "rencana", None)
    client.post(f"/surveys/{unit.id}/followups/{action.id}", data={
        "unsur_code": "U9", "action": "Kotak saran", "owner": "Kapus",
        "due_date": "2025-09-30", "status": "selesai", "completed_on": "2025-08-01"})
    db.session.refresh(action)
    assert action.status == "selesai" and action.completed_on.isoformat() == "2025-08-01"
    client.post(f"/surveys/{unit.id}/publications", data={
        "period": period.id, "channel": "website", "published_on": "2025-07-01",
        "link": "https://contohkab.go.id/skm"})
    publication = db.session.scalar(select(SurveyPublication))
    assert publication.link == "https://contohkab.go.id/skm"
    html = client.get(f"/surveys/{unit.id}/?period={period.id}").get_data(as_text=True)
    assert "Kotak saran" in html and "contohkab.go.id/skm" in html
    client.post(f"/surveys/{unit.id}/publications/{publication.id}/delete")
    client.post(f"/surveys/{unit.id}/followups/{action.id}/delete")
    assert db.session.scalar(select(func.count()).select_from(FollowUpAction)) == 0
    assert db.session.scalar(select(func.count()).select_from(SurveyPublication)) == 0


def test_bad_publication_link_is_refused(client, setup):
    unit, period, evaluator = setup
    login(client, evaluator)
    client.post(f"/surveys/{unit.id}/publications", data={
        "period": period.id, "channel": "website", "published_on": "2025-07-01",
        "link": "javascript:alert(1)"})
    assert db.session.scalar(select(func.count()).select_from(SurveyPublication)) == 0


def test_locked_period_refuses_rtl(client, setup, make_period):
    unit, _, evaluator = setup
    locked = make_period(year=2024, locked=True)
    login(client, evaluator)
    client.post(f"/surveys/{unit.id}/followups", data={
        "period": locked.id, "unsur_code": "U9", "action": "x", "owner": "y",
        "due_date": "2025-09-30", "status": "rencana"})
    assert db.session.scalar(select(func.count()).select_from(FollowUpAction)) == 0


def test_paper_entry_saves_one_form_and_returns_an_empty_one(client, setup):
    unit, period, evaluator = setup
    login(client, evaluator)
    page = client.get(f"/surveys/{unit.id}/entry?period={period.id}").get_data(as_text=True)
    assert "autofocus" in page and 'inputmode="numeric"' in page
    data = {f"U{i}": "3" for i in range(1, 10)} | {"U4": "", "day": "2025-02-10",
                                                   "period": period.id, "gender": "L"}
    response = client.post(f"/surveys/{unit.id}/entry?period={period.id}", data=data)
    assert response.status_code == 302
    assert "day=2025-02-10" in response.headers["Location"]
    stored = db.session.scalar(select(SurveyResponse))
    assert (stored.channel, stored.u4, stored.u5, stored.entered_by_id) == (
        "paper", None, 3, evaluator.id)
    # Nobody has answered U4 yet, so the IKM is still undefined; a second form settles it.
    assert db.session.scalar(select(IndicatorValue.value)) is None
    client.post(f"/surveys/{unit.id}/entry?period={period.id}", data=data | {"U4": "3"})
    assert db.session.scalar(select(IndicatorValue.value)) == 75.0
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 kuesioner kertas" in page


def test_paper_entry_refuses_bad_boxes_and_dates(client, setup):
    unit, period, evaluator = setup
    login(client, evaluator)
    data = {f"U{i}": "3" for i in range(1, 10)} | {"U2": "7", "day": "2025-02-10",
                                                   "period": period.id}
    html = client.post(f"/surveys/{unit.id}/entry?period={period.id}", data=data) \
        .get_data(as_text=True)
    assert "Isi 1–4 atau kosongkan." in html
    data |= {"U2": "2", "day": "2025-12-01"}
    html = client.post(f"/surveys/{unit.id}/entry?period={period.id}", data=data) \
        .get_data(as_text=True)
    assert "Tanggal survei harus dalam periode" in html
    empty = {"day": "2025-02-10", "period": period.id}
    html = client.post(f"/surveys/{unit.id}/entry?period={period.id}", data=empty) \
        .get_data(as_text=True)
    assert "paling sedikit satu jawaban" in html
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 0


def test_other_units_evaluator_cannot_enter(client, setup, make_unit, make_user):
    unit, period, _ = setup
    login(client, make_user("evaluator", units=[make_unit()]))
    assert client.get(f"/surveys/{unit.id}/entry?period={period.id}").status_code == 403


def test_links_qr_codes_and_poster(client, setup):
    unit, _, evaluator = setup
    login(client, evaluator)
    assert client.get(f"/surveys/{unit.id}/qr.png").status_code == 404  # no link yet
    assert client.post(f"/surveys/{unit.id}/links").status_code == 302
    links = db.session.scalars(select(SurveyLink)).all()
    assert len(links) == 2 and len({link.token for link in links}) == 2
    png = client.get(f"/surveys/{unit.id}/qr.png")
    assert png.mimetype == "image/png" and png.data.startswith(b"\x89PNG")
    service_id = db.session.scalar(select(ServiceType.id))
    svg = client.get(f"/surveys/{unit.id}/qr.svg?service={service_id}&download=1")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    assert "attachment" in svg.headers["Content-Disposition"]
    poster = client.get(f"/surveys/{unit.id}/poster").get_data(as_text=True)
    assert all(f"/survei/{link.token}" in poster for link in links)
    old = {link.token for link in links}
    client.post(f"/surveys/{unit.id}/links", data={"rotate": "1"})
    active = set(db.session.scalars(select(SurveyLink.token).where(SurveyLink.is_active)))
    assert len(active) == 2 and not active & old


def test_admin_edits_wording_and_a_unit_adds_an_unsur(client, setup, make_user):
    unit, period, evaluator = setup
    from tests.web.access_surveys import questionnaire_body

    login(client, make_user("admin"))
    body = questionnaire_body(period.id) | {"U1-question": "Apakah persyaratan jelas?"}
    assert client.post(f"/surveys/questionnaire/{period.id}", data=body).status_code == 302
    assert questionnaire.latest(period.id).items[0].question == "Apakah persyaratan jelas?"
    client.post("/auth/logout")
    login(client, evaluator)
    body = questionnaire_body(period.id) | {
        "new-name": "Kebersihan", "new-question": "Bagaimana kebersihan ruang tunggu?",
        "new-label1": "Kotor", "new-label2": "Kurang", "new-label3": "Bersih",
        "new-label4": "Sangat bersih", "new-weight": "0,19"}
    body |= {f"U{i}-weight": "0,09" for i in range(1, 10)}
    assert client.post(f"/surveys/{unit.id}/questionnaire", data=body).status_code == 302
    own = questionnaire.latest(period.id, unit.id)
    assert [i.code for i in own.items][-1] == "X1"
    assert sum(i.weight for i in own.items) == pytest.approx(1.0)
    page = client.get(f"/surveys/{unit.id}/questionnaire?period={period.id}")
    assert "Kebersihan" in page.get_data(as_text=True)


def test_every_survey_page_renders_on_demo_data(runner, app):
    from evalsys.demo.seed import DEMO_PASSWORD

    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    from models import Unit

    unit_id = db.session.scalar(select(Unit.id).where(Unit.code == "DINKES-RSUD"))
    latest = db.session.scalar(select(Period.id).order_by(Period.end_date.desc()))
    for username in ("admin", "pimpinan", "evaluator", "evaluator2", "pembaca"):
        client = app.test_client()
        client.post("/auth/login", data={"username": username, "password": DEMO_PASSWORD})
        for url in ("/surveys/", f"/surveys/{unit_id}/", f"/surveys/{unit_id}/poster",
                    f"/surveys/{unit_id}/?period={latest}", f"/surveys/{unit_id}/entry",
                    "/surveys/questionnaire", f"/surveys/{unit_id}/questionnaire",
                    "/surveys/imports", "/surveys/import", f"/surveys/{unit_id}/qr.svg"):
            status = client.get(url).status_code
            assert status in (200, 403), f"{url} as {username}: {status}"
