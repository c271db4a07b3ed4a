"""The JSON API: session and token auth, scope on writes, JSON errors, the OpenAPI document."""

import re

import pytest

from evalsys.users.operations import issue_api_token
from models import db
from tests.conftest import login


@pytest.fixture
def data(make_unit, make_user, make_period, make_indicator):
    mine, other = make_unit(code="MINE", unit_type="puskesmas"), make_unit(code="OTHER",
                                                                         unit_type="kelurahan")
    period = make_period()
    indicator = make_indicator(code="ipp", min_value=0, max_value=5)
    evaluator = make_user("evaluator", units=[mine])
    token = issue_api_token(evaluator)
    db.session.commit()
    return mine, other, period, indicator, evaluator, token


def test_reads_need_authentication(client, data):
    response = client.get("/api/v1/units")
    assert response.status_code == 401
    assert response.json["message"]


def test_token_auth_lists_units_with_filters(client, data):
    *_rest, token = data
    headers = {"Authorization": f"Bearer {token}"}
    body = client.get("/api/v1/units?type=puskesmas", headers=headers).json
    assert [u["code"] for u in body["items"]] == ["MINE"]
    assert client.get("/api/v1/units", headers={"Authorization": "Bearer wrong"}
                      ).status_code == 401


def test_evaluator_writes_in_scope_and_reads_back(client, data):
    mine, other, period, indicator, evaluator, token = data
    headers = {"Authorization": f"Bearer {token}"}
    body = {"unit_id": mine.id, "period_id": period.id, "indicator": "ipp", "value": 3.75}
    written = client.post("/api/v1/values", json=body, headers=headers)
    assert written.status_code == 200, written.json
    assert written.json["value"] == 3.75 and written.json["status"] == "draft"
    listed = client.get(f"/api/v1/values?unit={mine.id}&indicator=ipp", headers=headers).json
    assert [v["value"] for v in listed["items"]] == [3.75]


def test_write_outside_scope_is_forbidden(client, data):
    mine, other, period, indicator, evaluator, token = data
    response = client.post("/api/v1/values", headers={"Authorization": f"Bearer {token}"},
                           json={"unit_id": other.id, "period_id": period.id,
                                 "indicator": "ipp", "value": 3})
    assert response.status_code == 403
    assert "OTHER" in response.json["message"]


@pytest.mark.parametrize(("payload", "status", "fragment"), [
    ({"value": 9}, 422, "antara 0 dan 5"),
    ({"value": "tinggi"}, 422, "bukan angka"),
    ({"value": True}, 422, "value"),
    ({"indicator": "tidak_ada"}, 404, "Indikator"),
    ({"period_id": "satu"}, 422, "period_id"),
])
def test_bad_writes_get_json_errors(client, data, payload, status, fragment):
    mine, _, period, _, _, token = data
    body = {"unit_id": mine.id, "period_id": period.id, "indicator": "ipp", "value": 3}
    body.update(payload)
    response = client.post("/api/v1/values", json=body,
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == status
    assert fragment in response.json["message"]


def test_session_auth_works_for_reads(client, data, make_user):
    login(client, make_user("viewer"))
    assert client.get("/api/v1/periods").json["total"] == 1


def test_openapi_documents_every_api_route(app, client, data, make_user):
    login(client, make_user("viewer"))
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    documented = {("/api/v1" + path, method.upper())
                  for path, ops in spec["paths"].items() for method in ops}
    routes = {(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule), method)
              for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/v1") and rule.endpoint != "api.openapi"
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes <= documented, routes - documented
