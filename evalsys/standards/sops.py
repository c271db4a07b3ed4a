"""SOP changes: the identity sheet, the services covered and the procedure rows; flush only."""

from datetime import date

from sqlalchemy import select

from models import ServiceType, Unit, db
from models.standard import SOP_KINDS, Sop, SopServiceType, SopStep

from ..errors import DomainError
from . import coverage
from .operations import check_dates, check_order

HEADER_FIELDS = ("number", "title", "kind", "approved_on", "revised_on", "effective_on",
                 "approved_by", "legal_basis", "related_sops", "warning", "qualifications",
                 "equipment", "records")
STEP_FIELDS = ("activity", "actor", "is_decision", "no_goto", "requirements", "duration",
               "output", "note")


def clean_steps(rows: list[dict]) -> list[dict]:
    """Drop empty rows, strip text and check every decision's "Tidak" target exists."""
    steps = []
    for row in rows:
        activity, actor = (row.get("activity") or "").strip(), (row.get("actor") or "").strip()
        if not activity and not actor:
            continue
        if not activity or not actor:
            raise DomainError(f"Langkah {len(steps) + 1}: kegiatan dan pelaksana wajib diisi.")
        step = {key: row.get(key) for key in STEP_FIELDS}
        for key in ("requirements", "duration", "output", "note"):
            step[key] = (step[key] or "").strip() or None
        step.update(activity=activity, actor=actor, is_decision=bool(row.get("is_decision")))
        steps.append(step)
    for number, step in enumerate(steps, start=1):
        goto = step["no_goto"] if step["is_decision"] else None
        if goto is not None and not (1 <= goto <= len(steps) and goto != number):
            raise DomainError(f"Langkah {number}: langkah tujuan 'Tidak' ({goto}) tidak ada.")
        step["no_goto"] = goto
    return steps


def _check_header(unit: Unit, sop: Sop, data: dict, on: date | None) -> None:
    if data.get("kind") not in SOP_KINDS:
        raise DomainError("Jenis SOP tidak dikenal.")
    check_dates({key: data.get(key) for key in ("approved_on", "revised_on")}, on)
    check_order(data.get("approved_on"), data.get("revised_on"),
                "Tanggal revisi tidak boleh sebelum tanggal pengesahan.")
    clash = db.session.scalar(select(Sop.id).where(Sop.unit_id == unit.id,
                                                   Sop.number == data["number"].strip()))
    if clash is not None and clash != sop.id:
        raise DomainError(f"Nomor SOP {data['number'].strip()} sudah dipakai di unit ini.")


def _link_services(sop: Sop, unit: Unit, service_ids: list[int]) -> None:
    """Make the SOP cover exactly these services of its unit."""
    wanted = set(service_ids)
    own = set(db.session.scalars(select(ServiceType.id).where(
        ServiceType.unit_id == unit.id, ServiceType.id.in_(wanted))))
    if wanted - own:
        raise DomainError("Layanan yang dipilih bukan milik unit ini.")
    current = {link.service_type_id: link for link in sop.links}
    for service_id, link in current.items():
        if service_id not in wanted:
            sop.links.remove(link)
    for service_id in sorted(wanted - set(current)):
        sop.links.append(SopServiceType(service_type_id=service_id))


def save_sop(unit: Unit, sop: Sop | None, data: dict, steps: list[dict],
             service_ids: list[int], on: date | None = None) -> Sop:
    """Create or update an SOP of the unit with its services and procedure rows."""
    sop = sop or Sop(unit_id=unit.id)
    if sop.unit_id != unit.id:
        raise DomainError("SOP itu bukan milik unit ini.")
    _check_header(unit, sop, data, on)
    rows = clean_steps(steps)
    for key in HEADER_FIELDS:
        value = data.get(key)
        setattr(sop, key, (value.strip() or None) if isinstance(value, str) else value)
    db.session.add(sop)
    _link_services(sop, unit, service_ids)
    sop.steps.clear()
    db.session.flush()  # delete the old rows before numbering the new ones
    sop.steps.extend(SopStep(position=i, **row) for i, row in enumerate(rows, start=1))
    db.session.flush()
    coverage.refresh_units([unit.id])
    return sop
