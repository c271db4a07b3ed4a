"""Reads of the innovation registry: filtered lists, verdicts, linked evalsys values."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import IndicatorValue, Period, Unit, db
from models.innovation import SECTIONS, Competition, CompetitionEntry, Innovation
from scoring.innovation import MIN_YEARS_2021, Facts, Reason, completeness, eligibility


@dataclass
class Verdict:
    """The administrative check of one innovation against one rule set."""

    label: str
    on: date
    eligibility: list[Reason]
    completeness: list[Reason]

    @property
    def ok(self) -> bool:
        """True when nothing stands in the way of entering."""
        return not self.eligibility and not self.completeness


def facts_of(innovation: Innovation) -> Facts:
    """Return what the eligibility check needs from an innovation."""
    return Facts(innovation.group, innovation.stage, innovation.implemented_on,
                 bool(innovation.prior_top), innovation.replicated_from)


def verdict(innovation: Innovation, competition: Competition | None = None,
            on: date | None = None) -> Verdict:
    """Check an innovation against a competition's rules, or KIPP 2021's as of today."""
    if competition is None:
        label, when, min_years, limit = "KIPP 2021", on or date.today(), MIN_YEARS_2021, None
    else:
        label, when = competition.name, competition.reference_date
        min_years, limit = competition.min_years or MIN_YEARS_2021, competition.word_limit
    required = SECTIONS.get(innovation.group, SECTIONS["umum"])
    return Verdict(label, when, eligibility(facts_of(innovation), when, min_years),
                   completeness(innovation.sections or {}, required, limit))


def registry(filters: dict) -> list[tuple[Innovation, Verdict]]:
    """Return innovations matching the filters, each with its KIPP 2021 verdict (one query)."""
    query = (select(Innovation).join(Unit, Innovation.unit_id == Unit.id)
             .options(selectinload(Innovation.unit)).order_by(Unit.name, Innovation.name))
    if filters.get("unit"):
        query = query.where(Innovation.unit_id == filters["unit"])
    if filters.get("group"):
        query = query.where(Innovation.group == filters["group"])
    if filters.get("stage"):
        query = query.where(Innovation.stage == filters["stage"])
    rows = [(i, verdict(i)) for i in db.session.scalars(query)]
    wanted = filters.get("eligible")
    if wanted in ("1", "0"):
        rows = [(i, v) for i, v in rows if v.ok == (wanted == "1")]
    return rows


def units_with_innovations() -> list[Unit]:
    """Return the units that have at least one innovation, for the filter."""
    return list(db.session.scalars(select(Unit).where(Unit.id.in_(
        select(Innovation.unit_id))).order_by(Unit.name)))


def service_units(ids: set[int] | None) -> list[Unit]:
    """Return service units, limited to ``ids`` unless None (every unit)."""
    query = select(Unit).where(Unit.level == "unit", Unit.is_active.is_(True))
    if ids is not None:
        query = query.where(Unit.id.in_(ids or {-1}))
    return list(db.session.scalars(query.order_by(Unit.name)))


def entries_of(innovation: Innovation) -> list[CompetitionEntry]:
    """Return the competitions the innovation is entered in (one query)."""
    return list(db.session.scalars(
        select(CompetitionEntry).where(CompetitionEntry.innovation_id == innovation.id)
        .options(selectinload(CompetitionEntry.competition))))


def periods() -> list[Period]:
    """Return every period, newest first."""
    return list(db.session.scalars(select(Period).order_by(Period.end_date.desc())))


def stored_values(unit_id: int, indicator_id: int, period_ids: list[int]
                  ) -> dict[int, IndicatorValue]:
    """Return the unit's stored values of one indicator for some periods, keyed by period."""
    rows = db.session.scalars(select(IndicatorValue).where(
        IndicatorValue.unit_id == unit_id, IndicatorValue.indicator_id == indicator_id,
        IndicatorValue.period_id.in_(period_ids)).options(selectinload(IndicatorValue.period)))
    return {v.period_id: v for v in rows}
