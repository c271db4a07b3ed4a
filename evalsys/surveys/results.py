"""Read models of the results pages: one query per table or chart, never one per row."""

import pandas as pd
from sqlalchemy import func, select

from models import Indicator, IndicatorValue, Period, Unit, db
from models.survey import (
    FollowUpAction,
    Questionnaire,
    SurveyPublication,
    SurveyResponse,
    SurveyTarget,
)
from scoring.skm import sample_size

from . import aggregate
from .choices import PROFILE_FIELDS

PRIORITIES = 3  # the weakest unsur shown as improvement priorities


def targets(period_id: int, unit_ids: list[int]) -> dict[int, int]:
    """Return the service-user population per unit for a period."""
    rows = db.session.execute(select(SurveyTarget.unit_id, SurveyTarget.population).where(
        SurveyTarget.period_id == period_id, SurveyTarget.unit_id.in_(unit_ids)))
    return dict(rows.all())


def overview(period: Period, units: list[Unit]) -> list[dict]:
    """Return, per unit, responses, IKM, grade, sample target and whether it falls short."""
    ids = [u.id for u in units]
    table = aggregate.compute([period.id], unit_ids=ids).set_index("unit_id") \
        if ids else pd.DataFrame()
    population = targets(period.id, ids)
    rows = []
    for unit in units:
        row = table.loc[unit.id] if unit.id in table.index else None
        n = int(row["n"]) if row is not None else 0
        target = sample_size(population[unit.id]) if unit.id in population else None
        rows.append({"unit": unit, "n": n, "target": target,
                     "short": target is not None and n < target,
                     "ikm": None if row is None or row["ikm"] != row["ikm"] else row["ikm"],
                     "grade": None if row is None else row["grade"],
                     "label": None if row is None else row["label"]})
    return rows


def _items(questionnaire_id: int) -> list:
    questionnaire = db.session.get(Questionnaire, questionnaire_id)
    return list(questionnaire.items) if questionnaire is not None else []


def nrr_rows(row, questionnaire_id: int) -> pd.DataFrame:
    """Return code, name, n answered, NRR, weight and weighted NRR per unsur of a result."""
    names = {i.code: i.name for i in _items(questionnaire_id)}
    codes = list(row["codes"])
    weights = row["weights"] or {c: 1 / len(codes) for c in codes}
    frame = pd.DataFrame({"code": codes, "name": [names.get(c, c) for c in codes],
                          "n": [int(row[f"c_{c}"]) for c in codes],
                          "nrr": [row[f"nrr_{c}"] for c in codes],
                          "weight": [weights[c] for c in codes]})
    frame["weighted"] = frame["nrr"] * frame["weight"]
    return frame


def weakest(nrr: pd.DataFrame, count: int = PRIORITIES) -> list[str]:
    """Return the codes of the lowest NRR (ties in questionnaire order)."""
    ranked = nrr.dropna(subset=["nrr"]).sort_values("nrr", kind="stable")
    return ranked["code"].head(count).tolist()


def by_service(unit: Unit, period: Period) -> pd.DataFrame:
    """Return the IKM of each service type of a unit in a period (one query)."""
    table = aggregate.compute([period.id], keys=("unit_id", "period_id", "service_type_id"),
                              unit_ids=[unit.id])
    if table.empty:
        return table
    names = {s.id: s.name for s in unit.service_types}
    table["service"] = table["service_type_id"].map(
        lambda s: names.get(s, "—") if s == s and s is not None else None)
    return table.sort_values("service_type_id", na_position="last")


def profile(unit_id: int, period_id: int, service_type_id: int | None) -> list[dict]:
    """Return respondent counts per gender, age band, education and occupation (one query)."""
    columns = [getattr(SurveyResponse, f) for f, _h, _l in PROFILE_FIELDS]
    query = (select(*columns, func.count()).where(SurveyResponse.unit_id == unit_id,
                                                  SurveyResponse.period_id == period_id)
             .group_by(*columns))
    if service_type_id:
        query = query.where(SurveyResponse.service_type_id == service_type_id)
    frame = pd.DataFrame(db.session.execute(query).all(),
                         columns=[f for f, _h, _l in PROFILE_FIELDS] + ["count"])
    out = []
    for field, heading, labels in PROFILE_FIELDS:
        counts = frame.groupby(frame[field].fillna("?"))["count"].sum() if len(frame) else {}
        total = int(sum(counts.values)) if len(frame) else 0
        items = [(labels.get(code, code) if code != "?" else None, int(counts.get(code, 0)))
                 for code in list(labels) + ["?"]]
        out.append({"heading": heading, "total": total,
                    "items": [(label, n) for label, n in items if n or label is not None]})
    return out


def trend(unit: Unit) -> pd.DataFrame:
    """Return the unit's IKM per period, oldest first (one aggregate query)."""
    periods = db.session.execute(select(Period.id, Period.code).order_by(Period.start_date))
    codes = dict(periods.all())
    table = aggregate.compute(list(codes), unit_ids=[unit.id])
    if table.empty:
        return pd.DataFrame(columns=["period", "ikm", "n"])
    table["period"] = table["period_id"].map(codes)
    order = {pid: i for i, pid in enumerate(codes)}
    return table.sort_values("period_id", key=lambda s: s.map(order))[["period", "ikm", "n",
                                                                        "grade"]]


def stored_value(unit_id: int, period_id: int) -> IndicatorValue | None:
    """Return the IKM written to the indicator values, if any."""
    return db.session.scalar(select(IndicatorValue).join(Indicator).where(
        Indicator.code == "ikm", IndicatorValue.unit_id == unit_id,
        IndicatorValue.period_id == period_id))


def follow_ups(unit_id: int, period_id: int) -> list[FollowUpAction]:
    """Return the RTL items of a unit in a period, by due date."""
    return list(db.session.scalars(select(FollowUpAction).where(
        FollowUpAction.unit_id == unit_id, FollowUpAction.period_id == period_id)
        .order_by(FollowUpAction.due_date, FollowUpAction.id)))


def publications(unit_id: int, period_id: int) -> list[SurveyPublication]:
    """Return the publication records of a unit in a period."""
    return list(db.session.scalars(select(SurveyPublication).where(
        SurveyPublication.unit_id == unit_id, SurveyPublication.period_id == period_id)
        .order_by(SurveyPublication.published_on)))


def suggestions(unit_id: int, period_id: int, limit: int = 10) -> list[tuple]:
    """Return the latest respondents' suggestions (date, channel, text)."""
    return db.session.execute(
        select(SurveyResponse.submitted_at, SurveyResponse.channel, SurveyResponse.suggestion)
        .where(SurveyResponse.unit_id == unit_id, SurveyResponse.period_id == period_id,
               SurveyResponse.suggestion.isnot(None))
        .order_by(SurveyResponse.submitted_at.desc()).limit(limit)).all()
