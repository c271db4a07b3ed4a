"""Two people change the same indicator value: the second is told, and nothing is lost.

Forms loaded long ago are caught by the version check (tests/web/test_entry.py); these tests
cover the API with a stale version and the true race, where both saves pass that check and
the database's version column (IndicatorValue.version_id) decides — for the entry grid, the
API and the approval of submitted values. The race is staged by letting the other user commit
in the middle of the request, from another connection, on a file or PostgreSQL database.
"""

import pytest
from sqlalchemy import select, text

from evalsys.indicators import entry
from models import Indicator, IndicatorValue, Period, Unit, User, db
from models.base import utcnow
from tests.conftest import login
from tests.faults.conftest import add_user


@pytest.fixture
def cell(durable_app):
    """A unit, a manual indicator, a period, an evaluator of the unit and a leader."""
    unit = Unit(code="PKM-A", name="Puskesmas A", level="unit", unit_type="puskesmas")
    indicator = Indicator(code="pct", name_id="Persen", name_en="Percent", direction=1,
                          unit_of_measure="%", source="manual", min_value=0, max_value=100,
                          decimals=2)
    period = Period.build("semester", 2025, 1)
    db.session.add_all([unit, indicator, period])
    db.session.commit()
    evaluator = add_user("evaluator", "evaluator", units=[unit])
    leader = add_user("leader", "pimpinan")
    return unit.id, indicator.id, period.id, evaluator, leader


def _value(unit_id, indicator_id) -> IndicatorValue | None:
    db.session.expire_all()
    return db.session.scalar(select(IndicatorValue).where(
        IndicatorValue.unit_id == unit_id, IndicatorValue.indicator_id == indicator_id))


def _store(unit_id, indicator_id, period_id, value, status="draft") -> IndicatorValue:
    row = IndicatorValue(unit_id=unit_id, indicator_id=indicator_id, period_id=period_id,
                         value=value, status=status)
    db.session.add(row)
    db.session.commit()
    return row


def _meanwhile(sql: str, **params):
    """Return a callable that commits `sql` from another connection (the other user)."""

    def other_user_saves() -> None:
        with db.engine.connect() as other:
            other.execute(text(sql), params)
            other.commit()

    return other_user_saves


def _race(monkeypatch, module, name: str, other_user_saves) -> None:
    """Make the other user's save land the first time `module.name` is called."""
    real, done = getattr(module, name), []

    def step(*args, **kwargs):
        if not done:
            done.append(other_user_saves())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, step)


def test_api_refuses_a_stale_version_with_409(durable_app, cell):
    unit_id, indicator_id, period_id, evaluator, _leader = cell
    version = _store(unit_id, indicator_id, period_id, 40).version
    first, second = durable_app.test_client(), durable_app.test_client()
    login(first, evaluator)
    login(second, evaluator)
    body = {"unit_id": unit_id, "period_id": period_id, "indicator": "pct", "version": version}
    assert first.post("/api/v1/values", json=body | {"value": 45}).status_code == 200
    refused = second.post("/api/v1/values", json=body | {"value": 50})
    assert refused.status_code == 409
    assert "diubah pengguna lain" in refused.json["message"] + refused.get_data(as_text=True)
    assert _value(unit_id, indicator_id).value == 45


@pytest.mark.parametrize("existing", [True, False], ids=["update", "first-entry"])
def test_grid_save_racing_another_save_is_refused_not_a_crash(durable_app, cell, monkeypatch,
                                                              existing):
    unit_id, indicator_id, period_id, evaluator, _leader = cell
    if existing:
        row = _store(unit_id, indicator_id, period_id, 40)
        other = _meanwhile("UPDATE indicator_value SET value = 45, version = version + 1 "
                           "WHERE id = :id", id=row.id)
    else:
        other = _meanwhile("INSERT INTO indicator_value (unit_id, period_id, indicator_id, "
                           "value, status, version, created_at, updated_at) "
                           "VALUES (:u, :p, :i, 45, 'draft', 1, :now, :now)",
                           u=unit_id, p=period_id, i=indicator_id, now=utcnow())
    client = durable_app.test_client()
    login(client, evaluator)
    version = row.version if existing else ""
    _race(monkeypatch, entry, "_check_cell", other)
    response = client.post("/indicators/entry", data={
        "period": period_id, f"v-{unit_id}-{indicator_id}": "50",
        f"ver-{unit_id}-{indicator_id}": version})
    assert response.status_code == 200
    assert "baru saja diubah pengguna lain" in response.get_data(as_text=True)
    assert _value(unit_id, indicator_id).value == 45


def test_api_save_racing_another_save_answers_409(durable_app, cell, monkeypatch):
    unit_id, indicator_id, period_id, evaluator, _leader = cell
    row = _store(unit_id, indicator_id, period_id, 40)
    client = durable_app.test_client()
    login(client, evaluator)
    _race(monkeypatch, entry, "_check_cell", _meanwhile(
        "UPDATE indicator_value SET value = 45, version = version + 1 WHERE id = :id",
        id=row.id))
    response = client.post("/api/v1/values", json={
        "unit_id": unit_id, "period_id": period_id, "indicator": "pct", "value": 50,
        "version": row.version})
    assert response.status_code == 409
    assert _value(unit_id, indicator_id).value == 45


def test_approval_racing_an_edit_approves_nothing_and_says_why(durable_app, cell, monkeypatch):
    unit_id, indicator_id, period_id, _evaluator, leader = cell
    row = _store(unit_id, indicator_id, period_id, 40, status="submitted")
    client = durable_app.test_client()
    login(client, leader)
    _race(monkeypatch, entry, "utcnow", _meanwhile(
        "UPDATE indicator_value SET value = 60, version = version + 1 WHERE id = :id",
        id=row.id))
    response = client.post("/indicators/approvals", data={
        "period": period_id, "unit_id": unit_id, "action": "approve"}, follow_redirects=True)
    assert "baru saja diubah pengguna lain" in response.get_data(as_text=True)
    stored = _value(unit_id, indicator_id)
    assert (stored.value, stored.status, stored.approved_by_id) == (60, "submitted", None)
    assert db.session.get(User, leader.id) is not None
