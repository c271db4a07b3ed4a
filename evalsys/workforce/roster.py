"""The staff roster: queries with filters, rotation lists, and saving one staff member."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload

from models import Unit, User, db
from models.workforce import COUNTED_STATUSES, Position, Staff
from scoring.nip import InvalidNip, parse_nip

from ..errors import DomainError, NotAllowed
from ..indicators.entry import editable_unit_ids
from .staffing import refresh_staffing

# Lists show each person's unit and position: load them in the same query, not one per row.
WITH_NAMES = (joinedload(Staff.unit), joinedload(Staff.position))


def nip_fields(nip: str) -> dict:
    """Return the columns a NIP encodes (raises InvalidNip with the reason in Indonesian)."""
    info = parse_nip(nip)
    year, month = info.appointment_year_month
    return {"nip": info.nip, "birth_date": info.birth_date,
            "appointed_on": date(year, month, 1), "gender": info.gender}


def years_between(start: date, end: date) -> float:
    """Return the years from start to end, with a decimal (365.25 days a year)."""
    return (end - start).days / 365.25


def years_ago(years: int, today: date | None = None) -> date:
    """Return the same day ``years`` years before today (28 February for 29 February)."""
    today = today or date.today()
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def split_list(text: str | None) -> list[str]:
    """Split 'a; b, c' or one item per line into a clean list."""
    if not text:
        return []
    parts = text.replace("\n", ";").replace(",", ";").split(";")
    return [p.strip() for p in parts if p.strip()]


def staff_query(filters: dict, scope: set[int] | None = None) -> Select:
    """Return the roster query for the list filters (unit, OPD, position, status, q)."""
    query = (select(Staff).join(Unit, Staff.unit_id == Unit.id).options(*WITH_NAMES)
             .order_by(Unit.code, Staff.position_id, Staff.name))
    if filters.get("unit"):
        query = query.where(Staff.unit_id == filters["unit"])
    if filters.get("opd"):
        query = query.where(Unit.parent_id == filters["opd"])
    if filters.get("position"):
        query = query.where(Staff.position_id == filters["position"])
    if filters.get("status"):
        query = query.where(Staff.status == filters["status"])
    if filters.get("protected"):
        query = query.where(Staff.is_protected.is_(True))
    if filters.get("q"):
        like = f"%{filters['q'].strip().lower()}%"
        query = query.where(or_(func.lower(Staff.name).like(like), Staff.nip.like(like)))
    if scope is not None:
        query = query.where(Staff.unit_id.in_(scope))
    return query


def long_in_post(years: int, unit_id: int | None = None, today: date | None = None) -> Select:
    """Return staff in service who have held their post for more than ``years`` years."""
    query = (select(Staff).options(*WITH_NAMES)
             .where(Staff.status.in_(COUNTED_STATUSES), Staff.post_since < years_ago(years, today))
             .order_by(Staff.post_since, Staff.name))
    return query.where(Staff.unit_id == unit_id) if unit_id else query


def protected_staff(unit_id: int | None = None) -> list[Staff]:
    """Return staff in service protected from rotation, with their reasons."""
    query = (select(Staff).options(*WITH_NAMES)
             .where(Staff.is_protected.is_(True), Staff.status.in_(COUNTED_STATUSES))
             .order_by(Staff.unit_id, Staff.name))
    if unit_id:
        query = query.where(Staff.unit_id == unit_id)
    return list(db.session.scalars(query))


def check_scope(user: User, *unit_ids: int) -> None:
    """Refuse when the user may not edit every one of the units."""
    allowed = editable_unit_ids(user)
    if allowed is not None and not set(unit_ids) <= allowed:
        raise NotAllowed("Anda hanya dapat mengubah data pegawai unit Anda sendiri.")


def save_staff(user: User, staff: Staff, data: dict) -> Staff:
    """Validate and store one staff member (new or existing); refresh the units' figures."""
    old_unit = staff.unit_id
    check_scope(user, *(u for u in (old_unit, data["unit_id"]) if u))
    try:
        fields = nip_fields(data["nip"])
    except InvalidNip as err:
        raise DomainError(f"NIP: {err}") from None
    clash = db.session.scalar(select(Staff.id).where(Staff.nip == fields["nip"]))
    if clash is not None and clash != staff.id:
        raise DomainError(f"NIP {fields['nip']} sudah terdaftar untuk pegawai lain.")
    if db.session.get(Position, data["position_id"]) is None:
        raise DomainError("Jabatan tidak dikenal.")
    check_post_date(data["post_since"], fields["appointed_on"])
    if data.get("is_protected") and not (data.get("protected_reason") or "").strip():
        raise DomainError("Alasan perlindungan dari rotasi wajib diisi.")
    for key in ("name", "position_id", "unit_id", "post_since", "status", "is_protected"):
        setattr(staff, key, data[key])
    for key, value in fields.items():
        setattr(staff, key, value)
    staff.skills, staff.certificates = split_list(data.get("skills")), \
        split_list(data.get("certificates"))
    reason = (data.get("protected_reason") or "").strip()
    staff.protected_reason = reason if data.get("is_protected") and reason else None
    db.session.add(staff)
    db.session.flush()
    refresh_staffing({u for u in (old_unit, staff.unit_id) if u})
    return staff


def check_post_date(post_since: date, appointed_on: date, today: date | None = None) -> None:
    """Refuse a TMT jabatan in the future or before the TMT CPNS encoded in the NIP."""
    if post_since > (today or date.today()):
        raise DomainError("TMT jabatan tidak boleh di masa depan.")
    if post_since < appointed_on:
        raise DomainError(f"TMT jabatan ({post_since:%d-%m-%Y}) sebelum TMT CPNS pada NIP "
                          f"({appointed_on:%m-%Y}).")


def delete_staff(user: User, staff: Staff) -> None:
    """Remove a wrongly entered staff member (a departure is a status, not a deletion)."""
    check_scope(user, staff.unit_id)
    unit_id = staff.unit_id
    db.session.delete(staff)
    db.session.flush()
    refresh_staffing({unit_id})


def position_counts() -> dict[int, int]:
    """Return how many staff in service hold each position, from one query."""
    return dict(db.session.execute(
        select(Staff.position_id, func.count()).where(Staff.status.in_(COUNTED_STATUSES))
        .group_by(Staff.position_id)).all())


def save_position(position: Position, data: dict) -> Position:
    """Apply form data to a position, refusing a duplicate code."""
    clash = db.session.scalar(select(Position.id).where(Position.code == data["code"]))
    if clash is not None and clash != position.id:
        raise DomainError(f"Kode jabatan {data['code']} sudah dipakai.")
    for key in ("code", "name", "kind", "is_health_cadre"):
        setattr(position, key, data[key])
    position.wisn_category = (data.get("wisn_category") or "").strip().lower() or None
    position.description = data.get("description") or None
    db.session.add(position)
    db.session.flush()
    return position
