"""The workforce demo: a realistic roster with valid NIPs, gaps both ways, indicators filled."""

import random
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import func, select

from evalsys.demo import seed as demo
from evalsys.demo import workforce
from evalsys.workforce.staffing import compute
from models import Indicator, IndicatorValue, Period, Unit, db
from models.workforce import Position, Staff, WisnInput, WorkloadTask
from scoring.nip import validate_nips
from tests.conftest import fresh_app


@pytest.fixture(scope="module")
def seeded(database_url):
    """Yield an app whose database holds the organisation, periods, users and workforce."""
    with fresh_app(database_url) as app:
        ctx = demo.DemoContext(rng=random.Random(2025))
        for seeder in (demo.seed_organisation, demo.seed_periods, demo.seed_catalogue,
                       demo.seed_users, workforce.seed):
            seeder(ctx)
            db.session.flush()
        db.session.commit()
        yield app


def test_roster_is_sized_and_every_nip_is_valid(seeded):
    staff = pd.DataFrame(db.session.execute(select(Staff.nip, Staff.birth_date, Staff.gender,
                                                   Staff.post_since, Staff.status)).all())
    assert 600 <= len(staff) <= 1200
    checked = validate_nips(staff["nip"])
    assert checked["valid"].all()
    assert (checked["birth_date"].dt.date == staff["birth_date"]).all()
    assert (checked["gender"] == staff["gender"]).all()
    assert set(staff["status"]) == {"aktif", "cuti", "mutasi", "pensiun"}
    long_in_post = (pd.Timestamp(workforce.REFERENCE) - pd.to_datetime(staff["post_since"])
                    ).dt.days > 5 * 365.25
    assert 0.05 < long_in_post.mean() < 0.4
    assert db.session.scalar(select(func.count()).where(Staff.is_protected.is_(True),
                                                        Staff.protected_reason.is_not(None)))
    assert len(db.session.scalars(select(Position.code)).all()) >= 12


def test_some_units_are_short_and_others_in_surplus(seeded):
    result = compute()
    by_unit = result.by_unit
    assert (by_unit["shortage"] > by_unit["surplus"]).sum() >= 5
    assert (by_unit["surplus"] > by_unit["shortage"]).sum() >= 5
    assert (result.by_position["existing"] == 0).any()  # a post nobody holds
    desa = db.session.scalars(select(Unit.id).where(Unit.unit_type == "desa")).all()
    assert not set(desa) & set(by_unit.index)  # perangkat desa are not ASN


def test_open_periods_get_staffing_values_for_every_unit_with_tasks(seeded):
    with_tasks = set(db.session.scalars(select(WorkloadTask.unit_id).distinct()))
    rows = db.session.execute(select(Period.code, Period.is_locked, IndicatorValue.unit_id)
                              .join(IndicatorValue).join(Indicator)
                              .where(Indicator.code == "staffing_ratio")).all()
    per_period: dict[str, set[int]] = {}
    for code, locked, unit_id in rows:
        assert not locked
        per_period.setdefault(code, set()).add(unit_id)
    assert set(per_period) == {"2025-S1", "2025-S2"}
    assert all(units >= with_tasks for units in per_period.values())


def test_every_unit_and_position_shows_required_versus_existing(seeded):
    client = seeded.test_client()
    client.post("/auth/login", data={"username": "evaluator", "password": demo.DEMO_PASSWORD})
    result = compute()
    names = dict(db.session.execute(select(Position.id, Position.name)).all())
    for unit_id in result.by_unit.index:
        page = client.get(f"/workforce/abk/{unit_id}").get_data(as_text=True)
        for position_id in result.positions_of(unit_id).index:
            assert f"Jabatan: {names[position_id]}" in page
    wisn_units = set(db.session.scalars(select(WisnInput.unit_id)))
    facilities = set(db.session.scalars(select(Unit.id).where(
        Unit.unit_type.in_(("puskesmas", "rsud")))))
    assert wisn_units == facilities
    for page in ("/workforce/", "/workforce/staff", "/workforce/rotation",
                 f"/workforce/wisn/{min(facilities)}"):
        assert client.get(page).status_code == 200


def test_the_demo_reference_date_is_fixed():
    assert date(2025, 12, 31) == workforce.REFERENCE
