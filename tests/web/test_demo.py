"""The demo kabupaten: loaded by the CLI, deterministic, and every page renders on it.

Seeding takes seconds, so the module seeds one database and the read-only tests share it.
"""

from collections import Counter

import pytest
from sqlalchemy import func, select

from evalsys.demo.seed import DEMO_PASSWORD, DEMO_USERS
from models import IndicatorValue, Period, ServiceType, Unit, User, db
from tests.conftest import fresh_app


@pytest.fixture(scope="module")
def demo(database_url):
    """Yield (app, CLI output) for a database loaded once with `flask seed-demo`."""
    with fresh_app(database_url) as app:
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        yield app, result.output


def test_demo_has_a_realistic_kabupaten(demo):
    _, output = demo
    units = db.session.scalars(select(Unit)).all()
    levels = Counter(u.level for u in units)
    types = Counter(u.unit_type for u in units if u.level == "unit")
    assert levels["pemda"] == 1 and levels["opd"] >= 12 and levels["unit"] >= 60
    for kind in ("kecamatan", "kelurahan", "desa", "puskesmas", "rsud", "disdukcapil",
                 "dpmptsp", "mpp"):
        assert types[kind] >= 1, kind
    assert db.session.scalar(select(func.count()).select_from(ServiceType)) >= 3 * 60
    codes = db.session.scalars(select(Period.code).order_by(Period.start_date)).all()
    assert codes == ["2024-S1", "2024-S2", "2025-S1", "2025-S2"]
    assert {u.role for u in db.session.scalars(select(User))} == {
        "admin", "evaluator", "leader", "viewer"}
    for username, *_ in DEMO_USERS:
        assert username in output  # the logins are printed


def test_demo_values_vary_and_have_every_status(demo):
    values = db.session.scalars(select(IndicatorValue)).all()
    assert len(values) > 500
    assert {v.status for v in values} >= {"draft", "submitted", "approved"}
    ipp = [v.value for v in values if v.indicator.code == "ipp"]
    assert min(ipp) < 3.0 < 4.0 < max(ipp)  # some units poor, some excellent


def test_seed_demo_if_empty_leaves_existing_data_alone(demo):
    app, _ = demo
    runner = app.test_cli_runner()
    before = db.session.scalar(select(func.count()).select_from(Unit))
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0 and "already has data" in result.output
    assert db.session.scalar(select(func.count()).select_from(Unit)) == before
    assert runner.invoke(args=["seed-demo"]).exit_code != 0


def test_every_page_renders_on_demo_data_for_every_user(demo):
    app, _ = demo
    unit_id = db.session.scalar(select(Unit.id).where(Unit.code == "DINKES-PKM-SUKAMAJU"))
    pages = ["/", "/units/", "/units/?page=2", "/units/tree", f"/units/{unit_id}",
             "/periods/", "/indicators/", "/indicators/entry", "/indicators/entry?page=2",
             "/indicators/approvals", "/users/", "/users/new", "/audit/", "/audit/?page=2",
             "/users/me/token", "/auth/password", "/api/v1/units", "/api/v1/values"]
    for username, *_ in DEMO_USERS:
        client = app.test_client()
        assert client.post("/auth/login", data={"username": username,
                                                "password": DEMO_PASSWORD}).status_code == 302
        for page in pages:
            status = client.get(page).status_code
            assert status in (200, 403), f"{page} as {username}: {status}"


def test_demo_has_an_official_ranking_for_every_period(demo):
    from models.scoring import ScoreRun

    runs = db.session.scalars(select(ScoreRun).where(ScoreRun.is_official.is_(True))).all()
    assert sorted(r.period.code for r in runs) == ["2024-S1", "2024-S2", "2025-S1", "2025-S2"]
    assert all(r.code_version.startswith("0.1.0") for r in runs)
