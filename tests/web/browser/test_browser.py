"""Sign in and browse the units list in a real browser: Debian's Chromium driven by Playwright.

The app runs on a real port with the demo data loaded; screenshots go to test-output/browser/.
Without Chromium these tests skip and say why (see tests/web/browser_support.py).
"""

import re

import pytest
from playwright.sync_api import expect

from evalsys.demo.seed import seed_demo
from models import db
from tests.web import browser_support as bs

pytestmark = pytest.mark.browser


@pytest.fixture
def base_url(app):
    """Load the demo kabupaten and serve the app; yield the address to browse."""
    seed_demo()
    db.session.commit()
    db.session.remove()  # end this thread's transaction before the server's threads start
    with bs.serve(app) as url:
        yield url


def test_leader_signs_in_and_filters_units(browser, base_url):
    context = browser.new_context(viewport=bs.DESKTOP, locale="id-ID")
    try:
        page = context.new_page()
        page.goto(f"{base_url}/auth/login")
        expect(page.locator("input[name=username]")).to_be_visible()
        bs.screenshot(page, "login.png")

        bs.sign_in(page, base_url, "pimpinan")
        bs.screenshot(page, "home.png")

        page.locator('nav.mainnav a[href="/units/"]').click()
        expect(page).to_have_url(f"{base_url}/units/")
        table = page.locator("#units-table")
        expect(table).to_contain_text("Puskesmas Sukamaju")
        assert table.locator("tbody tr").count() >= 20
        bs.screenshot(page, "units.png")

        page.locator("form.filters select[name=type]").select_option("puskesmas")
        page.locator("form.filters button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/units/\?.*\btype=puskesmas\b"))
        types = table.locator("tbody tr td:nth-child(3)").all_inner_texts()
        assert len(types) >= 5, types
        assert {t.strip() for t in types} == {"puskesmas"}, types
        expect(table).to_contain_text("Puskesmas Sukamaju")
        bs.screenshot(page, "units-puskesmas.png")
    finally:
        context.close()


def test_login_and_units_fit_a_phone_screen(browser, base_url):
    context = browser.new_context(viewport=bs.PHONE, locale="id-ID", device_scale_factor=2)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/auth/login")
        expect(page.locator("input[name=username]")).to_be_visible()
        bs.screenshot(page, "login-phone.png")
        assert bs.horizontal_overflow(page) <= 1, "login page is wider than a phone screen"

        bs.sign_in(page, base_url, "pimpinan")
        page.goto(f"{base_url}/units/")
        expect(page.locator("#units-table")).to_contain_text("Puskesmas Sukamaju")
        bs.screenshot(page, "units-phone.png")
        assert bs.horizontal_overflow(page) <= 1, "units list is wider than a phone screen"
    finally:
        context.close()
