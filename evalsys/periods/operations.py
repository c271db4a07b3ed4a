"""Create, lock and unlock periods; flush, never commit."""

from sqlalchemy import select

from models import Period, db

from ..errors import DomainError


def create_period(kind: str, year: int, number: int = 1) -> Period:
    """Create a period, refusing a duplicate."""
    period = Period.build(kind, year, number if kind != "year" else 1)
    if db.session.scalar(select(Period.id).where(Period.code == period.code)):
        raise DomainError(f"Periode {period.code} sudah ada.")
    db.session.add(period)
    db.session.flush()
    return period


def set_locked(period: Period, locked: bool) -> None:
    """Lock or unlock a period."""
    period.is_locked = locked
    db.session.flush()
