"""Access expectations for the targets (IKU) routes (merged by test_access_control.py)."""

from models import db
from models.target import IndicatorTarget

EXPECT: dict[tuple[str, str], str] = {
    ("targets.index", "GET"): "login",
    ("targets.create", "GET"): "admin",
    ("targets.create", "POST"): "admin",
    ("targets.edit", "GET"): "admin",
    ("targets.edit", "POST"): "admin",
    # Named "remove" so the walk (sorted by endpoint) deletes after it has edited.
    ("targets.remove", "POST"): "admin",
}
BODIES: dict[str, dict] = {}


def make_args(target_unit, period, users) -> dict:
    """Create a unit-scoped target on the target unit for one of the walk's indicators."""
    row = IndicatorTarget(indicator_id=_indicator_id(), year=period.year, unit_id=target_unit.id,
                          target=4.0, baseline=3.5, baseline_year=2021,
                          source_document="Perjanjian Kinerja 2025")
    db.session.add(row)
    db.session.commit()
    form = {"indicator_id": row.indicator_id, "year": str(period.year), "target": "4,2",
            "unit_type": "", "unit_id": "0", "source_document": "Renstra 2021–2026"}
    BODIES.update({"targets.create": {"data": form},
                   "targets.edit": {"data": dict(form, unit_id=str(target_unit.id))}})
    return {"target_id": row.id}


def _indicator_id() -> int:
    from sqlalchemy import select

    from models import Indicator

    return db.session.scalar(select(Indicator.id).where(Indicator.code == "ipp"))
