"""Questionnaires per period: the regional one, a unit's own version, and their weights.

Decisions (METHODOLOGY §1.2–1.4): the nine unsur are identified by code; a unit may add unsur
(codes X1, X2, …) and set weights, which must sum to 1 (entered to ± 0,005, so 0,111 × 9 is
accepted, then stored normalised to exactly 1). No weights at all means exactly 1/k each.
Editing a questionnaire that already has answers creates a new version; the IKM of a unit in a
period uses the latest version of the unit's own questionnaire, else the regional one.
"""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from models import Period, db
from models.survey import Questionnaire, QuestionnaireItem, SurveyResponse
from scoring.skm import ANSWER_LABELS, QUESTIONS, UNSUR_2017

from ..errors import DomainError

WEIGHT_ENTRY_TOLERANCE = 0.005
STANDARD_CODES = tuple(u.code for u in UNSUR_2017)


@dataclass(frozen=True)
class Scheme:
    """What an IKM is computed with: the questionnaire, its unsur codes and weights."""

    questionnaire_id: int
    version: int
    codes: tuple[str, ...]
    weights: tuple[float, ...] | None  # None: exactly 1/k each

    def weight_map(self) -> dict[str, float] | None:
        """Return the weights by code, or None for the regulation's equal weights."""
        return None if self.weights is None else dict(zip(self.codes, self.weights, strict=True))


def standard_items() -> list[dict]:
    """Return the nine PermenPANRB 14/2017 unsur with their questions and answer labels."""
    return [{"code": u.code, "name": u.name_id, "question": QUESTIONS[u.code],
             "labels": ANSWER_LABELS[u.code], "weight": None} for u in UNSUR_2017]


def _item_dicts(questionnaire: Questionnaire) -> list[dict]:
    return [{"code": i.code, "name": i.name, "question": i.question, "labels": i.labels,
             "weight": i.weight} for i in questionnaire.items]


def _build(period: Period, unit_id: int | None, version: int, items: list[dict],
           title: str) -> Questionnaire:
    questionnaire = Questionnaire(period_id=period.id, unit_id=unit_id, version=version,
                                  title=title)
    for position, item in enumerate(items, start=1):
        label1, label2, label3, label4 = item["labels"]
        questionnaire.items.append(QuestionnaireItem(
            position=position, code=item["code"], name=item["name"], question=item["question"],
            label1=label1, label2=label2, label3=label3, label4=label4, weight=item["weight"]))
    db.session.add(questionnaire)
    db.session.flush()
    return questionnaire


def latest(period_id: int, unit_id: int | None = None) -> Questionnaire | None:
    """Return the latest version of the regional (unit None) or a unit's own questionnaire."""
    return db.session.scalar(
        select(Questionnaire).where(Questionnaire.period_id == period_id,
                                    Questionnaire.unit_id.is_(None) if unit_id is None
                                    else Questionnaire.unit_id == unit_id)
        .order_by(Questionnaire.version.desc()).limit(1))


def ensure_regional(period: Period) -> Questionnaire:
    """Return the period's regional questionnaire, creating it from the last one (or §1.3)."""
    found = latest(period.id)
    if found is not None:
        return found
    previous = db.session.scalar(
        select(Questionnaire).join(Period).where(Questionnaire.unit_id.is_(None),
                                                 Period.end_date < period.start_date)
        .order_by(Period.end_date.desc(), Questionnaire.version.desc()).limit(1))
    items = _item_dicts(previous) if previous is not None else standard_items()
    return _build(period, None, 1, items, f"SKM {period.code}")


def for_unit(period: Period, unit_id: int) -> Questionnaire:
    """Return the questionnaire a unit's respondents answer in a period."""
    return latest(period.id, unit_id) or ensure_regional(period)


def schemes(period_ids: list[int]) -> dict[tuple[int, int | None], Scheme]:
    """Return the scheme of every latest questionnaire in the periods, keyed (period, unit)."""
    rows = db.session.scalars(
        select(Questionnaire).options(selectinload(Questionnaire.items))
        .where(Questionnaire.period_id.in_(period_ids)).order_by(Questionnaire.version))
    found = {}
    for q in rows:
        weights = [i.weight for i in q.items]
        found[(q.period_id, q.unit_id)] = Scheme(
            q.id, q.version, tuple(i.code for i in q.items),
            None if all(w is None for w in weights) else tuple(float(w) for w in weights))
    return found


def scheme_of(found: dict, period_id: int, unit_id: int) -> Scheme | None:
    """Return the scheme that applies to one unit in one period (its own, else regional)."""
    return found.get((period_id, unit_id)) or found.get((period_id, None))


def standard_scheme() -> Scheme:
    """Return the nine-unsur equal-weight scheme (used when a period has no questionnaire)."""
    return Scheme(0, 0, STANDARD_CODES, None)


def clean_weights(raw: list[float | None]) -> list[float | None]:
    """Check entered weights: all blank (equal weights) or all given and summing to 1."""
    if all(w is None for w in raw):
        return list(raw)
    if any(w is None for w in raw):
        raise DomainError("Isi bobot semua unsur, atau kosongkan semuanya untuk bobot sama.")
    if any(w < 0 for w in raw):
        raise DomainError("Bobot tidak boleh negatif.")
    total = sum(raw)
    if abs(total - 1.0) > WEIGHT_ENTRY_TOLERANCE:
        raise DomainError(f"Jumlah bobot harus 1; sekarang {total:.4f}".replace(".", ",") + ".")
    return [w / total for w in raw]


def _has_answers(questionnaire: Questionnaire) -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(SurveyResponse).where(
        SurveyResponse.questionnaire_id == questionnaire.id)))


def save_items(period: Period, unit_id: int | None, items: list[dict]) -> Questionnaire:
    """Store edited items as the (period, unit) questionnaire; new version if answered."""
    if period.is_locked:
        raise DomainError(f"Periode {period.code} terkunci; kuesioner tidak dapat diubah.")
    codes = [i["code"] for i in items]
    if codes[:9] != list(STANDARD_CODES) or len(set(codes)) != len(codes):
        raise DomainError("Sembilan unsur U1–U9 wajib ada; kode unsur tambahan harus unik.")
    weights = clean_weights([i["weight"] for i in items])
    items = [dict(i, weight=w) for i, w in zip(items, weights, strict=True)]
    current = latest(period.id, unit_id)
    if current is not None and not _has_answers(current):
        current.items.clear()
        db.session.flush()
        for position, item in enumerate(items, start=1):
            label1, label2, label3, label4 = item["labels"]
            current.items.append(QuestionnaireItem(
                position=position, code=item["code"], name=item["name"],
                question=item["question"], label1=label1, label2=label2, label3=label3,
                label4=label4, weight=item["weight"]))
        db.session.flush()
        return current
    version = current.version + 1 if current is not None else 1
    title = f"SKM {period.code}" + (f" · unit {unit_id}" if unit_id else "")
    return _build(period, unit_id, version, items, title)


def next_extra_code(items: list[dict]) -> str:
    """Return the next free code for an additional unsur (X1, X2, …)."""
    taken = {i["code"] for i in items}
    number = 1
    while f"X{number}" in taken:
        number += 1
    return f"X{number}"


def display_items(period: Period | None, unit_id: int | None) -> list[QuestionnaireItem]:
    """Return the items a respondent would answer now, without writing anything.

    Before a period has a questionnaire the standard unsur are shown as unsaved items.
    """
    if period is not None:
        found = (latest(period.id, unit_id) if unit_id else None) or latest(period.id)
        if found is not None:
            return list(found.items)
    return [QuestionnaireItem(position=i, code=item["code"], name=item["name"],
                              question=item["question"], label1=item["labels"][0],
                              label2=item["labels"][1], label3=item["labels"][2],
                              label4=item["labels"][3], weight=None)
            for i, item in enumerate(standard_items(), start=1)]
