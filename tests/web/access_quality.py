"""Access expectations for the data-quality panel (merged by test_access_control.py)."""

EXPECT: dict[tuple[str, str], str] = {
    ("quality.index", "GET"): "login",
}
BODIES: dict[str, dict] = {}


def make_args(target_unit, period, users) -> dict:
    """The panel needs no records of its own."""
    return {}

