"""Staffing indicators from ABK, their provenance, settings, and grouped = per-group results."""

from datetime import date

import pytest
from sqlalchemy import select

from evalsys.workforce import staffing, wisn
from models import Indicator, IndicatorValue, db
from models.workforce import WisnInput
from scoring.workload import abk_need
from scoring.workload import wisn as wisn_single
from tests.conftest import login
from tests.web.test_workforce_support import (  # noqa: F401  (fixtures)
    add_staff_fixture,
    add_tasks_fixture,
    make_position_fixture,
)

CODES = ("staffing_ratio", "staff_shortage", "staff_surplus", "staffing_fulfilment_pct")


@pytest.fixture
def town(make_unit, make_period, make_position, add_staff, add_tasks):
    """Unit A: clerk need 1.296 (1 held), midwife need 1 (none), 2 analysts without tasks.

    Unit B: clerk need 0.8 → 1, held by 3.
    """
    a, b = make_unit(code="A", name="Unit A"), make_unit(code="B", name="Unit B")
    clerk, midwife, analyst = (make_position(code="PU"), make_position(code="BDN"),
                               make_position(code="AK"))
    add_tasks(a, clerk)
    add_tasks(a, midwife, [("Pelayanan KB", "akseptor", 7500, 10)])
    add_tasks(b, clerk, [("Agenda surat", "surat", 6000, 10)])
    add_staff(a, clerk, 1)
    add_staff(a, analyst, 2)
    add_staff(b, clerk, 3)
    add_staff(b, clerk, 1, status="mutasi")  # moved out: on the roster, not counted
    return {"a": a, "b": b, "clerk": clerk, "midwife": midwife, "analyst": analyst,
            "open": make_period(year=2025, number=2), "locked": make_period(year=2024,
                                                                            locked=True)}


def _values(unit, period) -> dict[str, IndicatorValue]:
    rows = db.session.execute(select(Indicator.code, IndicatorValue).join(IndicatorValue).where(
        IndicatorValue.unit_id == unit.id, IndicatorValue.period_id == period.id)).all()
    return dict(rows)


def test_recompute_writes_indicators_equal_to_a_hand_computation(client, make_user, town):
    login(client, make_user("leader"))
    assert client.post("/workforce/recompute").status_code == 302
    db.session.expire_all()
    a, b = _values(town["a"], town["open"]), _values(town["b"], town["open"])
    # A: required 1 + 1 + 0 = 2, existing 1 + 0 + 2 = 3; short 1 midwife, surplus 2 analysts.
    assert {c: a[c].value for c in CODES} == {"staffing_ratio": 1.5, "staff_shortage": 1,
                                              "staff_surplus": 2,
                                              "staffing_fulfilment_pct": 50.0}
    # B: required 1, existing 3 (the moved-out clerk does not count).
    assert {c: b[c].value for c in CODES} == {"staffing_ratio": 3.0, "staff_shortage": 0,
                                              "staff_surplus": 2,
                                              "staffing_fulfilment_pct": 100.0}
    prov = a["staffing_ratio"].provenance
    assert prov["effective_minutes"] == 75_000 and prov["rounding"] == "nearest"
    assert (prov["n_tasks"], prov["n_staff"], prov["required"]) == (4, 3, 2)
    assert prov["as_of"] == "2025-12-31" and "PermenPANRB 1/2020" in prov["method"]
    clerk = next(p for p in prov["positions"] if p["position"] == "PU")
    assert clerk == {"position": "PU", "need": 1.296, "need_rounded": 1, "existing": 1,
                     "shortage": 0, "surplus": 0}
    assert _values(town["a"], town["locked"]) == {}  # locked periods are never rewritten
    legal = db.session.scalars(select(Indicator.legal_basis).where(Indicator.code.in_(CODES)))
    assert all("PermenPANRB 1/2020" in basis for basis in legal)


def test_settings_change_recomputes_with_the_new_rounding(client, make_user, town):
    login(client, make_user("admin"))
    response = client.post("/workforce/settings", data={
        "effective_minutes": "75000", "rounding": "ceiling", "ej_table": "kemenkeu_2002",
        "rotation_years": "4"})
    assert response.status_code == 302
    db.session.expire_all()
    a = _values(town["a"], town["open"])
    # Ceiling: clerk 1.296 → 2 (1 short), midwife 1 (1 short): required 3, existing 3.
    assert a["staffing_ratio"].value == 1.0 and a["staff_shortage"].value == 2
    assert a["staffing_fulfilment_pct"].value == pytest.approx(100 / 3)
    assert a["staffing_ratio"].provenance["rounding"] == "ceiling"


def test_saving_the_worksheet_updates_the_indicator_grid(client, make_user, town):
    login(client, make_user("admin"))
    task_id = db.session.scalar(select(staffing.WorkloadTask.id).where(
        staffing.WorkloadTask.unit_id == town["b"].id))
    client.post(f"/workforce/abk/{town['b'].id}", data={
        f"t{task_id}-description": "Agenda surat", f"t{task_id}-output_unit": "surat",
        f"t{task_id}-volume": "22500", f"t{task_id}-norm": "10"})
    db.session.expire_all()
    # 225,000 min ÷ 75,000 = 3 clerks needed, 3 held.
    assert _values(town["b"], town["open"])["staffing_ratio"].value == 1.0


def test_staff_who_entered_the_post_after_the_period_do_not_count(town, make_period,
                                                                  add_staff):
    spring = make_period(year=2025, number=1)
    add_staff(town["b"], town["clerk"], 2, post_since=date(2025, 8, 1))
    staffing.refresh_staffing()
    db.session.commit()
    assert _values(town["b"], spring)["staffing_ratio"].provenance["n_staff"] == 3
    assert _values(town["b"], town["open"])["staffing_ratio"].provenance["n_staff"] == 5


def test_approved_values_are_left_as_approved(town, make_value):
    staffing.refresh_staffing()
    ratio = db.session.scalar(select(Indicator).where(Indicator.code == "staffing_ratio"))
    row = _values(town["a"], town["open"])["staffing_ratio"]
    row.status, row.value = "approved", 9.0
    db.session.commit()
    staffing.refresh_staffing()
    db.session.commit()
    assert _values(town["a"], town["open"])["staffing_ratio"].value == 9.0
    assert ratio.direction == 1


def test_grouped_results_equal_per_unit_results(town, add_tasks):
    add_tasks(town["b"], town["midwife"], [("ANC", "kunjungan", 4800, 20),
                                           ("Persalinan", "persalinan", 300, 240)])
    together = staffing.compute()
    for unit in (town["a"], town["b"]):
        alone = staffing.compute(unit_ids=[unit.id])
        assert alone.by_unit.loc[unit.id].to_dict() == together.by_unit.loc[unit.id].to_dict()
        tasks = staffing.tasks_frame([unit.id])
        for position_id, group in tasks.groupby("position_id"):
            single = abk_need(group["volume"], group["norm_minutes"])
            row = together.by_position.loc[(unit.id, position_id)]
            assert row["need_unrounded"] == pytest.approx(single.total)
            assert row["need_rounded"] == single.rounded


def test_wisn_of_many_facilities_equals_each_computed_alone(town):
    sheets = [
        WisnInput(unit_id=town["a"].id, position_id=town["midwife"].id, working_days=260,
                  public_holidays=14, annual_leave=12, sick_leave=6, other_leave=8,
                  hours_per_day=8, activities=[{"name": "ANC", "workload": 10_560,
                                                "unit_minutes": 20},
                                               {"name": "Persalinan", "workload": 264,
                                                "unit_minutes": 240}],
                  support=[{"name": "Rapat", "percent": 10, "hours": 0},
                           {"name": "Laporan", "percent": 0, "hours": 176}],
                  individual=[{"name": "Supervisi", "hours": 88, "staff": 1},
                              {"name": "Pelatihan", "hours": 44, "staff": 2}]),
        WisnInput(unit_id=town["b"].id, position_id=town["clerk"].id, working_days=260,
                  public_holidays=16, annual_leave=12, sick_leave=6, other_leave=5,
                  hours_per_day=7.5, activities=[{"name": "Agenda", "workload": 6000,
                                                  "unit_minutes": 10}],
                  support=[], individual=[])]
    db.session.add_all(sheets)
    db.session.commit()
    table = wisn.results(wisn.load_inputs())
    # Unit A's midwife is the hand-computed case of tests/scoring: required 3.35, none held.
    assert table.loc[(town["a"].id, town["midwife"].id), "required"] == pytest.approx(3.35)
    for item, existing in ((sheets[0], 0), (sheets[1], 3)):
        awt = wisn.awt_hours(item)
        alone = wisn_single([a["workload"] for a in item.activities],
                            [a["unit_minutes"] for a in item.activities], awt, existing,
                            cas_percent=[s["percent"] for s in item.support],
                            cas_hours=[s["hours"] for s in item.support],
                            ias_hours=[i["hours"] for i in item.individual],
                            ias_staff=[i["staff"] for i in item.individual])
        row = table.loc[(item.unit_id, item.position_id)]
        assert row["required"] == pytest.approx(alone.required)
        assert row["existing"] == existing
        assert row["pressure"] == alone.pressure
