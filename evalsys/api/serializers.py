"""Turn models into plain dicts for the JSON API."""

from models import Indicator, IndicatorValue, Period, Unit


def unit_dict(unit: Unit) -> dict:
    """Return the public fields of a unit."""
    return {"id": unit.id, "code": unit.code, "name": unit.name, "level": unit.level,
            "unit_type": unit.unit_type, "parent_id": unit.parent_id,
            "timezone": unit.timezone, "is_active": unit.is_active}


def period_dict(period: Period) -> dict:
    """Return the public fields of a period."""
    return {"id": period.id, "code": period.code, "kind": period.kind, "year": period.year,
            "number": period.number, "start_date": period.start_date.isoformat(),
            "end_date": period.end_date.isoformat(), "is_locked": period.is_locked}


def indicator_dict(indicator: Indicator) -> dict:
    """Return the public fields of an indicator."""
    return {"id": indicator.id, "code": indicator.code, "name_id": indicator.name_id,
            "name_en": indicator.name_en, "direction": indicator.direction,
            "unit_of_measure": indicator.unit_of_measure, "source": indicator.source,
            "min_value": indicator.min_value, "max_value": indicator.max_value,
            "legal_basis": indicator.legal_basis}


def value_dict(value: IndicatorValue) -> dict:
    """Return the public fields of an indicator value."""
    return {"id": value.id, "unit_id": value.unit_id, "period_id": value.period_id,
            "indicator_id": value.indicator_id, "value": value.value, "status": value.status,
            "version": value.version, "provenance": value.provenance, "comment": value.comment}
