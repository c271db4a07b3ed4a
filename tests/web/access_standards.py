"""Access expectations for the standards feature's routes (merged by test_access_control.py).

EXPECT maps (endpoint, method) to public / login / leader / admin / evaluator / scoped
(see test_access_control.py for what each means).
make_args creates this feature's records on the target unit and returns the URL arguments
its routes need; BODIES gives form or JSON bodies per endpoint.
"""

EXPECT: dict[tuple[str, str], str] = {}
BODIES: dict[str, dict] = {}


def make_args(target_unit, period, users) -> dict:
    """Create records the feature's URLs point at; return their URL arguments."""
    return {}
