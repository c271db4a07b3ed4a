"""Roster import: every bad row and column named, nothing stored at preview, then store."""

import base64
import html
import io
import re
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from models import AuditEvent, db
from models.workforce import Staff
from tests.conftest import login
from tests.web.test_workforce_support import (  # noqa: F401  (fixtures)
    add_staff_fixture,
    make_position_fixture,
    nip,
)

HEADER = "nip,nama,kode_unit,kode_jabatan,tmt_jabatan,status,keahlian,dilindungi,alasan_dilindungi"


@pytest.fixture
def roster(make_unit, make_user, make_position, add_staff):
    own, other = make_unit(code="PKM-A"), make_unit(code="PKM-B")
    midwife = make_position(code="BDN", name="Bidan")
    registered = add_staff(own, midwife, 1)[0]
    return {"own": own, "other": other, "registered": registered,
            "evaluator": make_user("evaluator", units=[own])}


def _rows(registered_nip: str) -> list[tuple[int, str, str, str]]:
    """(spreadsheet row, CSV line, column, expected message) of a file with every fault."""
    twin = "199002142015032001"
    return [
        (2, '198707072010122001,Rina,PKM-A,BDN,2019-01-02,,"APN; KB",,', "", ""),
        (3, "19870707201012200,Dewi,PKM-A,BDN,2019-01-02,,,,", "nip",
         "NIP harus 18 digit, bukan 17 digit."),
        (4, "198707072010132001,Sari,PKM-A,BDN,2019-01-02,,,,", "nip",
         "Bulan TMT CPNS (digit 13–14) harus 01–12, bukan 13."),
        (5, f"{twin},Ani,PKM-A,BDN,2019-01-02,,,,", "nip",
         f"NIP {twin} muncul lebih dari sekali dalam berkas (baris 5, 6)."),
        (6, f"{twin[:8]} {twin[8:14]} {twin[14]} {twin[15:]},Ani,PKM-A,BDN,2019-01-02,,,,", "nip",
         f"NIP {twin} muncul lebih dari sekali dalam berkas (baris 5, 6)."),
        (7, f"{registered_nip},Budi,PKM-A,BDN,2019-01-02,,,,", "nip",
         f"NIP {registered_nip} sudah terdaftar (unit PKM-A)."),
        (8, "198801012011012001,Tri,XYZ,BDN,2019-01-02,,,,", "kode_unit",
         "Kode unit 'XYZ' tidak dikenal."),
        (9, "198801022011012001,Wulan,PKM-A,NOPE,2019-01-02,,,,", "kode_jabatan",
         "Kode jabatan 'NOPE' tidak dikenal."),
        (10, "198801032011012001,Yuni,PKM-A,BDN,31/02/2021,,,,", "tmt_jabatan",
         "Tanggal '31/02/2021' tidak dikenali; tulis TTTT-BB-HH atau HH/BB/TTTT."),
        (11, "198801042011012001,Putri,PKM-A,BDN,2010-05-01,,,,", "tmt_jabatan",
         "TMT jabatan sebelum TMT CPNS pada NIP (01-2011)."),
        (12, "198801052011012001,Ayu,PKM-A,BDN,2099-01-01,,,,", "tmt_jabatan",
         "TMT jabatan tidak boleh di masa depan."),
        (13, "198801062011012001,Dian,PKM-A,BDN,2019-01-02,libur,,,", "status",
         "Status 'libur' tidak dikenal; pilih aktif, cuti, pensiun, mutasi."),
        (14, "198801072011012001,Maya,PKM-A,BDN,2019-01-02,,,ya,", "alasan_dilindungi",
         "Alasan wajib diisi bila pegawai dilindungi."),
        (15, "198801082011012001,Nur,PKM-B,BDN,2019-01-02,,,,", "kode_unit",
         "Anda tidak berwenang mengubah pegawai unit PKM-B."),
        (16, "198801092011012001,Indah,PKM-A,BDN,02/01/2019,cuti,,ya,Satu-satunya bidan APN",
         "", ""),
    ]


def _csv(rows, delimiter=",") -> bytes:
    lines = [HEADER] + [line for _n, line, _c, _m in rows]
    return "\n".join(lines).replace(",", delimiter).encode("utf-8-sig")


def _errors(page: str) -> set[tuple[int, str, str]]:
    table = page[page.index('id="import-errors"'):]
    cells = re.findall(r'<tr><td class="num">(\d+)</td><td><code>(\w+)</code></td><td>(.*?)</td>',
                       table)
    return {(int(r), c, html.unescape(m)) for r, c, m in cells}


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Staff))


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_preview_names_every_bad_row_and_column_and_stores_nothing(client, roster, delimiter):
    rows = _rows(roster["registered"].nip)
    login(client, roster["evaluator"])
    response = client.post("/workforce/staff/import", data={
        "file": (io.BytesIO(_csv(rows, delimiter)), "pegawai.csv")},
        content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _errors(page) == {(n, c, m) for n, _line, c, m in rows if c}
    assert "Simpan 2 baris valid" in page and "tolak 13 baris" in page
    assert _count() == 1  # the preview stored nothing


def test_confirming_stores_the_valid_rows_in_one_go_and_audits_the_import(client, roster):
    rows = _rows(roster["registered"].nip)
    login(client, roster["evaluator"])
    response = client.post("/workforce/staff/import", data={
        "action": "store", "filename": "pegawai.csv",
        "content": base64.b64encode(_csv(rows)).decode()})
    page = html.unescape(response.get_data(as_text=True))
    assert "2 pegawai disimpan" in page and "13 baris ditolak" in page
    stored = {s.nip: s for s in db.session.scalars(select(Staff))}
    assert len(stored) == 3
    rina, indah = stored["198707072010122001"], stored["198801092011012001"]
    assert (rina.birth_date, rina.appointed_on, rina.gender) == (date(1987, 7, 7),
                                                                date(2010, 12, 1), "P")
    assert rina.skills == ["APN", "KB"] and rina.status == "aktif"
    assert indah.post_since == date(2019, 1, 2) and indah.status == "cuti"
    assert indah.is_protected and indah.protected_reason == "Satu-satunya bidan APN"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import"))
    assert event.after["stored"] == 2 and event.after["rejected_rows"][:2] == [3, 4]


def test_xlsx_reads_dates_and_flags_a_nip_excel_stored_as_a_number(client, roster):
    book = Workbook()
    sheet = book.active
    sheet.append(["NIP", "Nama", "kode_unit", "kode_jabatan", "tmt_jabatan"])
    sheet.append(["198707072010122001", "Rina", "PKM-A", "BDN", datetime(2019, 1, 2)])
    sheet.append([198801012011012001, "Tri", "PKM-A", "BDN", datetime(2019, 1, 2)])
    out = io.BytesIO()
    book.save(out)
    login(client, roster["evaluator"])
    page = client.post("/workforce/staff/import", data={
        "file": (io.BytesIO(out.getvalue()), "pegawai.xlsx")},
        content_type="multipart/form-data").get_data(as_text=True)
    errors = _errors(page)
    assert len(errors) == 1
    row, column, message = errors.pop()
    assert (row, column) == (3, "nip") and "sebagai angka di Excel" in message
    assert "Simpan 1 baris valid" in page


@pytest.mark.parametrize(("name", "content", "message"), [
    ("pegawai.pdf", b"%PDF", "Gunakan berkas .csv atau .xlsx"),
    ("pegawai.csv", b"nama,unit\nA,B\n", "Kolom wajib tidak ada: nip, kode_unit"),
    ("pegawai.xlsx", b"not a zip", "Berkas XLSX tidak dapat dibaca"),
    ("pegawai.csv", HEADER.encode(), "Berkas tidak berisi baris data."),
])
def test_unreadable_files_are_refused_with_a_reason(client, roster, name, content, message):
    login(client, roster["evaluator"])
    page = html.unescape(client.post("/workforce/staff/import", data={
        "file": (io.BytesIO(content), name)}, content_type="multipart/form-data").get_data(
        as_text=True))
    assert message in page
    assert _count() == 1


def test_templates_download_as_csv_and_xlsx(client, roster):
    login(client, roster["evaluator"])
    csv_file = client.get("/workforce/staff/import/template")
    assert csv_file.mimetype == "text/csv"
    assert csv_file.get_data().decode("utf-8-sig").splitlines() == [
        "nip,nama,kode_unit,kode_jabatan,tmt_jabatan,status,keahlian,sertifikat,dilindungi,"
        "alasan_dilindungi"]
    xlsx = client.get("/workforce/staff/import/template?format=xlsx")
    book = load_workbook(io.BytesIO(xlsx.get_data()))
    assert book.sheetnames == ["Pegawai", "Petunjuk", "Unit", "Jabatan"]
    assert book["Pegawai"]["A1"].value == "nip" and book["Pegawai"]["A2"].number_format == "@"
    assert ("PKM-A",) in {(r[0],) for r in book["Unit"].iter_rows(values_only=True)}


def test_a_viewer_cannot_import(client, make_user, roster):
    login(client, make_user("viewer"))
    assert client.get("/workforce/staff/import").status_code == 403


def test_generated_nips_are_valid():
    from scoring.nip import parse_nip

    assert parse_nip(nip(5)).birth_date == date(1985, 3, 12)
