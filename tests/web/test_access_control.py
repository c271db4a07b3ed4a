"""Walk every URL rule as anonymous, viewer, evaluator of another unit, leader and admin.

Every (endpoint, method) must have an expectation below: a new route without one fails the
test, so nobody can add a page and forget who may open it.
"""

import importlib
from pathlib import Path

import pytest

from evalsys.rankings import operations
from models import db
from tests.conftest import login

# Each feature keeps its expectations in tests/web/access_<feature>.py (EXPECT, BODIES,
# make_args); every such file is picked up here.
FEATURES = tuple(importlib.import_module(f"tests.web.{path.stem}")
                 for path in sorted(Path(__file__).parent.glob("access_*.py")))

# public: anyone; login: any signed-in user; leader: leaders and admins; admin: admins only;
# evaluator: evaluators (whatever their units) and admins; scoped: writes limited to admins
# and the unit's own evaluators (the walk's evaluator is assigned to another unit).
EXPECT = {
    ("static", "GET"): "public",
    ("auth.login", "GET"): "public",
    ("auth.login", "POST"): "public",
    ("home.set_language", "POST"): "public",
    ("auth.logout", "POST"): "login",
    ("auth.password", "GET"): "login",
    ("auth.password", "POST"): "login",
    ("home.index", "GET"): "login",
    ("units.index", "GET"): "login",
    ("units.tree", "GET"): "login",
    ("units.detail", "GET"): "login",
    ("units.create", "GET"): "admin",
    ("units.create", "POST"): "admin",
    ("units.edit", "GET"): "admin",
    ("units.edit", "POST"): "admin",
    ("units.toggle_active", "POST"): "admin",
    ("units.add_service", "POST"): "admin",
    ("periods.index", "GET"): "login",
    ("periods.create", "POST"): "admin",
    ("periods.toggle_lock", "POST"): "leader",
    ("users.index", "GET"): "admin",
    ("users.create", "GET"): "admin",
    ("users.create", "POST"): "admin",
    ("users.edit", "GET"): "admin",
    ("users.edit", "POST"): "admin",
    ("users.reset_password", "POST"): "admin",
    ("users.api_token", "GET"): "login",
    ("users.api_token", "POST"): "login",
    ("indicators.index", "GET"): "login",
    ("indicators.create", "GET"): "admin",
    ("indicators.create", "POST"): "admin",
    ("indicators.edit", "GET"): "admin",
    ("indicators.edit", "POST"): "admin",
    ("indicators.grid", "GET"): "login",
    ("indicators.grid", "POST"): "scoped",
    ("indicators.approvals", "GET"): "leader",
    ("indicators.approvals", "POST"): "leader",
    ("audit_log.index", "GET"): "admin",
    ("api.units", "GET"): "login",
    ("api.unit", "GET"): "login",
    ("api.periods", "GET"): "login",
    ("api.indicators", "GET"): "login",
    ("api.values", "GET"): "login",
    ("api.put_value", "POST"): "scoped",
    ("api.openapi", "GET"): "login",
    ("api.run_scores", "GET"): "login",
    ("api.unit_explanation", "GET"): "login",
    ("rankings.index", "GET"): "login",
    ("rankings.run", "GET"): "login",
    ("rankings.start_run", "POST"): "leader",
    ("rankings.make_official", "POST"): "leader",
    ("rankings.unit", "GET"): "login",
    ("rankings.methodology", "GET"): "login",
    ("rankings.whatif", "GET"): "leader",
    ("rankings.whatif", "POST"): "leader",
}

for _feature in FEATURES:
    EXPECT.update(_feature.EXPECT)

ROLES = ("anonymous", "viewer", "evaluator_other", "leader", "admin")


def _allowed(access: str, role: str) -> bool:
    return {
        "public": True,
        "login": role != "anonymous",
        "leader": role in ("leader", "admin"),
        "admin": role == "admin",
        "evaluator": role in ("evaluator_other", "admin"),
        "scoped": role == "admin",
    }[access]


@pytest.fixture
def world(make_unit, make_user, make_period, make_indicator, make_value):
    """Two units; the evaluator may edit only the first, every URL targets the second."""
    own, target = make_unit(code="OWN"), make_unit(code="TARGET")
    period = make_period()
    indicator = make_indicator(code="ipp_test")
    make_value(target, period, indicator, 40.0, "submitted")
    ipp = make_indicator(code="ipp", min_value=0, max_value=5)
    make_value(target, period, ipp, 4.0, "approved")
    make_value(own, period, ipp, 3.0, "approved")
    run = operations.run_scheme(operations.ensure_default_scheme(), period, None)
    db.session.commit()
    users = {
        "viewer": make_user("viewer"),
        "evaluator_other": make_user("evaluator", units=[own]),
        "leader": make_user("leader"),
        "admin": make_user("admin"),
    }
    args = {"unit_id": target.id, "period_id": period.id, "indicator_id": indicator.id,
            "run_id": run.id, "scheme_id": run.scheme_id,
            "user_id": users["viewer"].id, "code": "id", "filename": "app.css"}
    for feature in FEATURES:
        args.update(feature.make_args(target, period, users))
    bodies = {
        "indicators.grid": {"data": {"period": period.id, f"v-{target.id}-{indicator.id}": "55"}},
        "indicators.approvals": {"data": {"period": period.id, "unit_id": target.id}},
        "rankings.start_run": {"data": {"period": period.id}},
        "rankings.whatif": {"data": {"period": period.id}},
        "api.put_value": {"json": {"unit_id": target.id, "period_id": period.id,
                                   "indicator": "ipp_test", "value": 55}},
    }
    for feature in FEATURES:
        bodies.update(feature.BODIES)
    return users, args, bodies, (target.id, period.id, indicator.id)


def _rules(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_route_has_an_expectation(app):
    missing = [(r.endpoint, m) for r, m in _rules(app) if (r.endpoint, m) not in EXPECT]
    stale = set(EXPECT) - {(r.endpoint, m) for r, m in _rules(app)}
    assert not missing, f"routes without an access expectation: {missing}"
    assert not stale, f"expectations for routes that no longer exist: {stale}"


def _grid_value(ids):
    from sqlalchemy import select

    from models import IndicatorValue

    unit_id, period_id, indicator_id = ids
    return db.session.scalar(select(IndicatorValue.value).where(
        IndicatorValue.unit_id == unit_id, IndicatorValue.period_id == period_id,
        IndicatorValue.indicator_id == indicator_id))


@pytest.mark.parametrize("role", ROLES)
def test_route_access(app, client, world, role):
    users, args, bodies, target_cell = world
    if role != "anonymous":
        login(client, users[role])
    checked = 0
    # Sign-out last, or it would sign the client out halfway through the walk.
    for rule, method in sorted(_rules(app), key=lambda rm: rm[0].endpoint == "auth.logout"):
        access = EXPECT[(rule.endpoint, method)]
        with app.test_request_context():
            url = app.url_for(rule.endpoint, **{k: args[k] for k in rule.arguments})
        response = client.open(url, method=method, **bodies.get(rule.endpoint, {}))
        status = response.status_code
        response.close()
        where = f"{method} {url} as {role}"
        if _allowed(access, role):
            assert status < 400, f"{where}: expected access, got {status}"
        elif role == "anonymous":
            expected = 401 if url.startswith("/api/") else 302
            assert status == expected, f"{where}: expected {expected}, got {status}"
            if status == 302:
                assert "/auth/login" in response.headers["Location"], where
        elif rule.endpoint == "indicators.grid":
            # The grid page is open to every signed-in user, but the cell outside the user's
            # scope must be refused and stay unchanged.
            assert status == 200, where
            assert _grid_value(target_cell) == 40.0, f"{where}: value changed"
        else:
            assert status == 403, f"{where}: expected 403, got {status}"
        checked += 1
    assert checked == len(EXPECT)
