"""Files the feature hands out: import templates and rejected rows (data → bytes).

Every text cell goes through safe_cell: a spreadsheet would run a cell starting with
= + - @ (or tab/CR) as a formula, so such cells are prefixed with a quote.
"""

import csv
import io
import re

from openpyxl import Workbook
from openpyxl.styles import Font

from models.survey import AGE_BANDS, EDUCATIONS, GENDERS, OCCUPATIONS

from .imports import TEMPLATE_COLUMNS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # XLSX cannot hold them


def safe_cell(value) -> str:
    """Return the cell text, quoted when a spreadsheet would read it as a formula."""
    text = "" if value is None else CONTROL_CHARACTERS.sub("", str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly


def example_row(unit_code: str, service_code: str, day: str) -> list:
    """Return one filled-in example row in template column order."""
    return [day, unit_code, service_code, 4, 3, 3, 4, 3, 4, 4, 3, "", "P", "30-39", "SMA",
            "WIRAUSAHA", "Antrean pagi hari masih panjang."]


def template_csv(example: list) -> bytes:
    """Return the CSV import template: the header and one example row."""
    return _csv([TEMPLATE_COLUMNS, example])


def _allowed_values(codes: list[tuple[str, str, str]]) -> list[list]:
    rows = [["kolom", "nilai yang diterima"],
            ["tanggal", "2025-03-14 atau 14/03/2025 (dalam periode yang dipilih)"],
            ["U1 … U9", "1, 2, 3, 4; kosong = tidak dijawab"],
            ["jenis_kelamin", ", ".join(GENDERS)],
            ["usia", ", ".join(AGE_BANDS) + " atau umur dalam tahun"],
            ["pendidikan", ", ".join(EDUCATIONS)],
            ["pekerjaan", ", ".join(OCCUPATIONS)],
            ["saran", "teks bebas, paling panjang 2000 karakter"], [],
            ["kode_unit", "kode_layanan", "nama layanan"]]
    return rows + [list(c) for c in codes]


def template_xlsx(example: list, codes: list[tuple[str, str, str]]) -> bytes:
    """Return the XLSX template: a data sheet, and a sheet of accepted values and codes."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(TEMPLATE_COLUMNS)
    sheet.append([v if isinstance(v, int) else safe_cell(v) for v in example])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    help_sheet = book.create_sheet("Petunjuk")
    for row in _allowed_values(codes):
        help_sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def errors_csv(errors: list[dict]) -> bytes:
    """Return the rejected cells of an import as CSV (row, column, value, message)."""
    rows = [["baris", "kolom", "isi", "pesan"]]
    rows += [[e["row"], e["column"], e["value"], e["message"]] for e in errors]
    return _csv(rows)
