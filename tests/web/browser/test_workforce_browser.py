"""The workforce pages in Debian's Chromium: live ABK totals, charts, phone layout.

Screenshots go to test-output/browser/workforce-*.png. Skips when Chromium is missing.
"""

import random

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from evalsys.demo import seed as demo
from evalsys.demo import workforce
from models import Unit, db
from tests.web import browser_support as bs

pytestmark = pytest.mark.browser


@pytest.fixture
def served(app):
    """Load the organisation and the workforce demo, serve the app; yield (url, unit ids)."""
    ctx = demo.DemoContext(rng=random.Random(2025))
    for seeder in (demo.seed_organisation, demo.seed_periods, demo.seed_catalogue,
                   demo.seed_users, workforce.seed):
        seeder(ctx)
        db.session.flush()
    db.session.commit()
    pkm = db.session.scalar(select(Unit.id).where(Unit.code == "DINKES-PKM-SUKAMAJU"))
    db.session.remove()
    with bs.serve(app) as url:
        yield url, pkm


def test_abk_totals_follow_typing_and_the_save_keeps_them(browser, served):
    base_url, pkm = served
    context = browser.new_context(viewport=bs.DESKTOP, locale="id-ID")
    try:
        page = context.new_page()
        bs.sign_in(page, base_url, "evaluator")
        page.goto(f"{base_url}/workforce/abk/{pkm}")
        section = page.locator("section.abk-sheet", has_text="Jabatan: Bidan")
        first = section.locator("tr[data-row]").first
        first.locator("input.vol").fill("7.500")
        first.locator("input.norm").fill("10")
        expect(first.locator(".out-min")).to_have_text("75.000")
        expect(first.locator(".out-need")).to_have_text("1,000")
        section.locator("button.add-row").click()
        new_row = section.locator("tr.row-new").last
        new_row.locator("input").nth(0).fill("Konseling gizi ibu hamil")
        new_row.locator("input").nth(1).fill("sesi")
        new_row.locator("input.vol").fill("600")
        new_row.locator("input.norm").fill("30")
        expect(new_row.locator(".out-need")).to_have_text("0,240")
        typed = section.locator(".tot-need").inner_text()
        bs.screenshot(page, "workforce-abk.png")
        page.locator("#abk-form button[type=submit]").click()
        expect(page.locator(".flash-success")).to_contain_text("Lembar kerja disimpan")
        saved = page.locator("section.abk-sheet", has_text="Jabatan: Bidan")
        expect(saved.locator(".tot-need")).to_have_text(typed)  # server agrees with the page
        expect(saved.locator('input[value="Konseling gizi ibu hamil"]')).to_have_count(1)
        page.goto(f"{base_url}/workforce/")
        expect(page.locator(".chart .plotly-graph-div").first).to_be_visible()
        expect(page.locator(".chart svg.main-svg").first).to_be_visible()  # plotly drew it
        bs.screenshot(page, "workforce-overview.png")
    finally:
        context.close()


PHONE_PAGES = ("/workforce/", "/workforce/abk/{pkm}", "/workforce/wisn/{pkm}",
               "/workforce/staff", "/workforce/rotation")


def test_workforce_pages_fit_a_phone(browser, served):
    base_url, pkm = served
    context = browser.new_context(viewport=bs.PHONE, locale="id-ID")
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        bs.sign_in(page, base_url, "evaluator")
        for path in PHONE_PAGES:
            page.goto(base_url + path.format(pkm=pkm))
            expect(page.locator("h1")).to_be_visible()
            name = path.strip("/").replace("/", "-").replace("{pkm}", "unit")
            bs.screenshot(page, f"{name}-phone.png")
            assert bs.horizontal_overflow(page) <= 1, f"{path} is wider than a phone screen"
        assert not errors, errors
    finally:
        context.close()
