"""Files the workforce pages hand out: the roster import template (CSV and XLSX)."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from models import Unit
from models.workforce import STAFF_STATUSES, Position

from ..reports.tables import safe_cell
from .imports import COLUMNS, REQUIRED

EXAMPLE = ("19850312 201001 1 003", "Siti Rahmawati, A.Md.Keb.", "DINKES-PKM-SUKAMAJU", "BDN",
           "2019-01-02", "aktif", "Asuhan persalinan normal; Konseling KB", "STR; SIP",
           "tidak", "")
HELP = {
    "nip": "18 digit; boleh dengan spasi. Format kolom sebagai Teks di Excel.",
    "nama": "Nama lengkap dengan gelar.",
    "kode_unit": "Kode unit seperti di daftar unit (lembar 'Unit').",
    "kode_jabatan": "Kode jabatan (lembar 'Jabatan').",
    "tmt_jabatan": "Tanggal mulai menduduki jabatan: TTTT-BB-HH atau HH/BB/TTTT.",
    "status": "Kosong = aktif; pilihan: " + ", ".join(STAFF_STATUSES) + ".",
    "keahlian": "Pisahkan dengan titik koma.",
    "sertifikat": "Pisahkan dengan titik koma.",
    "dilindungi": "ya / tidak: dilindungi dari rotasi.",
    "alasan_dilindungi": "Wajib bila dilindungi.",
}


def template_csv() -> bytes:
    """Return the CSV template: the header only (UTF-8 with BOM so Excel reads it right).

    The example row lives in the XLSX instructions, so it can never be imported by mistake.
    """
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(COLUMNS)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(units: list[Unit], positions: list[Position]) -> bytes:
    """Return the XLSX template: the roster sheet (NIP as text) and the valid codes."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Pegawai"
    sheet.append(list(COLUMNS))
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F3")
    for cell in sheet[1]:
        cell.font = bold
        if cell.value in REQUIRED:
            cell.fill = fill
    for row in range(2, 1002):  # text format keeps all 18 NIP digits
        sheet.cell(row=row, column=1).number_format = "@"
    for letter, width in zip("ABCDEFGHIJ", (24, 32, 24, 14, 13, 10, 30, 20, 11, 30),
                             strict=True):
        sheet.column_dimensions[letter].width = width
    _sheet(book, "Petunjuk", ("kolom", "wajib", "isi", "contoh"),
           [(c, "ya" if c in REQUIRED else "", HELP[c], x) for c, x in zip(COLUMNS, EXAMPLE,
                                                                          strict=True)])
    _sheet(book, "Unit", ("kode_unit", "nama"), [(u.code, u.name) for u in units])
    _sheet(book, "Jabatan", ("kode_jabatan", "nama", "jenis"),
           [(p.code, p.name, p.kind) for p in positions])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book: Workbook, title: str, header: tuple, rows: list[tuple]) -> None:
    sheet = book.create_sheet(title)
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:  # unit and position names are user text: never let one run as a formula
        sheet.append([safe_cell(v) for v in row])
    for letter in "ABCD"[:len(header)]:
        sheet.column_dimensions[letter].width = 28 if letter != "C" else 60
