"""Locust users of bench/load_bench.py: leaders read, citizens answer surveys, evaluators save.

The plan (JSON, path in BENCH_PLAN) is written by load_bench.py: survey link tokens, the
evaluators' API tokens with the cells they may fill, and the periods to read. Every request is
named by endpoint for the statistics; responses of 500 and above are counted separately and
written to BENCH_RESULT when locust stops. A 409 (someone else saved the same value at the
same moment) is a correct answer under concurrent load and is not a failure.
"""

import json
import os
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, between, events, task

with open(os.environ["BENCH_PLAN"]) as _plan:
    PLAN = json.load(_plan)
SERVER_ERRORS: dict[str, int] = {}


@events.request.add_listener
def _count_5xx(request_type, name, response, **_kwargs):
    if response is not None and response.status_code >= 500:
        SERVER_ERRORS[name] = SERVER_ERRORS.get(name, 0) + 1


@events.quitting.add_listener
def _write_result(environment, **_kwargs):
    with open(os.environ["BENCH_RESULT"], "w") as handle:
        json.dump({"server_errors": SERVER_ERRORS}, handle)


class _FormFields(HTMLParser):
    """Collect a form's fields: radio options, select options, checkboxes, hidden inputs."""

    def __init__(self):
        super().__init__()
        self.radios, self.selects, self.fixed, self._select = {}, {}, {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "radio":
            self.radios.setdefault(a["name"], []).append(a["value"])
        elif tag == "input" and a.get("type") in ("hidden", "checkbox") and a.get("name"):
            self.fixed[a["name"]] = a.get("value") or "y"
        elif tag == "select":
            self._select = a.get("name")
            self.selects[self._select] = []
        elif tag == "option" and self._select and a.get("value"):
            self.selects[self._select].append(a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def answers(html: str) -> dict:
    """Fill the public survey form as a citizen would: every question, random choices."""
    fields = _FormFields()
    fields.feed(html)
    data = dict(fields.fixed)
    data.update({name: random.choice(values) for name, values in fields.radios.items()})
    data.update({name: random.choice(values) for name, values in fields.selects.items()
                 if values})
    return data


class Leader(HttpUser):
    """A leader signed in through the login form, reading dashboard, league and rankings."""

    weight = 3
    wait_time = between(0.2, 1.0)

    def on_start(self):
        page = self.client.get("/auth/login", name="/auth/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
        self.client.post("/auth/login", name="/auth/login", data={
            "username": PLAN["leader"], "password": PLAN["password"], "csrf_token": token})

    @task(3)
    def dashboard(self):
        self.client.get(f"/dashboard/?period={PLAN['ranked_period']}", name="/dashboard/")

    @task(3)
    def league_json(self):
        self.client.get(f"/dashboard/league.json?period={PLAN['ranked_period']}",
                        name="/dashboard/league.json")

    @task(2)
    def rankings(self):
        self.client.get(f"/rankings/?period={PLAN['ranked_period']}", name="/rankings/")


class Citizen(HttpUser):
    """A citizen scanning a unit's QR code: a new browser each time, one answer each."""

    weight = 3
    wait_time = between(0.5, 2.0)

    @task
    def answer_survey(self):
        self.client.cookies.clear()  # a different person, hence not a duplicate answer
        token = random.choice(PLAN["survey_tokens"])
        page = self.client.get(f"/survei/{token}", name="/survei/<token> GET")
        with self.client.post(f"/survei/{token}", data=answers(page.text),
                              name="/survei/<token> POST", allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"survey not stored: {response.status_code}")


class Evaluator(HttpUser):
    """An evaluator saving indicator values through the API with a bearer token."""

    weight = 2
    wait_time = between(0.2, 1.0)

    def on_start(self):
        self.me = random.choice(PLAN["evaluators"])

    @task
    def save_value(self):
        unit_id = random.choice(self.me["units"])
        code, low, high = random.choice(PLAN["indicators"])
        body = {"unit_id": unit_id, "period_id": PLAN["open_period"], "indicator": code,
                "value": round(random.uniform(low, high), 1)}
        with self.client.post("/api/v1/values", json=body, name="/api/v1/values POST",
                              headers={"Authorization": f"Bearer {self.me['token']}"},
                              catch_response=True) as response:
            if response.status_code in (200, 409):
                response.success()
