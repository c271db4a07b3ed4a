"""Bounded reading of an uploaded XLSX: an .xlsx is a zip, so a small upload can unpack huge.

Three ways a crafted workbook exhausts memory, each refused here with an Indonesian message:
members that inflate far beyond the upload (a zip bomb), a sheet whose cells sit in far-away
columns (``XFD1``: every row would be padded to 16,384 cells), and millions of rows. The reader
streams the first sheet (openpyxl read-only), keeps at most ``max_columns`` columns and stops
as soon as the row limit is passed, so memory stays proportional to the accepted data.
"""

import io
import zipfile
from pathlib import Path

from openpyxl import load_workbook

#: Sum of the members' declared sizes; zipfile never inflates a member past its declared size.
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
MAX_COLUMNS = 100
#: Blank rows tolerated beyond the data-row limit (formatted but empty rows at the end).
BLANK_SLACK = 10_000


class XlsxRejected(ValueError):
    """The workbook cannot be read safely; the message says why, in Indonesian."""


def _open(data: bytes):
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise XlsxRejected("Berkas XLSX tidak dapat dibaca (bukan buku kerja Excel yang sah)."
                           ) from None
    inflated = sum(m.file_size for m in members)
    if inflated > MAX_UNCOMPRESSED_BYTES:
        raise XlsxRejected(f"Berkas XLSX terlalu besar setelah dibuka ({inflated // 1048576} MB; "
                           f"paling besar {MAX_UNCOMPRESSED_BYTES // 1048576} MB).")
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a damaged or foreign file
        raise XlsxRejected(f"Berkas XLSX tidak dapat dibaca ({type(err).__name__}).") from None


def read_rows(source: bytes | Path, max_rows: int, max_columns: int = MAX_COLUMNS) -> list[list]:
    """Return the first sheet's rows (header first) as lists of cell values (None = blank).

    Trailing blank cells and trailing blank rows are dropped; blank rows in between keep their
    place, so row numbers match the spreadsheet. Whole floats become ints (4.0 → 4).
    Raises XlsxRejected for a damaged file, a zip bomb or more than ``max_rows`` data rows.
    """
    data = source.read_bytes() if isinstance(source, Path) else source
    book = _open(data)
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # never trust the declared size (A1:XFD1048576)
        rows = _collect(sheet.iter_rows(max_col=max_columns, values_only=True), max_rows)
    except XlsxRejected:
        raise
    except Exception as err:  # a damaged sheet fails while streaming, not while opening
        raise XlsxRejected(f"Berkas XLSX tidak dapat dibaca ({type(err).__name__}).") from None
    finally:
        book.close()
    return rows


def header_names(cells: list) -> list[str]:
    """Return a header row as unique names, as pandas reads them ("Unnamed: 3", "U1.1")."""
    names, seen = [], {}
    for i, raw in enumerate(cells):
        name = f"Unnamed: {i}" if raw is None else str(raw)
        count = seen.get(name, 0)
        seen[name] = count + 1
        names.append(f"{name}.{count}" if count else name)
    return names


def _collect(rows, max_rows: int) -> list[list]:
    kept: list[list] = []
    last_filled = 0
    for row in rows:
        if len(kept) > max_rows + BLANK_SLACK or last_filled > max_rows + 1:
            raise XlsxRejected(f"Paling banyak {max_rows:,} baris data per berkas."
                               .replace(",", "."))
        if row.count(None) == len(row):  # blank row (C speed: a bomb is mostly blank rows)
            kept.append([])
            continue
        cells = [_value(v) for v in row]
        while cells and cells[-1] is None:
            cells.pop()
        kept.append(cells)
        if cells:
            last_filled = len(kept)
    if last_filled > max_rows + 1:
        raise XlsxRejected(f"Paling banyak {max_rows:,} baris data per berkas.".replace(",", "."))
    return kept[:last_filled]


def _value(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value == "":
        return None
    return value
