"""Achievement of a target (capaian kinerja), METHODOLOGY §9: realisasi ÷ target × 100.

For an indicator where lower is better (days to resolve a complaint) the ratio is inverted,
target ÷ realisasi × 100, so 100 % still means "on target" and more is still better.
"""

import math

import numpy as np


def percent_achieved(realisation: float | None, target: float | None,
                     direction: int = 1) -> float | None:
    """Return % of target achieved, or None when either number is missing or undefined."""
    if realisation is None or target is None:
        return None
    if not (math.isfinite(realisation) and math.isfinite(target)):
        return None
    if direction >= 0:
        return None if target == 0 else _finite(100.0 * realisation / target)
    if realisation == 0:
        return None if target != 0 else 100.0
    return _finite(100.0 * target / realisation)


def _finite(value: float) -> float | None:
    """Return the value, or None when it overflowed (a ratio of extreme numbers is undefined)."""
    return value if math.isfinite(value) else None


def realisation(values, unit=None, unit_type=None) -> tuple[float | None, int]:
    """Return the realisation of a target's scope and how many units it rests on.

    Parameters
    ----------
    values : pandas.DataFrame
        One indicator's values of a year: columns ``unit``, ``unit_type``, ``value``, one row
        per unit and period (NaN = missing).
    unit, unit_type : optional
        The target's scope: one unit, every unit of a type, or (both None) every unit.

    Returns
    -------
    tuple
        (mean over the units of each unit's mean over the year's periods, number of units);
        (None, 0) when no value falls in the scope. Averaging per unit first keeps a unit
        with two semesters from weighing twice as much as a unit with one.
    """
    # NaN is missing; an infinite value cannot be a realisation either.
    data = values[np.isfinite(values["value"].astype(float))]
    if unit is not None:
        data = data[data["unit"] == unit]
    elif unit_type is not None:
        data = data[data["unit_type"] == unit_type]
    if data.empty:
        return None, 0
    per_unit = data.groupby("unit")["value"].mean()
    mean = float(per_unit.mean())
    return (mean, int(per_unit.size)) if math.isfinite(mean) else (None, 0)
