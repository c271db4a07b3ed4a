"""Complaint pages in a real browser on the demo data, at desktop and phone widths.

Screenshots land in test-output/browser/complaints-*.png for a person to look at.
"""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from evalsys.demo.seed import seed_demo
from models import Unit, db
from models.complaint import Complaint
from tests.web import browser_support as bs

pytestmark = pytest.mark.browser


@pytest.fixture
def served(app):
    """Load the demo, pick an open complaint the Dinkes evaluator may move; serve the app."""
    seed_demo()
    db.session.commit()
    unit_id = db.session.scalar(select(Unit.id).where(Unit.code == "DINKES-PKM-SUKAMAJU"))
    open_id = db.session.scalar(select(Complaint.id).join(Complaint.unit).where(
        Unit.code.startswith("DINKES-"),
        Complaint.status.in_(("diverifikasi", "didisposisikan", "ditindaklanjuti")))
        .order_by(Complaint.id))
    db.session.remove()
    with bs.serve(app) as url:
        yield url, unit_id, open_id


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_evaluator_follows_a_complaint_and_reads_the_dashboard(browser, served, size):
    base, unit_id, open_id = served
    context = browser.new_context(viewport=getattr(bs, size.upper()), locale="id-ID")
    errors = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        bs.sign_in(page, base, "evaluator")
        page.goto(f"{base}/complaints/?unit={unit_id}")
        expect(page.locator("#complaints-table tbody tr").first).to_be_visible()
        bs.screenshot(page, f"complaints-register-{size}.png")
        assert bs.horizontal_overflow(page) == 0

        page.goto(f"{base}/complaints/{open_id}")
        expect(page.locator("#sla-steps")).to_contain_text("Penyelesaian")
        form = page.locator("#status-form")
        form.locator("select[name=status]").select_option("ditindaklanjuti")
        form.locator("textarea[name=note]").fill("Sudah dihubungi petugas.")
        form.locator("[type=submit]").click()
        expect(page.locator(".flash-success")).to_contain_text("Ditindaklanjuti")
        expect(page.locator("#timeline")).to_contain_text("Sudah dihubungi petugas.")
        bs.screenshot(page, f"complaints-detail-{size}.png")
        assert bs.horizontal_overflow(page) == 0

        for path, name, marker in (("/complaints/sla", "sla", "#sla-chart .main-svg"),
                                   (f"/complaints/sla/{unit_id}", "sla-unit",
                                    "#trend-chart .main-svg"),
                                   ("/complaints/calendar?year=2025", "calendar",
                                    "#calendar-months"),
                                   ("/complaints/due", "due", "#due-table")):
            page.goto(base + path)
            expect(page.locator(marker).first).to_be_visible()
            bs.screenshot(page, f"complaints-{name}-{size}.png")
            assert bs.horizontal_overflow(page) == 0, path
        if size == "desktop":
            _calendar_marks(page, base)
        assert not errors, errors
    finally:
        context.close()


def _calendar_marks(page, base):
    """The 2025 calendar colours cuti bersama, public and local holidays differently."""
    page.goto(f"{base}/complaints/calendar?year=2025")
    expect(page.locator('td[data-date="2025-04-02"]')).to_have_class(
        re.compile(r"day-cuti_bersama"))
    expect(page.locator('td[data-date="2025-03-31"]')).to_have_class(re.compile(r"day-public"))
    expect(page.locator('td[data-date="2025-09-12"]')).to_have_class(re.compile(r"day-local"))
    expect(page.locator("#holiday-list")).to_contain_text("Hari Jadi Kabupaten Contoh")
