"""Set-based reads behind the standards pages: one query per frame, list or chart."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import selectinload

from models import Indicator, IndicatorValue, Period, ServiceType, Unit, db
from models.standard import (
    Maklumat,
    ServiceStandard,
    Sop,
    SopServiceType,
    StandardComponent,
    StandardEvidence,
)

STANDARD_DATES = ("consulted_on", "draft_published_on", "comments_closed_on", "adopted_on",
                  "published_on")


def today() -> date:
    """Return today's date in Western Indonesia (the regency's offices)."""
    return datetime.now(ZoneInfo("Asia/Jakarta")).date()


def as_of_for(period: Period, on: date | None = None) -> date:
    """Return the date a period is measured at: its end, or today while it is still running."""
    return min(period.end_date, on or today())


def _sop_exists(as_of: date):
    """Return an EXISTS clause: the service type has an SOP approved by the date."""
    return exists().where(and_(SopServiceType.service_type_id == ServiceType.id,
                               Sop.id == SopServiceType.sop_id,
                               Sop.approved_on.is_not(None), Sop.approved_on <= as_of))


def service_frame(as_of: date, unit_ids: list[int] | None = None) -> pd.DataFrame:
    """Return one row per active service type of active units, from one query.

    Columns: the standard's dates, components done, whether an SOP approved by the date covers
    it, and the unit's maklumat dates.
    """
    done = (select(func.count(StandardComponent.id))
            .where(StandardComponent.standard_id == ServiceStandard.id,
                   StandardComponent.is_done.is_(True))
            .correlate(ServiceStandard).scalar_subquery())
    query = (
        select(ServiceType.id.label("service_type_id"), ServiceType.unit_id,
               ServiceType.code.label("service_code"), ServiceType.name.label("service_name"),
               Unit.code.label("unit_code"), Unit.name.label("unit_name"),
               Unit.parent_id.label("opd_id"), ServiceStandard.id.label("standard_id"),
               ServiceStandard.status,
               *(getattr(ServiceStandard, c) for c in STANDARD_DATES),
               ServiceStandard.last_evaluated_on.label("evaluated_on"),
               ServiceStandard.last_reviewed_on.label("reviewed_on"),
               func.coalesce(done, 0).label("components_done"),
               _sop_exists(as_of).label("has_sop"),
               Maklumat.signed_on.label("maklumat_signed_on"),
               Maklumat.published_on.label("maklumat_published_on"))
        .join(Unit, Unit.id == ServiceType.unit_id)
        .outerjoin(ServiceStandard, ServiceStandard.service_type_id == ServiceType.id)
        .outerjoin(Maklumat, Maklumat.unit_id == ServiceType.unit_id)
        .where(ServiceType.is_active.is_(True), Unit.is_active.is_(True))
        .order_by(Unit.code, ServiceType.code))
    if unit_ids is not None:
        query = query.where(ServiceType.unit_id.in_(unit_ids))
    result = db.session.execute(query)
    frame = pd.DataFrame(result.all(), columns=list(result.keys()))
    frame["has_sop"] = frame["has_sop"].astype(bool)
    frame["status"] = frame["status"].astype(object).where(frame["status"].notna(), "none")
    return frame


def component_counts(unit_ids: list[int] | None = None) -> pd.DataFrame:
    """Return, per unit and component, how many active service types have it done."""
    query = (select(ServiceType.unit_id, StandardComponent.code, func.count().label("done"))
             .join(ServiceStandard, ServiceStandard.service_type_id == ServiceType.id)
             .join(StandardComponent, StandardComponent.standard_id == ServiceStandard.id)
             .join(Unit, Unit.id == ServiceType.unit_id)
             .where(StandardComponent.is_done.is_(True), ServiceType.is_active.is_(True),
                    Unit.is_active.is_(True))
             .group_by(ServiceType.unit_id, StandardComponent.code))
    if unit_ids is not None:
        query = query.where(ServiceType.unit_id.in_(unit_ids))
    return pd.DataFrame(db.session.execute(query).all(), columns=["unit_id", "code", "done"])


def unit_components(unit_id: int) -> dict[int, dict[str, bool]]:
    """Return {service_type_id: {component code: done}} for one unit's standards."""
    rows = db.session.execute(
        select(ServiceStandard.service_type_id, StandardComponent.code, StandardComponent.is_done)
        .join(StandardComponent, StandardComponent.standard_id == ServiceStandard.id)
        .join(ServiceType, ServiceType.id == ServiceStandard.service_type_id)
        .where(ServiceType.unit_id == unit_id))
    matrix: dict[int, dict[str, bool]] = {}
    for service_id, code, done in rows:
        matrix.setdefault(service_id, {})[code] = bool(done)
    return matrix


def service_units(unit_ids: list[int] | None = None) -> list[int]:
    """Return the active service-level units (those the coverage indicators are for)."""
    query = (select(Unit.id).where(Unit.is_active.is_(True), Unit.level == "unit")
             .order_by(Unit.id))
    if unit_ids is not None:
        query = query.where(Unit.id.in_(unit_ids))
    return list(db.session.scalars(query))


def unit_sops(unit_id: int) -> list[tuple[Sop, list[str]]]:
    """Return a unit's SOPs with the names of the services each covers (two queries)."""
    sops = list(db.session.scalars(select(Sop).where(Sop.unit_id == unit_id)
                                   .order_by(Sop.number)))
    names: dict[int, list[str]] = {}
    for sop_id, name in db.session.execute(
            select(SopServiceType.sop_id, ServiceType.name)
            .join(ServiceType, ServiceType.id == SopServiceType.service_type_id)
            .where(SopServiceType.sop_id.in_([s.id for s in sops]))
            .order_by(ServiceType.code)):
        names.setdefault(sop_id, []).append(name)
    return [(sop, names.get(sop.id, [])) for sop in sops]


def sop_services(sop_id: int) -> list[ServiceType]:
    """Return the service types an SOP covers."""
    return list(db.session.scalars(
        select(ServiceType).join(SopServiceType, SopServiceType.service_type_id == ServiceType.id)
        .where(SopServiceType.sop_id == sop_id).order_by(ServiceType.code)))


def unit_evidence(unit_id: int, service_type_id: int | None = None,
                  sop_id: int | None = None) -> list[StandardEvidence]:
    """Return a unit's evidence files, newest first; optionally those of one service or SOP."""
    query = select(StandardEvidence).where(StandardEvidence.unit_id == unit_id)
    if service_type_id is not None:
        query = query.where(StandardEvidence.service_type_id == service_type_id)
    if sop_id is not None:
        query = query.where(StandardEvidence.sop_id == sop_id)
    return list(db.session.scalars(query.order_by(StandardEvidence.id.desc())))


def standard_of(service_type_id: int) -> ServiceStandard | None:
    """Return the standard of a service type, if one was started."""
    return db.session.scalar(select(ServiceStandard)
                             .where(ServiceStandard.service_type_id == service_type_id))


def maklumat_of(unit_id: int) -> Maklumat | None:
    """Return a unit's maklumat pelayanan, if any."""
    return db.session.scalar(select(Maklumat).where(Maklumat.unit_id == unit_id))


def published_standards(unit_id: int) -> list[tuple[ServiceType, ServiceStandard | None]]:
    """Return a unit's active services with their standard (None when not published)."""
    rows = db.session.execute(
        select(ServiceType, ServiceStandard)
        .outerjoin(ServiceStandard, and_(ServiceStandard.service_type_id == ServiceType.id,
                                         ServiceStandard.status == "published"))
        .where(ServiceType.unit_id == unit_id, ServiceType.is_active.is_(True))
        .options(selectinload(ServiceStandard.components))
        .order_by(ServiceType.code))
    return [(service, standard) for service, standard in rows]


def latest_ikm(unit_id: int) -> tuple[float, Period] | None:
    """Return the unit's latest approved IKM and its period (what may be shown publicly)."""
    row = db.session.execute(
        select(IndicatorValue.value, Period)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .join(Period, Period.id == IndicatorValue.period_id)
        .where(IndicatorValue.unit_id == unit_id, Indicator.code == "ikm",
               IndicatorValue.status == "approved", IndicatorValue.value.is_not(None))
        .order_by(Period.end_date.desc()).limit(1)).first()
    return (row[0], row[1]) if row else None
