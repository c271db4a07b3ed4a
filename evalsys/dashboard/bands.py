"""Grade bands of the 0–100 composite score, in a colour-blind-safe palette (Okabe–Ito).

The composite is a min–max normalised index: it says how a unit stands against the other
units of the same run, not against a regulation. The bands are therefore a reading aid
chosen for this dashboard (documented on the page), not a legal category like the IKM grade.
The colour never carries the meaning alone: the band letter and words are always written.
"""

from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext


class Band(NamedTuple):
    """One band: inclusive lower bound, letter, words and background colour."""

    lower: float
    code: str
    label: str
    colour: str


BANDS = (
    Band(80.0, "A", _l("Sangat baik"), "#009E73"),
    Band(65.0, "B", _l("Baik"), "#56B4E9"),
    Band(50.0, "C", _l("Cukup"), "#F0E442"),
    Band(35.0, "D", lazy_pgettext("band", "Kurang"), "#E69F00"),
    Band(0.0, "E", _l("Sangat kurang"), "#D55E00"),
)


def band_of(score: float | None) -> Band | None:
    """Return the band of a composite score (None for a unit without a score)."""
    if score is None or score != score:
        return None
    for band in BANDS:
        if round(score, 2) >= band.lower:
            return band
    return BANDS[-1]


BY_CODE = {band.code: band for band in BANDS}


def band_label(code: str | None) -> str:
    """Return a band's words in the current language ("" for no band)."""
    return str(BY_CODE[code].label) if code in BY_CODE else ""
