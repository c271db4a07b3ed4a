"""Validate the rows of a LAPOR! export and store the valid ones with their status history.

A row becomes a complaint plus events: ``diterima`` at the report time, then one event per
mapped history column (verification, disposition, follow-up, resolution, closing) in life-cycle
order, then the ``Status`` column at ``Tanggal status`` when it is not already the last one.
The chain must be a valid life cycle (``scoring.sla.check_transition``) with times that never
go backwards; times are the unit's local time unless the file is declared WIB/WITA/WIT.
"""

from datetime import date

import pandas as pd
from sqlalchemy import insert, select

from models import Unit, User, db
from models.complaint import Complaint, ComplaintEvent
from scoring.sla import InvalidTransition, check_transition

from .. import audit
from ..indicators.entry import editable_unit_ids
from . import calendars, computed
from . import import_values as parse
from .imports import FIELDS, Preview, RowError

HISTORY = ("diverifikasi", "didisposisikan", "ditindaklanjuti", "selesai", "ditutup")
_CHUNK = 500


class _Row:
    """Accessor of one spreadsheet row through the mapping, collecting its errors."""

    def __init__(self, number: int, cells: dict, mapping: dict, errors: list[RowError]):
        self.number, self.cells, self.mapping, self.errors = number, cells, mapping, errors
        self.ok = True

    def raw(self, name: str):
        header = self.mapping.get(name)
        value = self.cells.get(header) if header else None
        return value.strip() if isinstance(value, str) else value

    def fail(self, name: str, message: str) -> None:
        header = self.mapping.get(name) or FIELDS[name][0]
        value = self.raw(name)
        self.errors.append(RowError(self.number, header, "" if value is None else str(value),
                                    message))
        self.ok = False

    def parsed(self, name: str, parser, *args):
        try:
            return parser(self.raw(name), *args)
        except ValueError as err:
            self.fail(name, str(err))
            return None


def validate(frame: pd.DataFrame, mapping: dict, options: dict, user: User) -> Preview:
    """Check every row; return the valid rows and an error per bad cell. Writes nothing."""
    preview = Preview(total=len(frame), headers=list(frame.columns), mapping=mapping)
    missing = [label for name, (label, required, _) in FIELDS.items()
               if required and not mapping.get(name)]
    if missing:
        preview.errors.append(RowError(1, "—", "", "Kolom wajib belum dipetakan: "
                                       + ", ".join(missing) + "."))
        return preview
    context = _Context(frame, mapping, user)
    for index, cells in enumerate(frame.to_dict("records"), start=2):  # row 1 is the header
        row = _Row(index, cells, mapping, preview.errors)
        record = _record(row, context, options)
        if row.ok and record is not None:
            preview.valid.append(record)
    return preview


class _Context:
    """Lookups shared by every row: units, the user's scope, tracking numbers seen."""

    def __init__(self, frame: pd.DataFrame, mapping: dict, user: User):
        units = db.session.scalars(select(Unit).where(Unit.level != "pemda")).all()
        self.units = {u.code.lower(): u for u in units} | {u.name.lower(): u for u in units}
        self.scope = editable_unit_ids(user)
        numbers = [str(v).strip() for v in frame[mapping["tracking_number"]] if v is not None]
        self.existing = set()
        for start in range(0, len(numbers), _CHUNK):
            self.existing |= set(db.session.scalars(select(Complaint.tracking_number).where(
                Complaint.tracking_number.in_(numbers[start:start + _CHUNK]))))
        self.seen: dict[str, int] = {}


def _record(row: _Row, ctx: _Context, options: dict) -> dict | None:
    number = _tracking(row, ctx)
    unit = _unit(row, ctx)
    subject = row.raw("subject")
    if not subject:
        row.fail("subject", "Judul wajib diisi.")
    record = {
        "tracking_number": number, "subject": str(subject or "")[:300],
        "description": _text(row.raw("description")), "category": _text(row.raw("category"), 120),
        "kind": row.parsed("kind", parse.kind), "channel": row.parsed("channel", parse.channel),
        "severity": row.parsed("severity", parse.severity, options["severity"]),
        "complainant_name": _text(row.raw("complainant_name"), 120),
        "complainant_contact": _text(row.raw("complainant_contact"), 200),
        "is_confidential": row.parsed("is_confidential", parse.yes_no),
    }
    if unit is None:
        return None
    events = _events(row, unit, options["timezone"])
    if not row.ok or not events:
        return None
    return record | {"unit_id": unit.id, "received_at": events[0][1], "events": events,
                     "status": events[-1][0]}


def _text(value, limit: int | None = None) -> str | None:
    text = "" if value is None else str(value).strip()
    return (text[:limit] if limit else text) or None


def _tracking(row: _Row, ctx: _Context) -> str | None:
    value = row.raw("tracking_number")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    number = _text(value, 60)
    if not number:
        row.fail("tracking_number", "Nomor tracking wajib diisi.")
    elif number in ctx.existing:
        row.fail("tracking_number", f"Nomor tracking {number} sudah terdaftar.")
    elif number in ctx.seen:
        row.fail("tracking_number", f"Nomor tracking ganda dalam berkas (baris "
                                    f"{ctx.seen[number]}).")
    else:
        ctx.seen[number] = row.number
    return number


def _unit(row: _Row, ctx: _Context) -> Unit | None:
    text = _text(row.raw("unit"))
    unit = ctx.units.get(text.lower()) if text else None
    if unit is None:
        row.fail("unit", f"Unit '{text or ''}' tidak dikenal (isi kode atau nama unit).")
    elif ctx.scope is not None and unit.id not in ctx.scope:
        row.fail("unit", f"Unit {unit.code} di luar lingkup Anda.")
        return None
    return unit


def _when(row: _Row, name: str, unit: Unit, zone: str):
    value = row.parsed(name, parse.timestamp)
    if value is not None and zone != "local":
        value = parse.shift_zone(value, zone, unit.timezone)
    return value


def _events(row: _Row, unit: Unit, zone: str) -> list[tuple[str, object]]:
    """Build the row's (status, local time) chain; record an error on the cell at fault."""
    received = _when(row, "received_at", unit, zone)
    if received is None:
        if row.ok:
            row.fail("received_at", "Tanggal laporan wajib diisi.")
        return []
    if received > calendars.local_now(unit.timezone):
        row.fail("received_at", "Tanggal laporan di masa depan.")
        return []
    chain = [("diterima", received, "received_at")]
    for status in HISTORY:
        at = _when(row, f"at_{status}", unit, zone)
        if at is not None:
            chain.append((status, at, f"at_{status}"))
    final = row.parsed("status", parse.status)
    if final and final != chain[-1][0]:
        at = _when(row, "status_at", unit, zone)
        if at is None:
            row.fail("status", f"Status '{final}' perlu tanggal (kolom Tanggal status atau "
                               "kolom riwayat).")
            return []
        chain.append((final, at, "status_at"))
    return _checked(row, chain)


def _checked(row: _Row, chain: list) -> list[tuple[str, object]]:
    for (before, at_before, _), (status, at, column) in zip(chain, chain[1:], strict=False):
        if at < at_before:
            row.fail(column, f"Waktu {status} sebelum waktu {before}.")
            return []
        try:
            check_transition(before, status)
        except InvalidTransition as err:
            row.fail(column if column != "status_at" else "status", str(err))
            return []
    return [(status, at) for status, at, _ in chain]


def store(preview: Preview, user: User, batch: str, filename: str) -> tuple[int, int]:
    """Insert the valid rows and their events in bulk; return (complaints, events) stored."""
    rows = [{k: v for k, v in r.items() if k != "events"}
            | {"source": "import", "import_batch": batch, "created_by_id": user.id}
            for r in preview.valid]
    if not rows:
        return 0, 0
    table = Complaint.__table__  # Core executemany, as in the demo seeder: fast for thousands
    ids = dict(db.session.execute(insert(table).returning(table.c.tracking_number, table.c.id),
                                  rows).all())
    events = [{"complaint_id": ids[r["tracking_number"]], "status": status, "at": at,
               "actor_user_id": user.id, "note": "Impor SP4N-LAPOR!" if i == 0 else None}
              for r in preview.valid for i, (status, at) in enumerate(r["events"])]
    db.session.execute(insert(ComplaintEvent.__table__), events)
    audit.record("import", "Complaint", None, {
        "file": filename, "batch": batch, "complaints": len(rows), "events": len(events),
        "rejected_rows": preview.rejected_rows})
    days: list[date] = [r["received_at"].date() for r in rows]
    computed.refresh(min(days), max(days), sorted({r["unit_id"] for r in rows}))
    return len(rows), len(events)
