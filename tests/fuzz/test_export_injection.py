"""Formula injection: hostile text in unit, indicator or complaint fields never runs in Excel.

Every CSV and XLSX the product hands out is built by one of these writers; each is fed
formula strings (and control characters, which XML cannot carry) and read back.
"""

import csv
import io

from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from evalsys.reports import sheets
from evalsys.reports.tables import Table
from evalsys.surveys import exports as survey_exports
from evalsys.workforce import exports as staff_exports
from models import Unit
from models.workforce import Position

from .strategies import FAST, FORMULAS, NASTY_TEXT

WRITES = settings(FAST, max_examples=10)  # each example writes and re-reads a workbook

STARTS = ("=", "+", "-", "@", "\t", "\r")
hostile = st.one_of(st.sampled_from(FORMULAS + NASTY_TEXT),
                    st.sampled_from(STARTS).flatmap(lambda c: st.text(max_size=20).map(
                        lambda t: c + t)),
                    st.text(max_size=20))


def _xlsx_cells(data: bytes):
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_xlsx_inert(data: bytes) -> None:
    for cell in _xlsx_cells(data):
        assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
        if isinstance(cell.value, str):
            assert not cell.value.startswith(STARTS), f"{cell.coordinate}: {cell.value!r}"


def assert_csv_inert(data: bytes) -> None:
    text = data.decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text, newline="")):
        for field in row:
            assert not field.startswith(STARTS) or _is_number(field), repr(field)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@WRITES
@given(names=st.lists(hostile, min_size=1, max_size=4))
@example(names=["=cmd|' /C calc'!A0", "@SUM(1)", "+1", "\x1bgeser"])
def test_report_workbook_and_csv_neutralise_formulas(names):
    table = Table(title="Skor", header=["Unit", *names], formats=[None] * (len(names) + 1),
                  rows=[[name, 1.5, None, -2.0] for name in names])
    assert_xlsx_inert(sheets.workbook_bytes([table]))
    assert_csv_inert(sheets.csv_bytes(table))


@WRITES
@given(values=st.lists(hostile, min_size=1, max_size=4))
def test_survey_error_csv_and_template_neutralise_formulas(values):
    errors = [{"row": 2, "column": v, "value": v, "message": f"Nilai '{v}' tidak dikenal."}
              for v in values]
    assert_csv_inert(survey_exports.errors_csv(errors))
    codes = [(v, v, v) for v in values]
    example_row = survey_exports.example_row(values[0], values[-1], "2025-03-14")
    assert_xlsx_inert(survey_exports.template_xlsx(example_row, codes))
    assert_csv_inert(survey_exports.template_csv(example_row))


@settings(WRITES, max_examples=4)  # the template formats 1,000 rows: slow to write
@given(names=st.lists(hostile, min_size=1, max_size=3))
def test_roster_template_neutralises_unit_and_position_names(names):
    units = [Unit(code=n, name=n) for n in names]
    positions = [Position(code=n, name=n, kind=n) for n in names]
    assert_xlsx_inert(staff_exports.template_xlsx(units, positions))
