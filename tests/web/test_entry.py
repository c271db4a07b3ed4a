"""The indicator entry grid: scope, per-cell validation, all-or-nothing saves, approval."""

import pytest
from sqlalchemy import select

from models import IndicatorValue, db
from tests.conftest import login


@pytest.fixture
def setup(make_unit, make_user, make_period, make_indicator):
    mine, other = make_unit(code="PKM-A", name="Puskesmas A"), make_unit(code="PKM-B",
                                                                       name="Puskesmas B")
    period = make_period()
    pct = make_indicator(code="layanan_daring_pct", min_value=0, max_value=100)
    ipp = make_indicator(code="ipp", min_value=0, max_value=5)
    computed = make_indicator(code="ikm", source="computed", min_value=25, max_value=100)
    evaluator = make_user("evaluator", units=[mine])
    return mine, other, period, pct, ipp, computed, evaluator


def _stored(unit, period, indicator):
    return db.session.scalar(select(IndicatorValue).where(
        IndicatorValue.unit_id == unit.id, IndicatorValue.period_id == period.id,
        IndicatorValue.indicator_id == indicator.id))


def test_evaluator_sees_only_their_units(client, setup):
    mine, other, period, *_rest, evaluator = setup
    login(client, evaluator)
    page = client.get(f"/indicators/entry?period={period.id}").get_data(as_text=True)
    assert "Puskesmas A" in page
    assert "Puskesmas B" not in page


def test_valid_values_are_saved_with_indonesian_decimals(client, setup):
    mine, _, period, pct, ipp, _, evaluator = setup
    login(client, evaluator)
    response = client.post("/indicators/entry", data={
        "period": period.id, f"v-{mine.id}-{pct.id}": "85,5", f"v-{mine.id}-{ipp.id}": "4.25",
        "action": "save"})
    assert response.status_code == 302
    assert _stored(mine, period, pct).value == 85.5
    stored = _stored(mine, period, ipp)
    assert stored.value == 4.25 and stored.status == "draft" and stored.entered_by_id


def test_one_bad_cell_stores_nothing_and_names_the_problem(client, setup):
    mine, _, period, pct, ipp, _, evaluator = setup
    login(client, evaluator)
    response = client.post("/indicators/entry", data={
        "period": period.id, f"v-{mine.id}-{pct.id}": "90", f"v-{mine.id}-{ipp.id}": "7",
        "action": "save"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nilai harus antara 0 dan 5" in page
    assert "tidak ada yang disimpan" in page
    assert 'value="90"' in page  # what the user typed is kept for correction
    assert _stored(mine, period, pct) is None


def test_text_is_refused_as_not_a_number(client, setup):
    mine, _, period, pct, *_rest, evaluator = setup
    login(client, evaluator)
    page = client.post("/indicators/entry", data={
        "period": period.id, f"v-{mine.id}-{pct.id}": "banyak"}).get_data(as_text=True)
    assert "&#39;banyak&#39; bukan angka." in page


def test_cells_outside_scope_and_computed_cells_are_refused(client, setup):
    mine, other, period, pct, _, computed, evaluator = setup
    login(client, evaluator)
    page = client.post("/indicators/entry", data={
        "period": period.id, f"v-{other.id}-{pct.id}": "50",
        f"v-{mine.id}-{computed.id}": "80"}).get_data(as_text=True)
    assert "Anda tidak berwenang mengisi PKM-B" in page
    assert "dihitung sistem" in page
    assert _stored(other, period, pct) is None


def test_submit_approve_then_read_only(client, setup, make_user):
    mine, _, period, pct, _, _, evaluator = setup
    leader = make_user("leader")
    login(client, evaluator)
    client.post("/indicators/entry", data={"period": period.id, f"v-{mine.id}-{pct.id}": "70",
                                           "action": "submit"})
    assert _stored(mine, period, pct).status == "submitted"
    client.post("/auth/logout")
    login(client, leader)
    assert "Puskesmas A" in client.get(f"/indicators/approvals?period={period.id}").get_data(
        as_text=True)
    client.post("/indicators/approvals", data={"period": period.id, "unit_id": mine.id,
                                               "action": "approve"})
    value = _stored(mine, period, pct)
    assert value.status == "approved" and value.approved_by_id == leader.id
    client.post("/auth/logout")
    login(client, evaluator)
    page = client.post("/indicators/entry", data={
        "period": period.id, f"v-{mine.id}-{pct.id}": "99"}).get_data(as_text=True)
    assert "sudah disetujui" in page
    assert _stored(mine, period, pct).value == 70


def test_leader_can_return_values_to_draft(client, setup, make_user, make_value):
    mine, _, period, pct, *_rest = setup
    make_value(mine, period, pct, 60, "submitted")
    login(client, make_user("leader"))
    client.post("/indicators/approvals", data={"period": period.id, "unit_id": mine.id,
                                               "action": "return"})
    assert _stored(mine, period, pct).status == "draft"


def test_locked_period_refuses_edits(client, setup, make_period):
    mine, _, _, pct, *_rest, evaluator = setup
    locked = make_period(year=2024, number=2, locked=True)
    login(client, evaluator)
    response = client.post("/indicators/entry", data={
        "period": locked.id, f"v-{mine.id}-{pct.id}": "50"}, follow_redirects=True)
    assert "terkunci" in response.get_data(as_text=True)
    assert _stored(mine, locked, pct) is None


def test_stale_form_cannot_overwrite_a_newer_value(client, setup, make_value):
    mine, _, period, pct, *_rest, evaluator = setup
    row = make_value(mine, period, pct, 40, "draft")
    loaded_version = row.version
    row.value = 45  # someone else saves meanwhile
    db.session.commit()
    login(client, evaluator)
    page = client.post("/indicators/entry", data={
        "period": period.id, f"v-{mine.id}-{pct.id}": "50",
        f"ver-{mine.id}-{pct.id}": loaded_version}).get_data(as_text=True)
    assert "baru saja diubah pengguna lain" in page
    assert _stored(mine, period, pct).value == 45


def test_leader_sees_grid_read_only(client, setup, make_user, make_value):
    mine, _, period, pct, *_rest = setup
    make_value(mine, period, pct, 61.5, "approved")
    login(client, make_user("leader"))
    page = client.get(f"/indicators/entry?period={period.id}").get_data(as_text=True)
    assert "61,50" in page
    assert 'name="v-' not in page
