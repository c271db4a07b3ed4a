"""The indicator entry grid: read, validate and store values per unit × indicator.

A save is all or nothing: when any cell is invalid nothing is stored and every bad cell gets
its own message, so an evaluator never wonders which half of a form went in.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from models import Indicator, IndicatorValue, Period, Unit, User, db
from models.base import utcnow

from ..errors import NotAllowed, PeriodLocked, StaleEdit

Cell = tuple[int, int]  # (unit_id, indicator_id)
CONFLICT = "Nilai ini baru saja diubah pengguna lain; muat ulang halaman."


@dataclass
class GridResult:
    """Outcome of a save: values changed, and messages per cell that were refused."""

    saved: int = 0
    errors: dict[Cell, str] = field(default_factory=dict)
    # Where each refused cell is, as "UNIT-CODE · indicator_code", for the error summary.
    where: dict[Cell, str] = field(default_factory=dict)


def editable_unit_ids(user: User) -> set[int] | None:
    """Return the unit ids the user may edit; None means every unit (admin)."""
    if user.role == "admin":
        return None
    if user.role == "evaluator":
        return {u.id for u in user.units}
    return set()


def values_for(period: Period, unit_ids: list[int]) -> dict[Cell, IndicatorValue]:
    """Return the stored values of a period for some units, keyed by cell, from one query."""
    rows = db.session.scalars(select(IndicatorValue).where(
        IndicatorValue.period_id == period.id, IndicatorValue.unit_id.in_(unit_ids)))
    return {(v.unit_id, v.indicator_id): v for v in rows}


def parse_number(raw: str, indicator: Indicator) -> float | None:
    """Parse 85,5 or 85.5 (or 1.234,5) and check the indicator's range; '' means no value."""
    text = raw.strip().replace(" ", "")
    if not text:
        return None
    if "," in text:  # Indonesian format: dots group thousands, the comma is the decimal mark
        text = text.replace(".", "").replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"'{raw.strip()}' bukan angka.") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("Nilai harus berupa angka terhingga.")
    lo, hi = indicator.min_value, indicator.max_value
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ValueError(
            f"Nilai harus antara {_fmt(lo)} dan {_fmt(hi)} {indicator.unit_of_measure}.")
    return round(value, indicator.decimals)


def _fmt(bound: float | None) -> str:
    if bound is None:
        return "…"
    return f"{bound:g}".replace(".", ",")


def _check_cell(user: User, period: Period, unit: Unit, indicator: Indicator,
                current: IndicatorValue | None, version: int | None) -> str | None:
    """Return why this cell may not be changed, or None when it may."""
    allowed = editable_unit_ids(user)
    if allowed is not None and unit.id not in allowed:
        return f"Anda tidak berwenang mengisi {unit.code}."
    if indicator.source != "manual":
        return f"{indicator.code} dihitung sistem dan tidak diisi manual."
    if current is not None and current.status == "approved":
        return "Nilai sudah disetujui dan tidak dapat diubah."
    if current is not None and version is not None and current.version != version:
        return CONFLICT
    return None


def save_cells(user: User, period: Period, cells: dict[Cell, tuple[str, int | None]],
               submit: bool = False) -> GridResult:
    """Validate every changed cell; store all of them, or none if any is refused."""
    if period.is_locked:
        raise PeriodLocked(f"Periode {period.code} terkunci; nilai tidak dapat diubah.")
    units = {u.id: u for u in db.session.scalars(
        select(Unit).where(Unit.id.in_({c[0] for c in cells})))}
    indicators = {i.id: i for i in db.session.scalars(
        select(Indicator).where(Indicator.id.in_({c[1] for c in cells})))}
    current = values_for(period, list(units))
    result, pending = GridResult(), []
    for cell, (raw, version) in cells.items():
        unit, indicator = units.get(cell[0]), indicators.get(cell[1])
        if unit is None or indicator is None:
            result.errors[cell] = "Unit atau indikator tidak dikenal."
            continue
        existing = current.get(cell)
        try:
            value = parse_number(raw, indicator)
        except ValueError as err:
            result.errors[cell] = str(err)
            continue
        if existing is None and value is None:
            continue
        unchanged = existing is not None and existing.value == value
        if unchanged and not (submit and existing.status == "draft"):
            continue
        reason = _check_cell(user, period, unit, indicator, existing, version)
        if reason:
            result.errors[cell] = reason
            continue
        pending.append((cell, existing, value))
    if result.errors:
        result.where = {cell: _where(cell, units, indicators) for cell in result.errors}
        return result
    for cell, existing, value in pending:
        _store(user, period, cell, existing, value, submit)
    result.saved = len(pending)
    _flush_or_conflict()
    return result


def _flush_or_conflict() -> None:
    """Flush; a row another user changed (or created) since it was read becomes StaleEdit.

    The version check in `_check_cell` catches forms loaded long ago; this catches two saves
    of the same cell at the same moment, which both pass that check: the second UPDATE finds
    the version already moved (or the INSERT hits the unique key). The caller rolls back.
    """
    try:
        db.session.flush()
    except (StaleDataError, IntegrityError) as err:
        raise StaleEdit(CONFLICT) from err


def _where(cell: Cell, units: dict, indicators: dict) -> str:
    unit, indicator = units.get(cell[0]), indicators.get(cell[1])
    return f"{unit.code if unit else cell[0]} · {indicator.code if indicator else cell[1]}"


def _store(user: User, period: Period, cell: Cell, existing: IndicatorValue | None,
           value: float | None, submit: bool) -> None:
    status = "submitted" if submit else "draft"
    if existing is None:
        db.session.add(IndicatorValue(
            unit_id=cell[0], indicator_id=cell[1], period_id=period.id, value=value,
            status=status, entered_by_id=user.id, provenance={"source": "manual entry"}))
        return
    existing.value = value
    existing.status = status
    existing.entered_by_id = user.id


def decide(user: User, period: Period, value_ids: list[int], approve: bool) -> int:
    """Approve submitted values, or return them to draft; leaders and admins only."""
    if user.role not in ("leader", "admin"):
        raise NotAllowed("Hanya pimpinan atau admin yang dapat menyetujui nilai.")
    if period.is_locked:
        raise PeriodLocked(f"Periode {period.code} terkunci.")
    wanted = ("submitted",) if approve else ("submitted", "approved")
    rows = db.session.scalars(select(IndicatorValue).where(
        IndicatorValue.period_id == period.id, IndicatorValue.id.in_(value_ids),
        IndicatorValue.status.in_(wanted)))
    count = 0
    for value in rows:
        value.status = "approved" if approve else "draft"
        value.approved_by_id = user.id if approve else None
        value.approved_at = utcnow() if approve else None
        count += 1
    _flush_or_conflict()
    return count
