"""Queries and changes for units; flush, never commit."""

from sqlalchemy import Select, func, or_, select

from models import ServiceType, Unit, db

from ..errors import DomainError


def filtered_units(opd_id: int | None = None, unit_type: str | None = None,
                   q: str | None = None, active_only: bool = True,
                   level: str | None = None) -> Select:
    """Return a query for units matching the list page's filters, ordered by code."""
    query = select(Unit).order_by(Unit.code)
    if opd_id:
        children = select(Unit.id).where(Unit.parent_id == opd_id)
        query = query.where(or_(Unit.id == opd_id, Unit.parent_id == opd_id,
                                Unit.parent_id.in_(children)))
    if unit_type:
        query = query.where(Unit.unit_type == unit_type)
    if q:
        like = f"%{q.strip().lower()}%"
        query = query.where(or_(func.lower(Unit.name).like(like), func.lower(Unit.code).like(like)))
    if active_only:
        query = query.where(Unit.is_active.is_(True))
    if level:
        query = query.where(Unit.level == level)
    return query


def opd_choices() -> list[Unit]:
    """Return the perangkat daerah, for filters and parent choices."""
    return list(db.session.scalars(select(Unit).where(Unit.level == "opd").order_by(Unit.name)))


def tree() -> list[tuple[Unit, int]]:
    """Return every unit with its depth, in tree order, from one query."""
    units = list(db.session.scalars(select(Unit).order_by(Unit.code)))
    by_parent: dict[int | None, list[Unit]] = {}
    for unit in units:
        by_parent.setdefault(unit.parent_id, []).append(unit)
    ordered: list[tuple[Unit, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for child in by_parent.get(parent_id, []):
            ordered.append((child, depth))
            walk(child.id, depth + 1)

    walk(None, 0)
    return ordered


def save_unit(unit: Unit, data: dict) -> Unit:
    """Apply form data to a unit (new or existing) after checking the tree stays a tree."""
    parent_id = data.get("parent_id") or None
    if parent_id is not None and unit.id is not None and _is_descendant(parent_id, unit.id):
        raise DomainError("Induk tidak boleh unit itu sendiri atau bawahannya.")
    duplicate = db.session.scalar(select(Unit.id).where(Unit.code == data["code"]))
    if duplicate is not None and duplicate != unit.id:
        raise DomainError(f"Kode {data['code']} sudah dipakai unit lain.")
    for key in ("code", "name", "level", "unit_type", "timezone"):
        setattr(unit, key, data[key])
    unit.address = data.get("address") or None
    unit.head_name = data.get("head_name") or None
    unit.parent_id = parent_id
    db.session.add(unit)
    db.session.flush()
    return unit


def _is_descendant(candidate_id: int, unit_id: int) -> bool:
    """Return True when candidate is the unit itself or lies below it."""
    node = db.session.get(Unit, candidate_id)
    while node is not None:
        if node.id == unit_id:
            return True
        node = node.parent
    return False


def set_active(unit: Unit, active: bool) -> None:
    """Activate or deactivate a unit; deactivated units keep their history."""
    unit.is_active = active
    db.session.flush()


def add_service_type(unit: Unit, code: str, name: str) -> ServiceType:
    """Add a service type to a unit, refusing a duplicate code."""
    exists = db.session.scalar(select(ServiceType.id).where(
        ServiceType.unit_id == unit.id, ServiceType.code == code))
    if exists:
        raise DomainError(f"Layanan dengan kode {code} sudah ada di unit ini.")
    service = ServiceType(unit_id=unit.id, code=code, name=name)
    db.session.add(service)
    db.session.flush()
    return service
