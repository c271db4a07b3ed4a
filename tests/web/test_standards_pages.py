"""Standards pages: public information page, coverage dashboard, printable standard; and the
demo data the pages are shown with."""

import random
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from evalsys import audit
from evalsys.demo import standards as demo_standards
from evalsys.demo.seed import (
    DEMO_PASSWORD,
    DemoContext,
    seed_catalogue,
    seed_organisation,
    seed_periods,
    seed_users,
)
from evalsys.standards import pages
from evalsys.standards.coverage import ensure_indicators
from models import Indicator, IndicatorValue, Period, ServiceType, Unit, db
from models.standard import (
    COMPONENT_CODES,
    Maklumat,
    ServiceStandard,
    Sop,
    StandardComponent,
)
from tests.conftest import fresh_app, login


def _standard(service, status="published", **dates):
    standard = ServiceStandard(service_type_id=service.id, status=status, **dates)
    standard.components = [StandardComponent(code=c, is_done=True,
                                             text=f"{service.code} teks {c}")
                           for c in COMPONENT_CODES]
    db.session.add(standard)
    return standard


@pytest.fixture
def public_world(make_unit, make_period, make_indicator):
    unit = make_unit(code="PKM-A", name="Puskesmas A", head_name="dr. Ratna")
    shown, hidden = (ServiceType(unit_id=unit.id, code=c, name=n)
                     for c, n in (("L01", "Rawat jalan"), ("L02", "Imunisasi")))
    db.session.add_all([shown, hidden])
    db.session.flush()
    _standard(shown, sk_number="SK 7/2025", adopted_on=date(2025, 2, 3),
              published_on=date(2025, 2, 10), channels=["sippn"])
    _standard(hidden, status="adopted", sk_number="SK 8/2025", adopted_on=date(2025, 2, 3))
    db.session.add(Maklumat(unit_id=unit.id, text="Kami sanggup melayani.",
                            signatory_name="dr. Ratna", signed_on=date(2025, 2, 4)))
    db.session.commit()
    return unit, make_period(year=2025, number=1), make_period(year=2025, number=2), \
        make_indicator(code="ikm", source="computed", min_value=25)


def test_public_page_needs_no_login_and_shows_only_published_public_components(
        client, public_world):
    unit = public_world[0]
    response = client.get(f"/informasi/{unit.code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "L01 teks persyaratan" in page and "L01 teks pengaduan" in page
    assert "L01 teks kompetensi" not in page  # internal (manufacturing) component
    assert "L02 teks" not in page  # adopted but not published
    assert "belum dipublikasikan" in page
    assert "Kami sanggup melayani." in page and "SP4N-LAPOR!" in page
    assert "dr. Ratna" in page and "Hasil IKM belum ada." in page
    assert client.get("/informasi/TIDAK-ADA").status_code == 404


def test_public_page_shows_the_latest_approved_ikm_with_its_grade(
        client, public_world, make_value):
    unit, first, second, ikm = public_world
    make_value(unit, first, ikm, 88.31, "approved")
    make_value(unit, second, ikm, 60.0, "submitted")  # not approved: not published yet
    page = client.get(f"/informasi/{unit.code.lower()}").get_data(as_text=True)
    assert "IKM 88,31" in page and ">A<" in page and "Sangat Baik" in page
    assert "2025-S1" in page and "60,00" not in page


def test_printable_standard_groups_components(client, public_world, make_user):
    unit = public_world[0]
    login(client, make_user("viewer"))
    service = db.session.scalar(select(ServiceType).where(ServiceType.code == "L01"))
    page = client.get(f"/standards/service/{service.id}/print").get_data(as_text=True)
    assert page.index("Komponen penyampaian") < page.index("L01 teks persyaratan") \
        < page.index("Komponen pengelolaan") < page.index("L01 teks dasar_hukum")
    assert "SK 7/2025" in page and "RANCANGAN" not in page and unit.head_name in page
    blank = ServiceType(unit_id=unit.id, code="L03", name="Baru")
    db.session.add(blank)
    db.session.commit()
    draft = client.get(f"/standards/service/{blank.id}/print").get_data(as_text=True)
    assert "RANCANGAN" in draft and "belum diisi" in draft


def test_dashboard_ranks_gaps_and_draws_the_heatmap(app, client, public_world, make_user,
                                                   make_unit):
    unit = public_world[0]
    empty = make_unit(code="DESA-B", name="Desa B")
    db.session.add(ServiceType(unit_id=empty.id, code="L01", name="Surat domisili"))
    db.session.commit()
    with app.test_request_context():  # the heatmap's column labels are translated
        data = pages.coverage_page(date(2025, 12, 31))
    first = data["gaps"][0]
    assert first["unit_name"] == "Desa B" and first["gaps"] == [
        "complete_adopted", "published", "sop", "evaluated"]
    assert data["totals"]["services"] == 3 and data["totals"]["complete_adopted"] == 66.7
    login(client, make_user("viewer"))
    page = client.get("/standards/coverage").get_data(as_text=True)
    assert 'id="sp-heatmap"' in page and "Layanan tanpa standar / tanpa SOP" in page
    assert "plotly.min.js" in page
    only = client.get(f"/standards/coverage?opd={empty.parent_id}").get_data(as_text=True)
    assert "Desa B" in only and unit.name not in only


@pytest.fixture(scope="module")
def demo(database_url):
    """Load the organisation and this feature's demo records once for the module."""
    with fresh_app(database_url) as app:
        ctx = DemoContext(rng=random.Random(2025))
        db.session.info[audit.SKIP_AUDIT] = True
        for seeder in (seed_organisation, seed_periods, seed_catalogue, seed_users,
                       demo_standards.seed):
            seeder(ctx)
            db.session.flush()
        db.session.info.pop(audit.SKIP_AUDIT, None)
        db.session.commit()
        yield app


def test_demo_has_every_stage_gaps_and_flags(demo):
    statuses = Counter(db.session.scalars(select(ServiceStandard.status)))
    assert set(statuses) == {"draft", "consulted", "adopted", "published"}
    services = db.session.scalar(select(db.func.count()).select_from(ServiceType))
    assert sum(statuses.values()) < services  # some services have no standard at all
    rows = pages.service_rows(pages.coverage.unit_results(date(2025, 12, 31))[0],
                              date(2025, 12, 31))
    flags = Counter(f for r in rows for f in r["flags"])
    assert set(flags) == set(pages.FLAGS)
    assert 0 < db.session.scalar(select(db.func.count()).select_from(Maklumat)) < 61
    sops = db.session.scalars(select(Sop)).all()
    assert sops and all(4 <= len(s.steps) <= 8 for s in sops)


def test_demo_coverage_is_stored_for_open_periods_only(demo):
    ensure_indicators()
    codes = [d[0] for d in pages.coverage.DEFINITIONS]
    rows = db.session.execute(
        select(Period.code, Indicator.code, IndicatorValue.value)
        .join(Period, Period.id == IndicatorValue.period_id)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(Indicator.code.in_(codes))).all()
    assert {p for p, _, _ in rows} == {"2025-S1", "2025-S2"}
    assert {c for _, c, _ in rows} == set(codes)
    coverage = [v for _, c, v in rows if c == "sp_coverage_pct" and v is not None]
    assert min(coverage) == 0.0 and max(coverage) == 100.0


def test_demo_pages_render_for_every_role(demo):
    unit = db.session.scalar(select(Unit).where(Unit.code == "DINKES-PKM-SUKAMAJU"))
    service = unit.service_types[0]
    sop = db.session.scalar(select(Sop))
    urls = ["/standards/coverage", f"/standards/unit/{unit.id}",
            f"/standards/service/{service.id}", f"/standards/service/{service.id}/print",
            f"/standards/sop/{sop.id}", f"/informasi/{unit.code}"]
    for username in ("admin", "pimpinan", "evaluator", "evaluator2", "pembaca"):
        client = demo.test_client()
        client.post("/auth/login", data={"username": username, "password": DEMO_PASSWORD})
        for url in urls:
            assert client.get(url).status_code == 200, (username, url)
