"""Read targets: one query per year, then resolve the most specific target per unit."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from models import db
from models.target import IndicatorTarget


@dataclass
class TargetBook:
    """A year's targets, looked up per indicator and unit: unit > unit type > everyone."""

    year: int
    by_unit: dict[tuple[int, int], IndicatorTarget] = field(default_factory=dict)
    by_type: dict[tuple[int, str], IndicatorTarget] = field(default_factory=dict)
    general: dict[int, IndicatorTarget] = field(default_factory=dict)

    def lookup(self, indicator_id: int, unit_id: int | None = None,
               unit_type: str | None = None) -> IndicatorTarget | None:
        """Return the target that applies to a unit (or the general one without a unit)."""
        return (self.by_unit.get((indicator_id, unit_id or 0))
                or self.by_type.get((indicator_id, unit_type or ""))
                or self.general.get(indicator_id))


def load_targets(year: int, indicator_ids: Iterable[int] | None = None) -> TargetBook:
    """Load every target of a year (optionally of some indicators) in one query."""
    query = select(IndicatorTarget).where(IndicatorTarget.year == year)
    if indicator_ids is not None:
        query = query.where(IndicatorTarget.indicator_id.in_(list(indicator_ids)))
    book = TargetBook(year)
    for target in db.session.scalars(query):
        if target.unit_id:
            book.by_unit[(target.indicator_id, target.unit_id)] = target
        elif target.unit_type:
            book.by_type[(target.indicator_id, target.unit_type)] = target
        else:
            book.general[target.indicator_id] = target
    return book
