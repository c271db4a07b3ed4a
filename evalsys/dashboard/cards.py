"""Headline cards: the kabupaten's figures for a period, their change and their target.

The figures are computed from the values a ranking counts (submitted or approved) of active
service units, so they agree with the league table below them.
"""

from contextlib import suppress

from flask_babel import lazy_gettext as _l

from scoring.skm import grade_ikm
from scoring.targets import percent_achieved

# (indicator code, label, how the units' values combine, decimals, unit shown after the value)
CARDS = (
    ("ikm", _l("Rata-rata IKM"), "mean", 2, ""),
    ("sla_resolution_pct", _l("Pengaduan selesai tepat waktu"), "mean", 1, "%"),
    ("staff_shortage", _l("Kekurangan pegawai (ABK)"), "total", 0, _l("pegawai")),
    ("sp_coverage_pct", _l("Cakupan standar pelayanan"), "mean", 1, "%"),
)
# When no unit has a computed shortage yet, the staffing card falls back to the ratio.
STAFFING_FALLBACK = ("staffing_ratio", _l("Rasio pemenuhan pegawai (ABK)"), "mean", 2, "")
CODES = [c[0] for c in CARDS] + [STAFFING_FALLBACK[0]]


def units_card(now: int | None, total: int, before: int | None) -> dict:
    """Return the "units evaluated" card: ranked units of the run and of the previous run."""
    return {"key": "units", "label": _l("Unit dievaluasi"), "value": now, "decimals": 0,
            "unit": "", "previous": before, "delta": _delta(now, before), "better": None,
            "n": total, "how": "count"}


def build_cards(agg: dict, period_id: int, previous_id: int | None, catalogue: dict,
                book) -> list[dict]:
    """Return the indicator cards (IKM, SLA, staffing, standards) with change and target."""
    cards = []
    for spec in CARDS:
        if spec[0] == "staff_shortage" and (period_id, spec[0]) not in agg \
                and (period_id, STAFFING_FALLBACK[0]) in agg:
            spec = STAFFING_FALLBACK
        cards.append(_card(spec, agg, period_id, previous_id, catalogue.get(spec[0]), book))
    return cards


def _card(spec, agg, period_id, previous_id, indicator, book) -> dict:
    code, label, how, decimals, unit = spec
    now, before = agg.get((period_id, code)), agg.get((previous_id, code))
    value = now[how] if now else None
    previous = before[how] if before else None
    direction = indicator["direction"] if indicator else 1
    delta = _delta(value, previous, decimals)
    card = {"key": code, "label": label, "value": value, "decimals": decimals, "unit": unit,
            "previous": previous, "delta": delta, "how": how, "n": now["n"] if now else 0,
            "better": None if not delta else (delta > 0) == (direction > 0)}
    if code == "ikm" and value is not None:
        # Outside 25–100 is a data error the quality panel shows; the card shows no grade.
        with suppress(ValueError):
            card["grade"], card["grade_label"] = grade_ikm(value)
    target = book.lookup(indicator["id"]) if indicator and book is not None else None
    if target is not None:
        card.update(target=target.target, target_source=target.source_document,
                    pct=percent_achieved(value, target.target, direction))
    return card


def _delta(now, before, decimals: int = 0):
    """Return the change rounded as it is shown, so "naik 0,0" never appears."""
    return None if now is None or before is None else round(now - before, decimals) + 0.0
