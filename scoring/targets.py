"""Achievement of a target (capaian kinerja), METHODOLOGY §9: realisasi ÷ target × 100.

For an indicator where lower is better (days to resolve a complaint) the ratio is inverted,
target ÷ realisasi × 100, so 100 % still means "on target" and more is still better.
"""

import math


def percent_achieved(realisation: float | None, target: float | None,
                     direction: int = 1) -> float | None:
    """Return % of target achieved, or None when either number is missing or undefined."""
    if realisation is None or target is None:
        return None
    if not (math.isfinite(realisation) and math.isfinite(target)):
        return None
    if direction >= 0:
        return None if target == 0 else 100.0 * realisation / target
    if realisation == 0:
        return None if target != 0 else 100.0
    return 100.0 * target / realisation
