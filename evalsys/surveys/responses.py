"""Single responses (public form and paper entry) and the public links that collect them."""

import hashlib
import hmac
import secrets
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from models import Period, ServiceType, Unit, db
from models.survey import SurveyLink, SurveyResponse
from models.unit import TIMEZONES

from ..errors import DomainError, PeriodLocked
from . import questionnaire as qn

SUGGESTION_MAX = 2000


def new_token() -> str:
    """Return an unguessable token for a public survey address."""
    return secrets.token_urlsafe(16)


def link_by_token(token: str) -> SurveyLink | None:
    """Return the active link with this token, or None."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(SurveyLink).join(Unit).where(
        SurveyLink.token == token, SurveyLink.is_active.is_(True), Unit.is_active.is_(True)))


def links_for(unit_id: int) -> dict[int | None, SurveyLink]:
    """Return the unit's active links keyed by service type id (None: the whole unit)."""
    rows = db.session.scalars(select(SurveyLink).where(SurveyLink.unit_id == unit_id,
                                                       SurveyLink.is_active.is_(True)))
    return {link.service_type_id: link for link in rows}


def ensure_links(unit: Unit, rotate: bool = False) -> int:
    """Create the missing links of a unit and its active services; rotate replaces tokens."""
    existing = links_for(unit.id)
    wanted = [None] + [s.id for s in unit.service_types if s.is_active]
    made = 0
    for service_id in wanted:
        link = existing.get(service_id)
        if link is not None and rotate:
            link.is_active = False
            link = None
        if link is None:
            db.session.add(SurveyLink(unit_id=unit.id, service_type_id=service_id,
                                      token=new_token()))
            made += 1
    db.session.flush()
    return made


def period_for(day: date) -> Period | None:
    """Return the open period covering a day; the shortest one when several overlap."""
    candidates = db.session.scalars(select(Period).where(
        Period.start_date <= day, Period.end_date >= day, Period.is_locked.is_(False)))
    return min(candidates, key=lambda p: (p.end_date - p.start_date, p.code), default=None)


def fingerprint(secret: str, token: str, client: str, day: date) -> str:
    """Return the keyed hash that identifies one browser's answer to one link on one day."""
    message = f"{token}|{client}|{day.isoformat()}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def is_duplicate(fp: str) -> bool:
    """Return True when a response with this fingerprint is already stored."""
    return db.session.scalar(select(SurveyResponse.id).where(
        SurveyResponse.fingerprint == fp)) is not None


def _check_answers(answers: dict[str, int | None], codes: tuple[str, ...]) -> None:
    unknown = [c for c in answers if c not in codes]
    if unknown:
        raise DomainError(f"Unsur {', '.join(unknown)} tidak ada di kuesioner ini.")
    bad = [c for c, v in answers.items() if v is not None and v not in (1, 2, 3, 4)]
    if bad:
        raise DomainError(f"Jawaban unsur {', '.join(bad)} harus 1–4.")
    if all(v is None for v in answers.values()):
        raise DomainError("Isi paling sedikit satu jawaban unsur.")


def local_now(unit: Unit) -> datetime:
    """Return the current time in the unit's time zone (WIB, WITA or WIT)."""
    return datetime.now(ZoneInfo(TIMEZONES.get(unit.timezone, "Asia/Jakarta")))


def at_noon(unit: Unit, day: date) -> datetime:
    """Return midday of a day in the unit's time zone: the time given to dated paper forms."""
    return datetime.combine(day, time(12, 0), ZoneInfo(TIMEZONES.get(unit.timezone,
                                                                     "Asia/Jakarta")))


def add_response(unit: Unit, period: Period, answers: dict[str, int | None], profile: dict,
                 channel: str, submitted_at: datetime, service_type_id: int | None = None,
                 fingerprint: str | None = None, entered_by_id: int | None = None
                 ) -> SurveyResponse:
    """Store one respondent's answers against the unit's current questionnaire.

    submitted_at is timezone-aware in the unit's zone; its local date must fall in the period.
    """
    if period.is_locked:
        raise PeriodLocked(f"Periode {period.code} terkunci; jawaban tidak dapat ditambahkan.")
    if not period.start_date <= submitted_at.date() <= period.end_date:
        raise DomainError(f"Tanggal survei harus dalam periode {period.code}.")
    if service_type_id is not None and db.session.scalar(select(ServiceType.unit_id).where(
            ServiceType.id == service_type_id)) != unit.id:
        raise DomainError("Jenis layanan tidak termasuk unit ini.")
    questionnaire = qn.for_unit(period, unit.id)
    _check_answers(answers, tuple(i.code for i in questionnaire.items))
    standard = {c.lower(): v for c, v in answers.items() if c in qn.STANDARD_CODES}
    extra = {c: v for c, v in answers.items() if c not in qn.STANDARD_CODES and v is not None}
    suggestion = (profile.get("suggestion") or "").strip()[:SUGGESTION_MAX] or None
    response = SurveyResponse(
        unit_id=unit.id, period_id=period.id, service_type_id=service_type_id,
        questionnaire_id=questionnaire.id, submitted_at=submitted_at, channel=channel,
        extra=extra or None, gender=profile.get("gender") or None,
        age_band=profile.get("age_band") or None, education=profile.get("education") or None,
        occupation=profile.get("occupation") or None, suggestion=suggestion,
        fingerprint=fingerprint, entered_by_id=entered_by_id, **standard)
    db.session.add(response)
    db.session.flush()
    return response


def count_for(unit_id: int, period_id: int, channel: str | None = None) -> int:
    """Return how many responses a unit has in a period (optionally from one channel)."""
    query = select(func.count()).select_from(SurveyResponse).where(
        SurveyResponse.unit_id == unit_id, SurveyResponse.period_id == period_id)
    if channel:
        query = query.where(SurveyResponse.channel == channel)
    return db.session.scalar(query)
