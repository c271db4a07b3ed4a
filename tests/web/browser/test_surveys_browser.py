"""A citizen fills in the public survey on a phone-sized screen in a real browser (Chromium).

Screenshots go to test-output/browser/; without Chromium the tests skip and say why.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from models import Indicator, Period, ServiceType, Unit, db
from models.survey import SurveyLink, SurveyResponse
from tests.web import browser_support as bs

pytestmark = pytest.mark.browser
TOKEN = "tokenbrowserponsel0123456"


@pytest.fixture
def base_url(app):
    """A puskesmas with two services, an open period covering today and a QR link."""
    opd = Unit(code="DINKES", name="Dinas Kesehatan", level="opd", unit_type="dinas")
    unit = Unit(code="PKM-SUKA", name="Puskesmas Sukamaju", level="unit",
                unit_type="puskesmas", parent=opd)
    db.session.add_all([opd, unit])
    db.session.flush()
    db.session.add_all([ServiceType(unit_id=unit.id, code="L01", name="Rawat jalan umum"),
                        ServiceType(unit_id=unit.id, code="L02", name="Imunisasi"),
                        SurveyLink(unit_id=unit.id, token=TOKEN),
                        Period.build("year", datetime.now(ZoneInfo("Asia/Jakarta")).year),
                        Indicator(code="ikm", name_id="IKM", name_en="IKM", direction=1,
                                  unit_of_measure="poin", source="computed", min_value=25,
                                  max_value=100)])
    db.session.commit()
    db.session.remove()
    with bs.serve(app) as url:
        yield url


def test_citizen_fills_in_the_survey_on_a_phone(browser, base_url):
    context = browser.new_context(viewport=bs.PHONE, locale="id-ID", device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/survei/{TOKEN}")
        expect(page.locator(".survey-unit")).to_contain_text("Puskesmas Sukamaju")
        assert bs.horizontal_overflow(page) <= 1, "survey form is wider than a phone screen"
        option = page.locator(".survey-option").first
        assert option.bounding_box()["height"] >= 44, "answer options are too small to tap"
        bs.screenshot(page, "survey-phone-form.png")

        # Sending it empty shows what is missing, in Indonesian, and keeps nothing.
        page.locator(".survey-submit").tap()
        expect(page.locator(".survey-alert")).to_contain_text("isian belum lengkap")
        expect(page.locator(".survey-error").first).to_be_visible()
        bs.screenshot(page, "survey-phone-errors.png")

        page.locator("select[name=service]").select_option(label="Imunisasi")
        for i in range(1, 10):
            page.locator(f"#q-U{i} .survey-option").nth(2 + i % 2).tap()  # answers 3 or 4
        page.locator(".survey-options-row .survey-option").nth(1).tap()  # Perempuan
        page.locator("select[name=age_band]").select_option("30-39")
        page.locator("select[name=education]").select_option("D4-S1")
        page.locator("select[name=occupation]").select_option("WIRAUSAHA")
        page.locator("textarea[name=suggestion]").fill("Ruang tunggu nyaman, terima kasih.")
        page.locator("input[name=consent]").check()
        page.locator(".survey-submit").tap()

        expect(page).to_have_url(f"{base_url}/survei/{TOKEN}/terima-kasih")
        expect(page.locator("h1")).to_contain_text("Terima kasih")
        assert bs.horizontal_overflow(page) <= 1
        bs.screenshot(page, "survey-phone-thanks.png")
    finally:
        context.close()
    stored = db.session.scalars(select(SurveyResponse)).all()
    assert len(stored) == 1
    response = stored[0]
    assert (response.channel, response.gender, response.age_band) == ("online", "P", "30-39")
    assert [getattr(response, f"u{i}") for i in range(1, 10)] == [
        3 + i % 2 for i in range(1, 10)]
    service = db.session.get(ServiceType, response.service_type_id)
    assert service.name == "Imunisasi"
