"""Hostile rows through validation into the database: only clean rows stored, never NaN/inf.

The indicator grid is all-or-nothing (one bad cell: nothing stored); the imports store the
valid rows and list the rejected ones, so the stored count must equal the valid count.
"""

import csv
import io
import math

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from evalsys.complaints import import_rows
from evalsys.complaints.imports import FIELDS, default_mapping, read_table
from evalsys.errors import DomainError
from evalsys.indicators.entry import save_cells
from evalsys.workforce import imports as staff_imports
from models import IndicatorValue, db
from models.complaint import Complaint
from models.workforce import Position, Staff

from .strategies import DB, cells, text_cells
from .xlsx import workbook


def _world(app, build):
    """Build the test's fixed records once per app (hypothesis runs every example in one)."""
    cache = app.extensions.setdefault("fuzz_world", {})
    if build.__name__ not in cache:
        cache[build.__name__] = build()
    return cache[build.__name__]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@DB
@given(raws=st.lists(st.one_of(text_cells(), st.sampled_from(["50", "75,5", "1.234,5", ""])),
                     min_size=1, max_size=4))
def test_grid_save_is_all_or_nothing_and_finite(app, make_unit, make_user, make_period,
                                                make_indicator, raws):
    def grid():
        return make_unit(), make_period(), [make_indicator() for _ in range(4)], make_user("admin")

    unit, period, indicators, admin = _world(app, grid)
    before = {v.id: v.value for v in db.session.scalars(select(IndicatorValue))}
    cells_ = {(unit.id, ind.id): (raw, None) for ind, raw in zip(indicators, raws, strict=False)}
    result = save_cells(admin, period, cells_)
    db.session.commit()
    after = {v.id: v.value for v in db.session.scalars(select(IndicatorValue))}
    if result.errors:
        assert after == before and result.saved == 0
        assert all(isinstance(m, str) and m for m in result.errors.values())
        assert set(result.where) == set(result.errors)
    assert all(v is None or math.isfinite(v) for v in after.values())


LAPOR = ["Nomor Tracking", "Tanggal Laporan", "Instansi Tujuan", "Judul Laporan", "Status",
         "Tanggal Selesai", "Kelas Penanganan", "Rahasia"]


@DB
@given(rows=st.lists(st.lists(st.one_of(cells(), st.sampled_from(
    ["PKM-A", "27/03/2025 10:00", "2025-04-01", "Selesai", "ya"])), min_size=8, max_size=8),
    min_size=1, max_size=4))
def test_complaints_store_exactly_the_valid_rows(app, make_unit, make_user, tmp_path, rows):
    def complaints():
        make_unit(code="PKM-A")
        return make_user("admin")

    admin = _world(app, complaints)
    path = tmp_path / "lapor.xlsx"
    path.write_bytes(workbook([LAPOR, *rows]))
    try:  # through the real reader, as an upload goes
        frame = read_table(path)
    except DomainError as err:
        assert str(err)
        return
    mapping = default_mapping(LAPOR)
    before = _count(Complaint)
    preview = import_rows.validate(frame, mapping, {"severity": "normatif",
                                                    "timezone": "local"}, admin)
    for error in preview.errors:
        assert 2 <= error.row <= len(rows) + 1 and error.message
        assert error.column in LAPOR or error.column in {f[0] for f in FIELDS.values()}
    stored, _events = import_rows.store(preview, admin, "fuzz", "fuzz.csv")
    db.session.commit()
    assert stored == len(preview.valid) and _count(Complaint) == before + stored
    for complaint in db.session.scalars(select(Complaint)):
        assert complaint.subject and complaint.received_at is not None
        assert "\x00" not in complaint.subject


@DB
@given(rows=st.lists(st.lists(st.one_of(text_cells(), st.sampled_from(
    ["199001012015011001", "PKM-A", "BDN", "2020-01-02", "ya", "tidak", "aktif"])),
    min_size=10, max_size=10), min_size=1, max_size=4))
def test_roster_stores_exactly_the_valid_rows(app, make_unit, make_user, rows):
    def roster():
        make_unit(code="PKM-A")
        db.session.add(Position(code="BDN", name="Bidan", kind="fungsional"))
        db.session.commit()
        return make_user("admin")

    admin = _world(app, roster)
    buffer = io.StringIO()
    csv.writer(buffer).writerows([staff_imports.COLUMNS, *rows])
    try:  # through the real reader, as an upload goes
        frame = staff_imports.read_table("pegawai.csv", buffer.getvalue().encode())
    except staff_imports.ImportFileError as err:
        assert str(err)
        return
    before = _count(Staff)
    preview = staff_imports.check(frame, admin)
    for row, column, message in preview.errors:
        assert row >= 2 and column in staff_imports.COLUMNS and message
    stored = staff_imports.store(preview, "fuzz.csv") if preview.valid else 0
    db.session.commit()
    assert _count(Staff) == before + stored == before + len(preview.valid)
