"""schemathesis against /api/v1/openapi.json, in-process through the WSGI app.

Signed in with a bearer token on a small dataset, every operation of the spec is called with
generated parameters and bodies: no 5xx, and every response conforms to the schema.
"""

from collections import Counter

import schemathesis
from hypothesis import given, settings
from schemathesis import checks
from schemathesis.specs.openapi import checks as openapi_checks

from evalsys.users.operations import issue_api_token
from models import db

from .strategies import DB

API = settings(DB, max_examples=20)
CHECKS = [checks.not_a_server_error, openapi_checks.status_code_conformance,
          openapi_checks.content_type_conformance, openapi_checks.response_schema_conformance]


def test_every_operation_conforms_to_the_spec(app, make_unit, make_user, make_period,
                                              make_indicator, make_value):
    unit = make_unit(code="PKM-A")
    period = make_period()
    make_value(unit, period, make_indicator(code="ikm_manual"), value=81.5)
    admin = make_user("admin")
    token = issue_api_token(admin)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, headers=headers)
    failures, statuses = [], Counter()
    for result in schema.get_all_operations():
        operation = result.ok()

        @API
        @given(case=operation.as_strategy())
        def call(case):
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            statuses[response.status_code] += 1

        try:
            call()
        except Exception as err:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {type(err).__name__}: {str(err)[:1500]}")
    assert not failures, "\n\n".join(failures)
    assert statuses[200] > 10, statuses  # the token worked: the operations really ran


def test_ids_past_bigint_are_not_found_not_a_crash(app, client, make_user):
    token = issue_api_token(make_user("admin"))
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    for path in ("/api/v1/units/9223372036854775808", "/api/v1/runs/99999999999999999999/scores",
                 "/api/v1/runs/9223372036854775808/report.xlsx"):
        response = client.get(path, headers=headers)
        assert response.status_code == 404, path
