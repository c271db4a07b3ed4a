"""Write exported tables as an Excel workbook or as CSV (data → bytes).

CSV: comma-separated, decimal point, UTF-8 with a byte-order mark, CRLF line ends (RFC 4180).
Machines (the province's systems, pandas) read it as is and Excel opens the UTF-8 text
correctly; people who want Indonesian number display open the .xlsx instead.
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .tables import Table, safe_cell

HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
MAX_WIDTH, MIN_WIDTH = 60, 8
CSV_DECIMALS = 6


def workbook_bytes(tables: list[Table], properties: dict | None = None) -> bytes:
    """Return an .xlsx with one sheet per table: bold filled header, frozen, sized columns."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        _write_sheet(book.create_sheet(table.title), table)
    for key, value in (properties or {}).items():
        setattr(book.properties, key, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(sheet, table: Table) -> None:
    sheet.append([safe_cell(h) for h in table.header])
    for row in table.rows:
        sheet.append([safe_cell(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, fmt in enumerate(table.formats, start=1):
        letter = get_column_letter(index)
        if fmt:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = fmt
        sheet.column_dimensions[letter].width = _width(table, index - 1)


def _width(table: Table, column: int) -> float:
    """Size a column to its longest cell (header words wrap), within MIN and MAX widths."""
    longest = max((len(_text(row[column])) for row in table.rows if column < len(row)),
                  default=0)
    header = max((len(w) for w in str(table.header[column]).split()), default=0)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2, header + 2)))


def _text(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return "" if value is None else str(value)


def csv_bytes(table: Table) -> bytes:
    """Return the table as CSV text in UTF-8 with BOM; floats keep six decimals at most."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in table.header])
    for row in table.rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(round(value, CSV_DECIMALS))
    return safe_cell(value)
