"""Access expectations for the unit profile and drill-down routes (merged by
test_access_control.py).

Every page is read-only and open to any signed-in user; personal data inside them follow the
complaint and survey pages' own rules (tested in test_profiles.py).
"""

EXPECT: dict[tuple[str, str], str] = {
    ("profiles.unit", "GET"): "login",
    ("profiles.aspect", "GET"): "login",
    ("profiles.indicator", "GET"): "login",
    ("profiles.complaints", "GET"): "login",
}
BODIES: dict[str, dict] = {}


def make_args(target_unit, period, users) -> dict:
    """The access walk's run scores ``ipp`` under the aspect ``penilaian``."""
    return {"aspect_code": "penilaian", "indicator_code": "ipp"}
