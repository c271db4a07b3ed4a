"""Figures for the home page of each role (read-only, one query per figure)."""

from sqlalchemy import func, select

from models import AuditEvent, Indicator, IndicatorValue, Period, Unit, User, db


def current_period() -> Period | None:
    """Return the latest open period, or the latest period if all are locked."""
    open_period = db.session.scalar(
        select(Period).where(Period.is_locked.is_(False)).order_by(Period.end_date.desc()))
    return open_period or db.session.scalar(select(Period).order_by(Period.end_date.desc()))


def status_counts(period: Period | None, unit_ids: list[int] | None = None) -> dict[str, int]:
    """Count indicator values per status in a period, optionally for some units only."""
    if period is None:
        return {}
    query = (select(IndicatorValue.status, func.count())
             .where(IndicatorValue.period_id == period.id)
             .group_by(IndicatorValue.status))
    if unit_ids is not None:
        query = query.where(IndicatorValue.unit_id.in_(unit_ids))
    return dict(db.session.execute(query).all())


def home_summary(user: User) -> dict:
    """Collect what the user's home page shows."""
    period = current_period()
    summary = {
        "period": period,
        "units": db.session.scalar(select(func.count()).select_from(Unit)
                                   .where(Unit.is_active.is_(True), Unit.level == "unit")),
        "opds": db.session.scalar(select(func.count()).select_from(Unit)
                                  .where(Unit.level == "opd")),
        "indicators": db.session.scalar(select(func.count()).select_from(Indicator)),
    }
    if user.role == "evaluator":
        unit_ids = [u.id for u in user.units]
        summary["my_units"] = user.units
        summary["status"] = status_counts(period, unit_ids)
        summary["manual_indicators"] = db.session.scalar(
            select(func.count()).select_from(Indicator).where(Indicator.source == "manual"))
    else:
        summary["status"] = status_counts(period)
    if user.role == "admin":
        summary["users"] = db.session.scalar(select(func.count()).select_from(User))
        summary["recent"] = db.session.scalars(
            select(AuditEvent).order_by(AuditEvent.id.desc()).limit(8)).all()
    return summary
