"""Build XLSX files for the fuzz tests: ordinary ones with openpyxl, hostile ones by hand."""

import io
import zipfile

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
         'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
             'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
             'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" '
             'sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                  'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                  'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                  'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
               'openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/>'
               '<sheetData>')


def workbook(rows: list[list]) -> bytes:
    """Return an .xlsx whose first sheet holds the rows (openpyxl writes every value type)."""
    book = Workbook()
    sheet = book.active
    for row in rows:  # XML cannot carry control characters: a real file never holds them
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v
                      for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _package(sheet_parts) -> bytes:
    """Zip a minimal workbook whose sheet XML is streamed from the given parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for part in sheet_parts:
                sheet.write(part.encode())
    return out.getvalue()


def far_column_bomb(header: list[str]) -> bytes:
    """A tiny file whose row 2 reaches column XFD and row 1,048,576: a 17-billion-cell grid."""
    def parts():
        yield _SHEET_HEAD + '<row r="1">'
        for i, name in enumerate(header):
            yield _inline(_column(i) + "1", name)
        yield '</row><row r="2">' + _inline("A2", "x") + _inline("XFD2", "y") + "</row>"
        yield '<row r="1048576">' + _inline("A1048576", "z") + "</row></sheetData></worksheet>"
    return _package(parts())


def many_rows_bomb(header: list[str], rows: int = 400_000) -> bytes:
    """A file of a few hundred KB holding hundreds of thousands of rows."""
    def parts():
        yield _SHEET_HEAD + '<row r="1">' + "".join(
            _inline(_column(i) + "1", name) for i, name in enumerate(header)) + "</row>"
        chunk = []
        for n in range(2, rows + 2):
            chunk.append(f'<row r="{n}">{_inline(f"A{n}", "1")}</row>')
            if len(chunk) == 5000:
                yield "".join(chunk)
                chunk = []
        yield "".join(chunk) + "</sheetData></worksheet>"
    return _package(parts())


def inflating_bomb(megabytes: int) -> bytes:
    """A valid-looking workbook with an extra member that inflates to `megabytes` of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                member.write(block)
    return out.getvalue()


def _column(index: int) -> str:
    name, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name
