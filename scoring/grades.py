"""Category tables of the manual indicators: PEKPPP IPP (A–F) and Ombudsman zones.

Both classify the value rounded half-up to 2 decimals with inclusive lower bounds, the rule
METHODOLOGY.md gives for every regulatory table (§2.4, §5.1, Appendix A).
"""

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple


class Category(NamedTuple):
    """One band of a category table: inclusive lower bound, code and label."""

    lower: float
    code: str
    label: str


# PermenPANRB 29/2022 (and 17/2017): IPP on the 0–5 scale.
IPP_CATEGORIES = (
    Category(4.51, "A", "Pelayanan Prima"),
    Category(4.01, "A-", "Sangat Baik"),
    Category(3.51, "B", "Baik"),
    Category(3.01, "B-", "Baik (Dengan Catatan)"),
    Category(2.51, "C", "Cukup"),
    Category(2.01, "C-", "Cukup (Dengan Catatan)"),
    Category(1.51, "D", "Buruk"),
    Category(1.01, "E", "Sangat Buruk"),
    Category(0.00, "F", "Gagal"),
)

# Ombudsman compliance assessment (2021 announcement): zones on the 0–100 scale.
OMBUDSMAN_ZONES = (
    Category(81.00, "hijau", "Kepatuhan tinggi"),
    Category(51.00, "kuning", "Kepatuhan sedang"),
    Category(0.00, "merah", "Kepatuhan rendah"),
)


def classify(value: float, table: tuple[Category, ...]) -> Category:
    """Return the band of a value, rounded half-up to 2 dp first.

    Parameters
    ----------
    value : float
        The indicator value.
    table : tuple of Category
        Bands ordered from the highest lower bound down.

    Returns
    -------
    Category
        The first band whose lower bound the rounded value reaches.
    """
    if not math.isfinite(value):
        raise ValueError(f"cannot classify {value!r}: not a finite number")
    # Beyond 1e15 a float has no hundredths to round (and Decimal would overflow its precision).
    rounded = value if abs(value) >= 1e15 else float(
        Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    for band in table:
        if rounded >= band.lower:
            return band
    raise ValueError(f"{value} is below the lowest band ({table[-1].lower})")


def grade_ipp(value: float) -> Category:
    """Return the PEKPPP category (A … F) of an IPP value on the 0–5 scale."""
    return classify(value, IPP_CATEGORIES)


def ombudsman_zone(value: float) -> Category:
    """Return the Ombudsman compliance zone (hijau, kuning, merah) of a 0–100 score."""
    return classify(value, OMBUDSMAN_ZONES)
