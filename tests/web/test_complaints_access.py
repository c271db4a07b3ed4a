"""The complaint routes' access expectations, walked on their own.

test_access_control.py walks every feature at once; this walk covers only complaints.* so the
feature's expectations stay checked while other features are still being built.
"""

import pytest

from models import db
from models.complaint import Complaint, ComplaintEvent
from tests.conftest import login
from tests.web import access_complaints
from tests.web.test_access_control import ROLES, _allowed


@pytest.fixture
def world(make_unit, make_user, make_period):
    own, target = make_unit(code="OWN"), make_unit(code="TARGET")
    period = make_period()
    users = {"viewer": make_user("viewer"), "evaluator_other": make_user("evaluator", units=[own]),
             "leader": make_user("leader"), "admin": make_user("admin")}
    args = {"unit_id": target.id, "period_id": period.id,
            **access_complaints.make_args(target, period, users)}
    return users, args, access_complaints.BODIES


def _rules(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if rule.endpoint.startswith("complaints."):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def test_every_complaint_route_has_an_expectation(app):
    found = {(r.endpoint, m) for r, m in _rules(app)}
    assert found == set(access_complaints.EXPECT)


@pytest.mark.parametrize("role", ROLES)
def test_complaint_route_access(app, client, world, role):
    users, args, bodies = world
    if role != "anonymous":
        login(client, users[role])
    for rule, method in _rules(app):
        access = access_complaints.EXPECT[(rule.endpoint, method)]
        with app.test_request_context():
            url = app.url_for(rule.endpoint, **{k: args[k] for k in rule.arguments})
        response = client.open(url, method=method, **bodies.get(rule.endpoint, {}))
        status, where = response.status_code, f"{method} {url} as {role}"
        response.close()
        if _allowed(access, role):
            assert status < 400, f"{where}: expected access, got {status}"
        elif role == "anonymous":
            assert status == 302 and "/auth/login" in response.headers["Location"], where
        else:
            assert status == 403, f"{where}: expected 403, got {status}"
    complaint = db.session.get(Complaint, args["complaint_id"])
    statuses = [e.status for e in db.session.query(ComplaintEvent).filter_by(
        complaint_id=complaint.id)]
    # Only an admin's walk may change the target unit's complaint.
    assert statuses == (["diterima", "diverifikasi"] if role == "admin" else ["diterima"])
