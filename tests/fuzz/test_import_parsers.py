"""Every import parser, fed hostile cells, files, encodings and column orders (no database).

Each parser must accept a cell, or refuse it with an Indonesian message naming the row and
column; it never raises anything else, and never lets NaN or infinity through.
"""

import math
import pathlib
import tempfile

import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from evalsys.complaints import import_values as lapor
from evalsys.complaints import imports as complaint_imports
from evalsys.errors import DomainError
from evalsys.indicators.entry import parse_number
from evalsys.surveys import imports as survey_imports
from evalsys.surveys.imports import FileRejected, ImportContext
from evalsys.workforce import imports as staff_imports
from models import Indicator

from .strategies import FAST, NASTY_TEXT, XLSX, cells, text_cells
from .xlsx import workbook

ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]
DELIMITERS = [",", ";", "\t", "|"]


def csv_bytes(header: list[str], rows: list[list[str]], sep: str, encoding: str) -> bytes:
    lines = [sep.join(header)] + [sep.join(str(c) for c in row) for row in rows]
    return "\n".join(lines).encode(encoding, errors="replace")


def survey_context() -> ImportContext:
    return ImportContext(period_id=1, period_code="2025-S1", start=pd.Timestamp("2025-01-01"),
                         end=pd.Timestamp("2025-06-30"), unit_ids={"PKM-A": 1, "PKM-B": 2},
                         allowed={1}, services={(1, "L01"): 7}, questionnaires={},
                         default_questionnaire=3)


survey_rows = st.lists(st.lists(text_cells(), min_size=0, max_size=20), max_size=6)
column_orders = st.permutations(survey_imports.TEMPLATE_COLUMNS).flatmap(
    lambda cols: st.integers(min_value=0, max_value=len(cols)).map(lambda n: list(cols[n:])))


def _check_survey_outcome(validation, columns: set[str], rows: int) -> None:
    allowed_columns = columns | {"U1–U9"}
    for error in validation.errors.to_dict("records"):
        assert 2 <= error["row"] <= rows + 1
        assert error["column"] in allowed_columns
        assert isinstance(error["message"], str) and error["message"]
    valid = validation.valid
    for code in survey_imports.ANSWER_COLUMNS:
        answers = valid[code.lower()].dropna()
        assert answers.isin([1, 2, 3, 4]).all()
    assert set(valid["unit_id"]) <= {1}  # only the unit the user may import for
    assert valid["local_time"].notna().all()


@FAST
@given(columns=column_orders, rows=survey_rows, sep=st.sampled_from(DELIMITERS),
       encoding=st.sampled_from(ENCODINGS))
def test_survey_csv_is_read_or_refused_with_a_message(columns, rows, sep, encoding):
    data = csv_bytes(columns, rows, sep, encoding)
    try:
        frame = survey_imports.read_table(data, "skm.csv")
    except FileRejected as err:
        assert str(err)
        return
    validation = survey_imports.validate(frame, survey_context())
    _check_survey_outcome(validation, set(frame.columns), len(frame))


GOOD_SURVEY = ["2025-03-14", "PKM-A", "L01", 4, 3, 3, 4, 3, 4, 4, 3, 2, "P", "30-39", "SMA",
               "SWASTA", "Bagus"]


@XLSX
@given(rows=st.lists(st.lists(cells(), max_size=17), min_size=1, max_size=5),
       bad_column=st.integers(0, 16), bad=cells())
@example(rows=[GOOD_SURVEY], bad_column=3, bad=math.nan)
@example(rows=[GOOD_SURVEY], bad_column=3, bad=math.inf)
@example(rows=[GOOD_SURVEY], bad_column=0, bad="=cmd|' /C calc'!A0")
def test_survey_xlsx_cells_are_accepted_or_named(rows, bad_column, bad):
    good = list(GOOD_SURVEY)
    good[bad_column] = bad
    data = workbook([list(survey_imports.TEMPLATE_COLUMNS), good, *rows])
    frame = survey_imports.read_table(data, "skm.xlsx")
    validation = survey_imports.validate(frame, survey_context())
    _check_survey_outcome(validation, set(frame.columns), len(frame))


@FAST
@given(data=st.binary(max_size=400), name=st.sampled_from(
    ["a.csv", "a.xlsx", "a.CSV", "a.txt", "a", "a.xlsx.exe", "../../etc/passwd"]))
@example(data=b"PK\x03\x04garbage", name="a.xlsx")
@example(data=b"", name="a.xlsx")
def test_survey_random_bytes_never_crash(data, name):
    try:
        survey_imports.read_table(data, name)
    except FileRejected as err:
        assert str(err)


# --- SP4N-LAPOR! complaints: the cell parsers and the file reader -----------------------------

PARSERS = [(lapor.status, ()), (lapor.channel, ()), (lapor.kind, ()),
           (lapor.severity, ("normatif",)), (lapor.yes_no, ()), (lapor.timestamp, ())]


@FAST
@given(value=cells(), which=st.integers(0, len(PARSERS) - 1))
@example(value=pd.NaT, which=5)
@example(value=pd.Timestamp("2025-01-01", tz="Asia/Jakarta"), which=5)
def test_lapor_cell_parsers_return_a_clean_value_or_a_message(value, which):
    parser, args = PARSERS[which]
    try:
        result = parser(value, *args)
    except ValueError as err:
        assert str(err)
        return
    if parser is lapor.timestamp:
        assert result is None or (result == result and result.tzinfo is None)
    elif parser is lapor.yes_no:
        assert isinstance(result, bool)
    else:
        assert result is None or isinstance(result, str)


@XLSX
@given(header=st.lists(st.sampled_from(list(complaint_imports.TEMPLATE_HEADERS) + NASTY_TEXT),
                       min_size=1, max_size=8),
       rows=st.lists(st.lists(text_cells(), max_size=8), max_size=4),
       sep=st.sampled_from(DELIMITERS), encoding=st.sampled_from(ENCODINGS),
       suffix=st.sampled_from([".csv", ".xlsx"]))
def test_lapor_reader_reads_or_refuses(header, rows, sep, encoding, suffix):
    data = (csv_bytes(header, rows, sep, encoding) if suffix == ".csv"
            else workbook([header, *rows]))
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / f"lapor{suffix}"
        path.write_bytes(data)
        try:
            frame = complaint_imports.read_table(path)
        except DomainError as err:
            assert str(err)
            return
    mapping = complaint_imports.default_mapping(list(frame.columns))
    assert set(mapping) == set(complaint_imports.FIELDS)
    assert all(v is None or v in frame.columns for v in mapping.values())


# --- Staff roster ------------------------------------------------------------------------------

@XLSX
@given(columns=st.permutations(staff_imports.COLUMNS).flatmap(
           lambda c: st.integers(0, 4).map(lambda n: list(c[n:]))),
       rows=st.lists(st.lists(cells(), max_size=10), max_size=5),
       fmt=st.sampled_from(["csv", "xlsx"]), sep=st.sampled_from([",", ";"]),
       encoding=st.sampled_from(ENCODINGS))
def test_roster_reader_gives_text_columns_or_a_message(columns, rows, fmt, sep, encoding):
    if fmt == "xlsx":
        data = workbook([columns, *rows])
    else:
        data = csv_bytes(columns, [[str(c) for c in r] for r in rows], sep, encoding)
    try:
        frame = staff_imports.read_table(f"pegawai.{fmt}", data)
    except staff_imports.ImportFileError as err:
        assert str(err)
        return
    assert list(frame.columns) == list(staff_imports.COLUMNS)
    assert all(isinstance(v, str) for v in frame.to_numpy().ravel())
    assert (frame.index >= 2).all()  # spreadsheet row numbers, the header is row 1


@FAST
@given(text=text_cells())
def test_roster_dates_parse_or_give_none(text):
    result = staff_imports.parse_date(text)
    assert result is None or 1 <= result.year <= 9999


# --- Indicator entry grid ----------------------------------------------------------------------

@FAST
@given(raw=st.one_of(text_cells(), st.floats().map(str), st.floats().map(lambda f: f"{f:,}")),
       lo=st.one_of(st.none(), st.floats(-1e6, 1e6)), span=st.floats(0, 1e6),
       decimals=st.integers(0, 4))
@example(raw="NaN", lo=0.0, span=100.0, decimals=2)
@example(raw="1e400", lo=None, span=1.0, decimals=2)
@example(raw="-inf", lo=None, span=1.0, decimals=2)
def test_grid_number_is_finite_in_range_or_refused(raw, lo, span, decimals):
    hi = None if lo is None else lo + span
    indicator = Indicator(code="x", min_value=lo, max_value=hi, decimals=decimals,
                          unit_of_measure="%")
    try:
        value = parse_number(raw, indicator)
    except ValueError as err:
        assert str(err)
        return
    if value is None:
        assert not raw.strip().replace(" ", "")
        return
    assert math.isfinite(value)
    if lo is not None:
        assert lo - 10 ** -decimals <= value <= hi + 10 ** -decimals


@pytest.mark.parametrize("raw", ["NaN", "nan", "inf", "-Infinity", "1e999", "\x00"])
def test_grid_refuses_non_finite_spellings(raw):
    indicator = Indicator(code="x", min_value=None, max_value=None, decimals=2,
                          unit_of_measure="%")
    with pytest.raises(ValueError):
        parse_number(raw, indicator)


def test_csv_with_nul_bytes_and_bom_is_read_without_them():
    data = ("\ufefftanggal,kode_unit," + ",".join(survey_imports.ANSWER_COLUMNS)
            + "\n2025-03-14\x00,PKM-A" + ",4" * 9 + "\n").encode()
    frame = survey_imports.read_table(data, "skm.csv")
    validation = survey_imports.validate(frame, survey_context())
    # NUL is dropped on reading (PostgreSQL text cannot hold it); the row is then valid.
    assert validation.errors.empty and len(validation.valid) == 1
