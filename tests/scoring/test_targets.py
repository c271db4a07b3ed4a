"""Achievement of a target (METHODOLOGY §9) and the realisation of a target's scope."""

import math

import pandas as pd
import pytest

from scoring.targets import percent_achieved, realisation


def test_higher_is_better_is_realisation_over_target():
    # IKM target 84, realised 81,9 → 97,5 %.
    assert percent_achieved(81.9, 84.0) == pytest.approx(97.5)
    assert percent_achieved(92.4, 84.0, direction=1) == pytest.approx(110.0)


def test_lower_is_better_is_inverted_so_more_is_still_better():
    # Resolution target 10 working days: realised 8 → 125 %, realised 12,5 → 80 %.
    assert percent_achieved(8.0, 10.0, direction=-1) == pytest.approx(125.0)
    assert percent_achieved(12.5, 10.0, direction=-1) == pytest.approx(80.0)


def test_zero_and_missing_numbers_give_no_percentage():
    assert percent_achieved(None, 84.0) is None
    assert percent_achieved(80.0, None) is None
    assert percent_achieved(80.0, 0.0) is None  # undefined: division by a zero target
    assert percent_achieved(float("nan"), 84.0) is None
    assert percent_achieved(0.0, 84.0) == 0.0
    # Lower is better: zero realised against a positive target cannot be expressed as a ratio.
    assert percent_achieved(0.0, 5.0, direction=-1) is None
    assert percent_achieved(0.0, 0.0, direction=-1) == 100.0


def _values():
    return pd.DataFrame({
        "unit": ["A", "A", "B", "C", "D"],
        "unit_type": ["puskesmas", "puskesmas", "puskesmas", "desa", "desa"],
        "value": [80.0, 90.0, 70.0, 60.0, math.nan],
    })


def test_realisation_averages_each_unit_first_then_the_units():
    # A: (80 + 90) / 2 = 85, B 70, C 60 → (85 + 70 + 60) / 3; D has no value.
    assert realisation(_values()) == (pytest.approx(215 / 3), 3)
    assert realisation(_values(), unit_type="puskesmas") == (pytest.approx(77.5), 2)
    assert realisation(_values(), unit="A") == (pytest.approx(85.0), 1)
    assert realisation(_values(), unit="D") == (None, 0)
