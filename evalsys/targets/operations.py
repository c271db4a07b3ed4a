"""Create, change and delete targets; flush, never commit."""

from sqlalchemy import select

from models import Indicator, db
from models.target import IndicatorTarget

from ..errors import DomainError

FIELDS = ("indicator_id", "year", "target", "baseline", "baseline_year", "source_document")


def _scope_clash(target: IndicatorTarget, data: dict) -> bool:
    """Return True when another target already has this indicator, year and scope."""
    query = select(IndicatorTarget.id).where(
        IndicatorTarget.indicator_id == data["indicator_id"],
        IndicatorTarget.year == data["year"],
        IndicatorTarget.unit_id.is_(None) if not data["unit_id"]
        else IndicatorTarget.unit_id == data["unit_id"],
        IndicatorTarget.unit_type.is_(None) if not data["unit_type"]
        else IndicatorTarget.unit_type == data["unit_type"])
    if target.id is not None:
        query = query.where(IndicatorTarget.id != target.id)
    return db.session.scalar(query) is not None


def _check_range(indicator: Indicator, value: float | None, label: str) -> None:
    """Refuse a number outside the indicator's valid range."""
    if value is None:
        return
    low, high = indicator.min_value, indicator.max_value
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"{'' if low is None else f'{low:g}'}–{'' if high is None else f'{high:g}'}"
        raise DomainError(f"{label} {value:g} di luar rentang indikator {indicator.code} "
                          f"({bounds.replace('.', ',')}).")


def save_target(target: IndicatorTarget, data: dict) -> IndicatorTarget:
    """Apply form data to a target, refusing duplicates and numbers outside the range."""
    indicator = db.session.get(Indicator, data["indicator_id"])
    if indicator is None:
        raise DomainError("Indikator tidak ditemukan.")
    if data.get("unit_id") and data.get("unit_type"):
        raise DomainError("Pilih jenis unit atau satu unit, tidak keduanya.")
    _check_range(indicator, data["target"], "Target")
    _check_range(indicator, data.get("baseline"), "Baseline")
    if _scope_clash(target, data):
        raise DomainError("Target untuk indikator, tahun dan cakupan ini sudah ada; "
                          "ubah target yang ada.")
    for key in FIELDS:
        setattr(target, key, data.get(key))
    target.source_document = data["source_document"].strip()
    target.unit_id = data.get("unit_id") or None
    target.unit_type = data.get("unit_type") or None
    target.note = (data.get("note") or "").strip() or None
    db.session.add(target)
    db.session.flush()
    return target


def delete_target(target: IndicatorTarget) -> None:
    """Delete a target (the audit log keeps what it was)."""
    db.session.delete(target)
    db.session.flush()
