"""The leadership dashboard in Debian's Chromium: charts drawn, sorting, phone layout.

Screenshots go to test-output/browser/dashboard-*.png. Skips when Chromium is missing.
"""

import pytest
from playwright.sync_api import expect

from evalsys.dashboard import cache
from models import db
from tests.web import browser_support as bs
from tests.web.test_dashboard import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def served(app, make_unit, make_period, make_indicator, make_value, make_user):
    """Six ranked units over two semesters and a leader; serve the app; yield (url, ids)."""
    cache.clear()
    world = build_world(make_unit, make_period, make_indicator, make_value)
    make_user("leader", username="pimpinan").set_password(bs.DEMO_PASSWORD,
                                                           "pbkdf2:sha256:1000")
    db.session.commit()
    ids = {"run": world.runs["2025-S2"].id, "worst": world.units["F"].id}
    db.session.remove()
    with bs.serve(app) as url:
        yield url, ids
    cache.clear()


def _codes(page) -> list[str]:
    return page.locator("#league tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.unit)")


def test_leader_opens_the_dashboard_sorts_and_opens_a_unit(browser, served):
    base_url, ids = served
    context = browser.new_context(viewport=bs.DESKTOP, locale="id-ID")
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        bs.sign_in(page, base_url, "pimpinan")
        page.locator("#open-dashboard").click()
        expect(page.locator("h1")).to_contain_text("Dasbor pimpinan")
        expect(page.locator("#card-ikm")).to_contain_text("77,50")
        for chart in ("contributions", "heatmap", "trend", "intervals", "scatter"):
            expect(page.locator(f"#chart-{chart} svg.main-svg").first).to_be_visible()
        assert _codes(page) == ["U-D", "U-A", "U-B", "U-C", "U-E", "U-F"]
        bs.screenshot(page, "dashboard-desktop.png")
        page.locator('#league th[data-col="change"] a').click()  # sorted in the page by JS
        expect(page.locator('#league th[data-col="change"]')).to_have_attribute(
            "aria-sort", "ascending")
        assert _codes(page)[-1] == "U-D" and "sort=change" in page.url
        page.locator('#league th[data-col="change"] a').click()
        assert _codes(page)[0] == "U-D"
        page.locator('#league tr[data-unit="U-F"] a').first.click()  # the worst unit: why?
        expect(page).to_have_url(f"{base_url}/rankings/runs/{ids['run']}/units/{ids['worst']}")
        assert errors == []
    finally:
        context.close()


def test_dashboard_fits_a_phone(browser, served):
    base_url, _ids = served
    context = browser.new_context(viewport=bs.PHONE, locale="id-ID")
    try:
        page = context.new_page()
        bs.sign_in(page, base_url, "pimpinan")
        page.goto(f"{base_url}/dashboard/?targets=1")
        expect(page.locator("#league")).to_be_visible()
        assert bs.horizontal_overflow(page) == 0
        scroller = page.locator(".table-scroll")
        assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")  # the table scrolls
        bs.screenshot(page, "dashboard-phone.png")
    finally:
        context.close()
