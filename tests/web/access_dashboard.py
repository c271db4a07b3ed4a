"""Access expectations of the leadership dashboard (merged by test_access_control.py).

Every signed-in role may read the dashboard, as every role may read the league table on the
rankings page: the figures are the kabupaten's published evaluation, not personal data.
"""

EXPECT: dict[tuple[str, str], str] = {
    ("dashboard.index", "GET"): "login",
    ("dashboard.league_json", "GET"): "login",
}
BODIES: dict[str, dict] = {}


def make_args(target_unit, period, users) -> dict:
    """The dashboard needs no records of its own; the walk's run and period are enough."""
    return {}
