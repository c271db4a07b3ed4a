"""The standards pages in a real browser (Debian's Chromium): desktop, phone and print.

Screenshots land in test-output/browser/standards-*.png for a person to look at.
"""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from evalsys.demo.seed import seed_demo
from models import Unit, db
from models.standard import ServiceStandard, Sop
from tests.web import browser_support as bs

pytestmark = pytest.mark.browser


@pytest.fixture
def site(app):
    """Serve the demo; yield (base URL, ids of the records the pages show)."""
    seed_demo()
    db.session.commit()
    unit = db.session.scalar(select(Unit).where(Unit.code == "DINKES-PKM-SUKAMAJU"))
    standard = db.session.scalar(
        select(ServiceStandard).where(ServiceStandard.status == "published")
        .where(ServiceStandard.service_type_id.in_([s.id for s in unit.service_types])))
    standard = standard or db.session.scalar(select(ServiceStandard).where(
        ServiceStandard.status == "published"))
    sop = db.session.scalar(select(Sop).where(Sop.unit_id == unit.id)) or db.session.scalar(
        select(Sop))
    ids = {"unit": unit.id, "code": unit.code, "service": standard.service_type_id,
           "sop": sop.id}
    db.session.remove()
    with bs.serve(app) as url:
        yield url, ids


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_standards_pages_look_right(browser, site, size):
    url, ids = site
    viewport = bs.DESKTOP if size == "desktop" else bs.PHONE
    context = browser.new_context(viewport=viewport, locale="id-ID")
    try:
        page = context.new_page()
        page.goto(f"{url}/informasi/{ids['code']}")
        expect(page.locator("#maklumat")).to_be_visible()
        assert bs.horizontal_overflow(page) == 0
        bs.screenshot(page, f"standards-public-{size}.png")

        bs.sign_in(page, url, "evaluator")
        page.goto(f"{url}/standards/coverage")
        expect(page.locator("#sp-heatmap .main-svg").first).to_be_visible()
        expect(page.locator("#gap-list tbody tr").first).to_be_visible()
        assert bs.horizontal_overflow(page) == 0
        bs.screenshot(page, f"standards-coverage-{size}.png")

        for name, path in (("unit", f"/standards/unit/{ids['unit']}"),
                           ("service", f"/standards/service/{ids['service']}"),
                           ("print", f"/standards/service/{ids['service']}/print"),
                           ("sop", f"/standards/sop/{ids['sop']}")):
            page.goto(url + path)
            expect(page.locator("main h1, main article").first).to_be_visible()
            assert bs.horizontal_overflow(page) == 0, name
            bs.screenshot(page, f"standards-{name}-{size}.png")
        expect(page.locator("svg.sop-flow .shape").first).to_be_visible()
    finally:
        context.close()


def test_printable_documents_hide_the_chrome(browser, site):
    url, ids = site
    context = browser.new_context(viewport=bs.DESKTOP, locale="id-ID")
    try:
        page = context.new_page()
        bs.sign_in(page, url, "pembaca")
        for name, path in (("print", f"/standards/service/{ids['service']}/print"),
                           ("sop", f"/standards/sop/{ids['sop']}")):
            page.goto(url + path)
            page.emulate_media(media="print")
            expect(page.locator("header.topbar")).to_be_hidden()
            expect(page.locator(".no-print").first).to_be_hidden()
            bs.screenshot(page, f"standards-{name}-printed.png")
            page.emulate_media(media="screen")
    finally:
        context.close()
