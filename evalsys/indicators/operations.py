"""Indicator catalogue changes and the queries behind the entry and approval pages."""

from sqlalchemy import Select, func, select

from models import Indicator, IndicatorValue, Period, Unit, db

from ..errors import DomainError
from ..units.operations import filtered_units


def save_indicator(indicator: Indicator, data: dict) -> Indicator:
    """Apply form data to an indicator, refusing a duplicate code."""
    clash = db.session.scalar(select(Indicator.id).where(Indicator.code == data["code"]))
    if clash is not None and clash != indicator.id:
        raise DomainError(f"Kode indikator {data['code']} sudah dipakai.")
    for key in ("code", "name_id", "name_en", "direction", "unit_of_measure", "source",
                "min_value", "max_value", "decimals"):
        setattr(indicator, key, data[key])
    indicator.description = data.get("description") or None
    indicator.legal_basis = data.get("legal_basis") or None
    db.session.add(indicator)
    db.session.flush()
    return indicator


def grid_units(unit_ids: set[int] | None, opd_id: int | None, unit_type: str | None) -> Select:
    """Return the query for the grid's rows: service units in scope, filtered."""
    query = filtered_units(opd_id, unit_type).where(Unit.level == "unit")
    if unit_ids is not None:
        query = query.where(Unit.id.in_(unit_ids))
    return query


def active_indicators() -> list[Indicator]:
    """Return the active indicators in catalogue order (manual first, then computed)."""
    return list(db.session.scalars(select(Indicator).where(Indicator.is_active.is_(True))
                                   .order_by(Indicator.source.desc(), Indicator.code)))


def approval_queue(period: Period, opd_id: int | None = None) -> list[tuple[Unit, int]]:
    """Return units with submitted values in the period and how many each has waiting."""
    query = (select(Unit, func.count(IndicatorValue.id)).join(IndicatorValue)
             .where(IndicatorValue.period_id == period.id, IndicatorValue.status == "submitted")
             .group_by(Unit.id).order_by(Unit.code))
    if opd_id:
        query = query.where(Unit.parent_id == opd_id)
    return [(unit, count) for unit, count in db.session.execute(query)]


def submitted_ids(period: Period, unit_ids: list[int]) -> list[int]:
    """Return the ids of submitted values for the units in the period."""
    return list(db.session.scalars(select(IndicatorValue.id).where(
        IndicatorValue.period_id == period.id, IndicatorValue.unit_id.in_(unit_ids),
        IndicatorValue.status == "submitted")))
