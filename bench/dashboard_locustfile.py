"""Locust users of bench/dashboard_bench.py: leaders who sign in, then read the dashboard.

Each user signs in once through the real login form (CSRF token parsed from the page), then
alternates the dashboard page and the league-table JSON with the filters leaders use most.
Requests are grouped per endpoint in the statistics (name=...).
"""

import os
import random
import re

from locust import HttpUser, between, task

USERNAME = os.environ.get("BENCH_USERNAME", "pimpinan")
PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-password")
PAGE_QUERIES = ("", "", "", "view=ends", "type=puskesmas", "sort=change&dir=desc", "page=2",
                "targets=1", "avg=below", "q=kelurahan")
JSON_QUERIES = ("", "", "type=puskesmas", "view=ends", "sort=change&dir=desc", "targets=1")


class Leader(HttpUser):
    """A leader with a signed-in session reading the dashboard."""

    wait_time = between(0, 0.05)

    def on_start(self):
        page = self.client.get("/auth/login", name="/auth/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
        response = self.client.post("/auth/login", name="/auth/login", allow_redirects=False,
                                    data={"username": USERNAME, "password": PASSWORD,
                                          "csrf_token": token})
        if response.status_code != 302:
            raise RuntimeError(f"login failed: {response.status_code}")

    @task(1)
    def dashboard(self):
        query = random.choice(PAGE_QUERIES)
        self.client.get(f"/dashboard/?{query}", name="/dashboard/")

    @task(1)
    def league_json(self):
        query = random.choice(JSON_QUERIES)
        self.client.get(f"/dashboard/league.json?{query}", name="/dashboard/league.json")
