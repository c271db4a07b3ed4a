"""Shared hypothesis settings and strategies of hostile cell values for the fuzz tests.

Every test uses `FAST` (pure functions) or `DB` (touches the database): derandomized, so a CI
run is reproducible, and without an example database, so nothing is written to the checkout.
Set HYPOTHESIS_EXPLORE=1 locally to search with fresh random seeds instead.
"""

import math
import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

_EXPLORE = bool(os.environ.get("HYPOTHESIS_EXPLORE"))
FAST = settings(max_examples=80, deadline=None, derandomize=not _EXPLORE, database=None,
                suppress_health_check=[HealthCheck.too_slow])
XLSX = settings(FAST, max_examples=20)  # each example writes and reads a workbook (~0.1 s)
DB = settings(max_examples=25, deadline=None, derandomize=not _EXPLORE, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                     HealthCheck.data_too_large])

FORMULAS = ["=cmd|' /C calc'!A0", "+1", "-1+2", "@SUM(1)", "=HYPERLINK(\"http://x\")",
            "\t=1+1", "\r=1", "=1+1"]
NASTY_TEXT = ["", " ", "\t", "\x00", "a\x00b", "NaN", "nan", "inf", "-inf", "None", "null",
              "1e309", "-0", "0x1F", "٣", "מספר", "العربية\u202e", "😀💥", "\ufeff",
              "\u200b", "x" * 5000, "'; DROP TABLE unit; --", "../../etc/passwd", "1,5", "1.234,5",
              *FORMULAS]
NASTY_FLOATS = [math.nan, math.inf, -math.inf, 0.0, -0.0, 1e308, -1e308, 5e-324, 2.0 ** 63]


def cells() -> st.SearchStrategy:
    """Any value a spreadsheet cell may bring: hostile text, odd numbers, blanks."""
    return st.one_of(
        st.sampled_from(NASTY_TEXT),
        st.text(max_size=40),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from(NASTY_FLOATS),
        st.integers(min_value=-(10 ** 20), max_value=10 ** 20),
        st.none(),
        st.booleans(),
    )


def text_cells() -> st.SearchStrategy:
    """Cells as a CSV carries them: text only."""
    return st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=40),
                     st.floats().map(str), st.integers().map(str))


def finite(value) -> bool:
    """Return True when a stored number is a real, finite number (or absent)."""
    return value is None or (isinstance(value, int | float) and math.isfinite(value))
