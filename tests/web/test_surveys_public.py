"""The citizen's survey form end to end: QR link → form → stored answer → thanks → IKM."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from models import IndicatorValue, Period, ServiceType, db
from models.survey import SurveyLink, SurveyResponse
from tests.conftest import csrf_token_from, fresh_app

ANSWERS = {f"U{i}": str(1 + i % 4) for i in range(1, 10)}
PROFILE = {"gender": "P", "age_band": "30-39", "education": "SMA", "occupation": "SWASTA",
           "consent": "y"}


def this_year() -> Period:
    """Return an open period covering today in WIB (the public form needs one)."""
    year = datetime.now(ZoneInfo("Asia/Jakarta")).year
    period = Period.build("year", year)
    db.session.add(period)
    db.session.commit()
    return period


@pytest.fixture
def link(make_unit, make_indicator):
    unit = make_unit(code="PKM-SUKA", name="Puskesmas Suka")
    db.session.add_all([ServiceType(unit_id=unit.id, code="L01", name="Rawat jalan"),
                        ServiceType(unit_id=unit.id, code="L02", name="Imunisasi")])
    make_indicator(code="ikm", source="computed", min_value=25, max_value=100)
    this_year()
    link = SurveyLink(unit_id=unit.id, token="tokenpublikuji1234567890")
    db.session.add(link)
    db.session.commit()
    return link


def _service_id(code="L01"):
    return db.session.scalar(select(ServiceType.id).where(ServiceType.code == code))


def test_form_shows_every_unsur_with_indonesian_labels(client, link):
    page = client.get(f"/survei/{link.token}").get_data(as_text=True)
    assert "Puskesmas Suka" in page
    assert "kesesuaian persyaratan pelayanan" in page  # U1 question
    for label in ("Tidak sesuai", "Sangat sesuai", "Sangat mahal", "Gratis",
                  "Dikelola dengan baik"):
        assert label in page
    assert "Rawat jalan" in page  # the service select of a unit-wide link
    assert "Saya setuju" in page  # consent line
    assert 'name="viewport"' in page


def test_valid_answer_is_stored_thanked_and_counted_in_the_ikm(client, link):
    response = client.post(f"/survei/{link.token}",
                           data=ANSWERS | PROFILE | {"service": _service_id(),
                                                     "suggestion": "Antrean dipercepat"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/survei/{link.token}/terima-kasih")
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Terima kasih" in thanks
    stored = db.session.scalar(select(SurveyResponse))
    assert stored.channel == "online" and stored.unit_id == link.unit_id
    assert stored.service_type_id == _service_id()
    assert [stored.u1, stored.u9] == [2, 2] and stored.gender == "P"
    assert stored.suggestion == "Antrean dipercepat"
    assert stored.fingerprint and len(stored.fingerprint) == 64
    assert "127.0.0.1" not in stored.fingerprint
    value = db.session.scalar(select(IndicatorValue))
    assert value.unit_id == link.unit_id and value.provenance["responses"] == 1


def test_same_browser_on_the_same_day_is_refused_politely(client, link):
    data = ANSWERS | PROFILE | {"service": _service_id()}
    assert client.post(f"/survei/{link.token}", data=data).status_code == 302
    again = client.post(f"/survei/{link.token}", data=data)
    assert again.status_code == 200
    assert "sudah mengisi survei" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 1


def test_another_browser_may_answer(app, client, link):
    data = ANSWERS | PROFILE | {"service": _service_id()}
    assert client.post(f"/survei/{link.token}", data=data).status_code == 302
    other = app.test_client()
    assert other.post(f"/survei/{link.token}", data=data).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 2


def test_missing_consent_and_answers_are_refused_with_messages(client, link):
    data = dict(ANSWERS | PROFILE, service=_service_id())
    del data["consent"], data["U3"]
    page = client.post(f"/survei/{link.token}", data=data)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Centang persetujuan" in html
    assert "Pilih salah satu jawaban." in html
    assert "2 isian belum lengkap" in html
    assert 'value="2" checked' in html or "checked" in html  # given answers are kept
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 0


def test_out_of_range_answer_is_refused(client, link):
    page = client.post(f"/survei/{link.token}",
                       data=ANSWERS | PROFILE | {"U4": "5", "service": _service_id()})
    assert page.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 0


def test_service_link_needs_no_service_choice(client, link):
    service_link = SurveyLink(unit_id=link.unit_id, service_type_id=_service_id("L02"),
                              token="tokenlayananimunisasi123")
    db.session.add(service_link)
    db.session.commit()
    page = client.get("/survei/tokenlayananimunisasi123").get_data(as_text=True)
    assert "Imunisasi" in page and 'name="service"' not in page
    assert client.post("/survei/tokenlayananimunisasi123",
                       data=ANSWERS | PROFILE).status_code == 302
    assert db.session.scalar(select(SurveyResponse.service_type_id)) == _service_id("L02")


@pytest.mark.parametrize("token", ["tidak-ada", "x" * 80])
def test_unknown_token_is_404(client, link, token):
    assert client.get(f"/survei/{token}").status_code == 404


def test_inactive_link_is_404(client, link):
    link.is_active = False
    db.session.commit()
    assert client.get(f"/survei/{link.token}").status_code == 404


def test_no_open_period_says_so(client, link):
    db.session.execute(Period.__table__.update().values(is_locked=True))
    db.session.commit()
    page = client.get(f"/survei/{link.token}").get_data(as_text=True)
    assert "Survei belum dibuka" in page
    assert client.post(f"/survei/{link.token}", data=ANSWERS | PROFILE).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 0


def test_posting_is_rate_limited(app, link):
    app.config["SURVEY_RATE_LIMIT"] = "3 per minute"
    for _ in range(3):
        client = app.test_client()  # new browsers, same address
        client.post(f"/survei/{link.token}", data=ANSWERS | PROFILE | {"service": _service_id()})
    blocked = app.test_client().post(f"/survei/{link.token}", data=ANSWERS | PROFILE)
    assert blocked.status_code == 429
    assert "Terlalu banyak kiriman" in blocked.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 3


def test_form_requires_a_csrf_token(database_url):
    with fresh_app(database_url, WTF_CSRF_ENABLED=True) as app:
        from models import Unit

        unit = Unit(code="U-CSRF", name="Unit CSRF", level="unit", unit_type="desa")
        db.session.add(unit)
        db.session.flush()
        db.session.add(SurveyLink(unit_id=unit.id, token="tokencsrf0123456789abc"))
        this_year()
        client = app.test_client()
        refused = client.post("/survei/tokencsrf0123456789abc", data=ANSWERS | PROFILE)
        assert refused.status_code == 400
        token = csrf_token_from(client.get("/survei/tokencsrf0123456789abc")
                                .get_data(as_text=True))
        accepted = client.post("/survei/tokencsrf0123456789abc",
                               data=ANSWERS | PROFILE | {"csrf_token": token})
        assert accepted.status_code == 302
