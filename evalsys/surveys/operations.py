"""Survey writes besides responses: IKM recomputation, sample targets, RTL and publications.

Operations flush and never commit; they raise DomainError subclasses with Indonesian messages.
"""

from datetime import date

from sqlalchemy import select

from models import Indicator, IndicatorValue, Period, db
from models.survey import (
    FOLLOW_UP_STATUSES,
    PUBLICATION_CHANNELS,
    FollowUpAction,
    SurveyPublication,
    SurveyTarget,
)

from ..errors import DomainError, PeriodLocked
from ..indicators.computed import store_computed
from . import aggregate, responses

METHOD = "PermenPANRB 14/2017"


def _check_open(period: Period) -> None:
    if period.is_locked:
        raise PeriodLocked(f"Periode {period.code} terkunci; data SKM tidak dapat diubah.")


def provenance(row) -> dict:
    """Return the provenance of one unit's IKM: method, responses, questionnaire, weights."""
    weights = "1/k" if row.weights is None else {c: round(w, 6) for c, w in row.weights.items()}
    return {"method": METHOD, "responses": int(row.n), "questionnaire": int(row.version),
            "questionnaire_id": int(row.questionnaire_id), "unsur": list(row.codes),
            "weights": weights}


def _stale_units(period: Period, unit_ids, computed: set[int]) -> list[int]:
    """Return units with a stored IKM in the period but no responses any more."""
    query = (select(IndicatorValue.unit_id).join(Indicator)
             .where(Indicator.code == "ikm", IndicatorValue.period_id == period.id,
                    IndicatorValue.value.isnot(None))
             .order_by(IndicatorValue.unit_id))
    if unit_ids is not None:
        query = query.where(IndicatorValue.unit_id.in_(unit_ids))
    return [u for u in db.session.scalars(query) if u not in computed]


def recompute_ikm(period: Period, unit_ids: list[int] | None = None) -> dict:
    """Write the IKM of every unit (or some units) of a period to IndicatorValue "ikm".

    One aggregate query; units whose responses were all removed get an empty value. Returns
    {"units": units computed, "written": values changed, "responses": responses counted}.
    """
    _check_open(period)
    table = aggregate.compute([period.id], unit_ids=unit_ids)
    values = {}
    for row in table.itertuples(index=False):
        ikm = None if row.ikm != row.ikm else float(row.ikm)
        values[int(row.unit_id)] = (ikm, provenance(row))
    for unit_id in _stale_units(period, unit_ids, set(values)):
        values[unit_id] = (None, {"method": METHOD, "responses": 0})
    written = store_computed(period, "ikm", values) if values else 0
    return {"units": len(table), "written": written,
            "responses": int(table["n"].sum()) if len(table) else 0}


def ikm_indicator_exists() -> bool:
    """Return True when the catalogue has the computed indicator "ikm"."""
    return db.session.scalar(select(Indicator.id).where(Indicator.code == "ikm")) is not None


def record_response(unit, period: Period, **fields):
    """Store one response and bring the unit's IKM up to date (cheap: one unit's rows).

    The response is kept even when the catalogue has no "ikm" indicator to write to.
    """
    response = responses.add_response(unit, period, **fields)
    if ikm_indicator_exists():
        recompute_ikm(period, [unit.id])
    return response


def set_target(unit_id: int, period: Period, population: int) -> SurveyTarget:
    """Record the number of service users of a unit in a period (the K&M population)."""
    _check_open(period)
    if population < 0:
        raise DomainError("Jumlah pengguna layanan tidak boleh negatif.")
    target = db.session.scalar(select(SurveyTarget).where(
        SurveyTarget.unit_id == unit_id, SurveyTarget.period_id == period.id))
    if target is None:
        target = SurveyTarget(unit_id=unit_id, period_id=period.id, population=population)
        db.session.add(target)
    else:
        target.population = population
    db.session.flush()
    return target


def _follow_up_fields(action: FollowUpAction, data: dict) -> None:
    if data["status"] not in FOLLOW_UP_STATUSES:
        raise DomainError("Status tindak lanjut tidak dikenal.")
    action.unsur_code = data["unsur_code"]
    action.action = data["action"].strip()
    action.owner = data["owner"].strip()
    action.due_date = data["due_date"]
    action.status = data["status"]
    if data["status"] == "selesai":
        action.completed_on = data.get("completed_on") or action.completed_on or date.today()
    else:
        action.completed_on = None


def save_follow_up(action: FollowUpAction, period: Period, data: dict) -> FollowUpAction:
    """Create or update an RTL item; a done item gets its completion date."""
    _check_open(period)
    _follow_up_fields(action, data)
    action.period_id = period.id
    db.session.add(action)
    db.session.flush()
    return action


def delete_follow_up(action: FollowUpAction, period: Period) -> None:
    """Remove an RTL item (the audit log keeps what it was)."""
    _check_open(period)
    db.session.delete(action)
    db.session.flush()


def add_publication(unit_id: int, period: Period, data: dict) -> SurveyPublication:
    """Record where and when a unit published its SKM result."""
    _check_open(period)
    if data["channel"] not in PUBLICATION_CHANNELS:
        raise DomainError("Saluran publikasi tidak dikenal.")
    link = (data.get("link") or "").strip() or None
    if link and not link.lower().startswith(("http://", "https://")):
        raise DomainError("Tautan harus diawali http:// atau https://.")
    publication = SurveyPublication(unit_id=unit_id, period_id=period.id,
                                    channel=data["channel"], published_on=data["published_on"],
                                    link=link, note=(data.get("note") or "").strip() or None)
    db.session.add(publication)
    db.session.flush()
    return publication


def delete_publication(publication: SurveyPublication, period: Period) -> None:
    """Remove a publication record."""
    _check_open(period)
    db.session.delete(publication)
    db.session.flush()
