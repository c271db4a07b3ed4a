"""A leader's journey in a real browser on the demo data (issue 8, "done when").

Dashboard → only puskesmas → sort the league table by score → the worst one: its contribution
waterfall and rank interval (click 1) → the complaints behind its score (click 2) → one
complaint (click 3). Then the printable profile.
Screenshots: test-output/leader_journey/NN_step.png.
"""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from evalsys.demo.seed import seed_demo
from evalsys.rankings.queries import run_for_period
from models import Period, Unit, db
from models.scoring import UnitScore
from tests.web import browser_support as bs

pytestmark = pytest.mark.browser

SHOTS = bs.SCREENSHOT_DIR.parent / "leader_journey"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


@pytest.fixture
def served(app):
    """Load the demo; find the worst-ranked puskesmas of the latest period; serve the app."""
    seed_demo()
    db.session.commit()
    period = db.session.scalar(select(Period).order_by(Period.end_date.desc()))
    run = run_for_period(period)
    worst = db.session.execute(
        select(Unit.id, Unit.name).join(UnitScore, UnitScore.unit_id == Unit.id)
        .where(UnitScore.run_id == run.id, Unit.unit_type == "puskesmas",
               UnitScore.rank.is_not(None))
        .order_by(UnitScore.rank.desc())).first()
    db.session.remove()
    with bs.serve(app) as url:
        yield url, worst


def test_leader_finds_the_worst_puskesmas_why_and_its_complaints(browser, served):
    base, (worst_id, worst_name) = served
    context = browser.new_context(viewport=bs.DESKTOP, locale="id-ID")
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        bs.sign_in(page, base, "pimpinan")
        page.goto(f"{base}/dashboard/")
        league = page.locator("#league")
        expect(league.locator("tbody tr").first).to_be_visible()
        _shot(page, "01_dashboard.png")

        filters = page.locator("#filters")
        filters.locator("select[name=type]").select_option("puskesmas")
        filters.locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"type=puskesmas"))
        types = league.locator("tbody tr td:nth-child(3)").all_inner_texts()
        assert types and {t.split()[0] for t in types} == {"puskesmas"}, types
        _shot(page, "02_puskesmas_only.png")

        league.locator('th[data-col="score"] a').click()  # lowest score first
        expect(league.locator('th[data-col="score"]')).to_have_attribute("aria-sort",
                                                                         "ascending")
        first = league.locator("tbody tr").first
        expect(first).to_contain_text(worst_name)  # the worst-ranked puskesmas on top
        _shot(page, "03_sorted_worst_first.png")

        first.locator("td:nth-child(2) a").click()  # click 1: why and how certain
        expect(page).to_have_url(re.compile(rf"/rankings/runs/\d+/units/{worst_id}$"))
        expect(page.locator(".chart .main-svg").first).to_be_visible()  # waterfall
        expect(page.locator(".cards")).to_contain_text("interval peringkat 5–95%")
        expect(page.locator("section.explanation")).to_contain_text("berkisar")
        _shot(page, "04_why_this_rank.png")

        page.locator("#complaints-link").click()  # click 2: the complaints behind the score
        records = page.locator("#complaint-records tbody tr")
        expect(records.first).to_be_visible()
        expect(page.locator("h1")).to_contain_text(worst_name)
        _shot(page, "05_complaints_behind_the_score.png")

        records.first.locator("td:first-child a").click()  # click 3: one complaint
        expect(page).to_have_url(re.compile(r"/complaints/\d+$"))
        expect(page.locator("main")).to_contain_text(worst_name)
        expect(page.locator("#timeline")).to_be_visible()
        _shot(page, "06_complaint.png")

        page.goto(f"{base}/profile/{worst_id}")
        expect(page.locator("#trend-chart .main-svg").first).to_be_visible()
        _shot(page, "07_unit_profile.png")
        page.emulate_media(media="print")
        expect(page.locator("nav.mainnav")).to_be_hidden()
        page.wait_for_timeout(300)  # the charts refit to the A4 column
        width = page.locator("#trend-chart .main-svg").first.bounding_box()["width"]
        assert width <= 700, width  # 180 mm at 96 dpi ≈ 680 px
        _shot(page, "08_unit_profile_print.png")
        assert not errors, errors
    finally:
        context.close()
