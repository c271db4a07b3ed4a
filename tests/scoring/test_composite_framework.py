"""Framework validation: clear ValueErrors for every malformed tree."""

import numpy as np
import pandas as pd
import pytest

from scoring.composite import build_index, framework_from_coinr, validate_framework

from .test_composite import CASE, FRAMEWORK


def _framework_with(changes):
    framework = FRAMEWORK.copy()
    for (code, column), value in changes.items():
        framework.loc[framework["code"] == code, column] = value
    return framework


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({("x1", "parent"): "PX"}, r"unknown parent code\(s\): \['PX'\]"),
        ({("IDX", "parent"): "P1"}, "cycle: "),
        ({("x2", "weight"): -1.0}, r"must not be negative; negative for \['x2'\]"),
        ({("x2", "weight"): np.nan}, "finite"),
        ({("x2", "direction"): 0}, r"direction must be \+1 or -1"),
        ({("P2", "parent"): None}, "exactly one root"),
        ({("P1", "level"): 1}, "higher level than its child"),
    ],
)
def test_framework_errors(changes, message):
    with pytest.raises(ValueError, match=message):
        validate_framework(_framework_with(changes))


def test_cycle_message_names_the_loop():
    framework = _framework_with({("IDX", "parent"): "P1"})
    framework.loc[framework["code"] == "P1", "parent"] = "IDX"
    with pytest.raises(ValueError, match=r"cycle: (P1 -> IDX -> P1|IDX -> P1 -> IDX)"):
        validate_framework(framework)


def test_data_and_framework_must_match():
    with pytest.raises(ValueError, match=r"missing from the framework: \['x4'\]"):
        build_index(CASE.assign(x4=1.0), FRAMEWORK)
    with pytest.raises(ValueError, match=r"missing from the data: \['x3'\]"):
        build_index(CASE.drop(columns="x3"), FRAMEWORK)
    with pytest.raises(ValueError, match="lacks the column"):
        build_index(CASE, FRAMEWORK.drop(columns="direction"))
    with pytest.raises(ValueError, match="numeric"):
        build_index(CASE.assign(x3="a"), FRAMEWORK)


def test_duplicate_codes_and_childless_aggregates():
    with pytest.raises(ValueError, match="unique"):
        validate_framework(pd.concat([FRAMEWORK, FRAMEWORK.iloc[[0]]]))
    extra = pd.DataFrame([{"code": "P3", "parent": "IDX", "level": 2, "weight": 1, "direction": 1}])
    with pytest.raises(ValueError, match=r"without children: \['P3'\]"):
        validate_framework(pd.concat([FRAMEWORK, extra]))


def test_framework_object_is_reusable_and_ordered():
    framework = validate_framework(FRAMEWORK)
    assert framework.indicators == ("x1", "x2", "x3")
    assert framework.aggregates == ("P1", "P2", "IDX")
    assert framework.root == "IDX"
    assert framework.children["P1"] == ("x1", "x2")
    assert (
        build_index(CASE, framework).score.tolist() == build_index(CASE, FRAMEWORK).score.tolist()
    )


def test_framework_from_coinr_renames_and_filters():
    imeta = pd.DataFrame(
        {
            "Level": [1.0, 1.0, 2.0, np.nan],
            "iCode": ["a", "b", "Index", "Area"],
            "iName": ["A", "B", "The index", "Area"],
            "Direction": [1.0, -1.0, 1.0, np.nan],
            "Weight": [1.0, 2.0, 1.0, np.nan],
            "Parent": ["Index", "Index", np.nan, np.nan],
            "Type": ["Indicator", "Indicator", "Aggregate", "Denominator"],
        }
    )
    framework = framework_from_coinr(imeta)
    assert framework["code"].tolist() == ["a", "b", "Index"]
    assert framework["level"].tolist() == [1, 1, 2]
    assert validate_framework(framework).direction == {"a": 1, "b": -1}
    with pytest.raises(ValueError, match="iMeta lacks"):
        framework_from_coinr(imeta.drop(columns="Parent"))
