"""Import of an SP4N-LAPOR! export: mapping, dry run with row-level errors, store or cancel."""

import io
import re
from datetime import datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from models import AuditEvent, db
from models.complaint import Complaint
from tests.conftest import login
from tests.web.test_complaints_helpers import (
    add_complaint,
    complaint_count,
    event_statuses,
    flashes,
    make_sla_indicators,
    set_clock,
    text_of,
)


@pytest.fixture
def sla_indicators(make_indicator):
    return make_sla_indicators(make_indicator)

HEADER = ("Nomor Tracking,Tanggal Laporan,Instansi Tujuan,Judul Laporan,Isi Laporan,Kategori,"
          "Klasifikasi,Sumber,Kelas Penanganan,Status,Tanggal Status,Tanggal Verifikasi,"
          "Tanggal Disposisi,Tanggal Tindak Lanjut,Tanggal Selesai")
ROWS = [  # row numbers as the spreadsheet shows them (header = row 1)
    "LPR-1,27/03/2025 10:00,PKM-A,Antrean obat,isi,Kesehatan,Pengaduan,Website,Normatif,"
    "Selesai,,27/03/2025 14:00,08/04/2025 09:00,10/04/2025 09:00,14/04/2025 15:00",      # 2 ok
    "LPR-2,2025-04-02 16:30,Puskesmas A,Info KIA,,,Permintaan informasi,WhatsApp,Ringan,"
    "Perlu kelengkapan,09/04/2025 09:00,,,,",                                            # 3 ok
    "LPR-3,31/02/2025 10:00,PKM-A,Tanggal salah,,,,,,,,,,,",                              # 4
    "LPR-4,27/03/2025 10:00,PKM-XYZ,Unit salah,,,,,,,,,,,",                               # 5
    "LPR-1,28/03/2025 10:00,PKM-A,Ganda,,,,,,,,,,,",                                      # 6
    "EXIST-1,28/03/2025 10:00,PKM-A,Sudah ada,,,,,,,,,,,",                                # 7
    "LPR-5,28/03/2025 10:00,PKM-A,Status aneh,,,,,,Beres,28/03/2025 11:00,,,,",           # 8
    "LPR-6,28/03/2025 10:00,PKM-A,Kanal aneh,,,Keluhan berat,Merpati pos,,,,,,,",         # 9
    "LPR-7,28/03/2025 10:00,PKM-A,Langsung selesai,,,,,,Selesai,,,,,10/04/2025 10:00",    # 10
    "LPR-8,28/03/2025 10:00,PKM-A,Mundur,,,,,,,,27/03/2025 09:00,,,",                     # 11
    "LPR-9,28/03/2025 10:00,PKM-A,,,,,,,,,,,,",                                           # 12
]


@pytest.fixture
def setup(app, tmp_path, make_unit, make_user):
    app.config["UPLOAD_DIR"] = str(tmp_path)
    unit = make_unit(code="PKM-A", name="Puskesmas A")
    add_complaint(unit, "2025-03-01 09:00", number="EXIST-1")
    set_clock(app, "2025-04-30 10:00")
    return unit, make_user("evaluator", units=[unit]), tmp_path


def _upload(client, content: bytes, name="lapor.csv", **options):
    data = {"file": (io.BytesIO(content), name), "severity": "normatif", "timezone": "local",
            "action": "upload", **options}
    response = client.post("/complaints/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)[:1500]
    return response.get_data(as_text=True)


def _token(page: str) -> str:
    return re.search(r'name="token" value="([0-9a-f]{32})"', page).group(1)


def _errors(page: str) -> list[tuple[int, str, str]]:
    body = page[page.index('id="import-errors"'):]
    body = body[:body.index("</table>")]
    cells = re.findall(r'<tr><td class="num">(\d+)</td><td>(.*?)</td><td><code>.*?</code></td>'
                       r"<td>(.*?)</td></tr>", body, re.S)
    return [(int(r), c, m.replace("&#39;", "'").replace("&gt;", ">")) for r, c, m in cells]


def test_dry_run_lists_every_bad_row_and_stores_nothing(client, setup):
    unit, evaluator, folder = setup
    login(client, evaluator)
    page = _upload(client, "\n".join([HEADER, *ROWS]).encode())
    assert (text_of(page, "count-total"), text_of(page, "count-valid"),
            text_of(page, "count-rejected"), text_of(page, "count-events")) == ("11", "2", "9",
                                                                                "7")
    errors = {(row, column): message for row, column, message in _errors(page)}
    assert "tidak valid" in errors[(4, "Tanggal Laporan")]
    assert "PKM-XYZ' tidak dikenal" in errors[(5, "Instansi Tujuan")]
    assert "ganda dalam berkas (baris 2)" in errors[(6, "Nomor Tracking")]
    assert "EXIST-1 sudah terdaftar" in errors[(7, "Nomor Tracking")]
    assert "Status 'Beres' tidak dikenal" in errors[(8, "Status")]
    assert "Kanal 'Merpati pos' tidak dikenal" in errors[(9, "Sumber")]
    assert "Klasifikasi 'Keluhan berat' tidak dikenal" in errors[(9, "Klasifikasi")]
    assert "diterima → selesai" in errors[(10, "Tanggal Selesai")]
    assert "sebelum waktu diterima" in errors[(11, "Tanggal Verifikasi")]
    assert "Judul wajib diisi" in errors[(12, "Judul Laporan")]
    assert complaint_count() == 1  # the dry run wrote nothing
    assert len(list(folder.rglob("*.csv"))) == 1  # kept for the store step


def test_store_keeps_valid_rows_with_their_history(client, setup, make_period, sla_indicators):
    unit, evaluator, folder = setup
    make_period(year=2025, number=1)
    login(client, evaluator)
    token = _token(_upload(client, "\n".join([HEADER, *ROWS]).encode()))
    response = client.post("/complaints/import", data={
        "action": "store", "token": token, "filename": "lapor.csv", "severity": "normatif",
        "timezone": "local", **{f"map-{k}": v for k, v in _default_map().items()}},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert any("2 pengaduan dan 7 riwayat status disimpan dari lapor.csv; 9 baris ditolak" in m
               for m in flashes(page))
    assert "LPR-1" in text_of(page, "complaints-table")
    first = db.session.scalar(select(Complaint).where(Complaint.tracking_number == "LPR-1"))
    assert event_statuses(first) == ["diterima", "diverifikasi", "didisposisikan",
                                     "ditindaklanjuti", "selesai"]
    assert first.status == "selesai" and first.source == "import" and first.channel == "sp4n_lapor"
    second = db.session.scalar(select(Complaint).where(Complaint.tracking_number == "LPR-2"))
    assert (second.kind, second.severity, second.status) == ("permintaan_informasi", "ringan",
                                                             "perlu_kelengkapan")
    assert complaint_count() == 3 and not list(folder.rglob("*.csv"))
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import"))
    assert audit.after["complaints"] == 2 and audit.after["rejected_rows"] == 9
    detail = client.get(f"/complaints/{first.id}").get_data(as_text=True)
    assert "14 April 2025" in text_of(detail, "step-resolution")  # across Idul Fitri 2025
    assert "tepat waktu" in text_of(detail, "step-resolution")


def _default_map():
    return {"tracking_number": "Nomor Tracking", "received_at": "Tanggal Laporan",
            "unit": "Instansi Tujuan", "subject": "Judul Laporan", "description": "Isi Laporan",
            "category": "Kategori", "kind": "Klasifikasi", "channel": "Sumber",
            "severity": "Kelas Penanganan", "status": "Status", "status_at": "Tanggal Status",
            "at_diverifikasi": "Tanggal Verifikasi", "at_didisposisikan": "Tanggal Disposisi",
            "at_ditindaklanjuti": "Tanggal Tindak Lanjut", "at_selesai": "Tanggal Selesai"}


def test_xlsx_with_other_headers_is_mapped_by_hand_then_cancelled(client, setup):
    unit, evaluator, folder = setup
    book = Workbook()
    sheet = book.active
    sheet.append(["No. Laporan", "Waktu Masuk", "Kode Unit", "Perihal"])
    sheet.append(["X-1", datetime(2025, 4, 14, 9, 30), "PKM-A", "Parkir penuh"])
    sheet.append([20250415, datetime(2025, 4, 15, 17, 5), "pkm-a", "Toilet rusak"])
    buffer = io.BytesIO()
    book.save(buffer)
    login(client, evaluator)
    page = _upload(client, buffer.getvalue(), "lapor.xlsx")
    assert "Kolom wajib belum dipetakan: Nomor tracking, Tanggal laporan, Judul" in page
    response = client.post("/complaints/import", data={
        "action": "preview", "token": _token(page), "filename": "lapor.xlsx",
        "map-tracking_number": "No. Laporan", "map-received_at": "Waktu Masuk",
        "map-unit": "Kode Unit", "map-subject": "Perihal", "severity": "ringan",
        "timezone": "local"})
    page = response.get_data(as_text=True)
    assert text_of(page, "count-valid") == "2" and 'id="import-errors"' not in page
    assert "15 April 2025 17:05" in text_of(page, "import-valid")
    assert "20250415" in text_of(page, "import-valid")
    response = client.post("/complaints/import", data={
        "action": "cancel", "token": _token(page)}, follow_redirects=True)
    assert any("dibatalkan" in m for m in flashes(response.get_data(as_text=True)))
    assert complaint_count() == 1 and not list(folder.rglob("*.xlsx"))


def test_file_times_in_wib_are_moved_to_each_units_zone(app, client, setup, make_unit,
                                                         make_user):
    unit, _, _ = setup
    set_clock(app, "2025-07-20 10:00")
    make_unit(code="PKM-JPR", name="Puskesmas Jayapura", timezone="WIT")
    content = "\n".join([
        "Nomor Tracking,Tanggal Laporan,Instansi Tujuan,Judul Laporan",
        "TZ-WIB,2025-07-14 14:30,PKM-A,Di Jawa",
        "TZ-WIT,2025-07-14 14:30,PKM-JPR,Di Papua",
    ]).encode()
    login(client, make_user("admin"))
    token = _token(_upload(client, content, timezone="WIB"))
    assert client.post("/complaints/import", data={
        "action": "store", "token": token, "timezone": "WIB", "severity": "normatif",
        "map-tracking_number": "Nomor Tracking", "map-received_at": "Tanggal Laporan",
        "map-unit": "Instansi Tujuan", "map-subject": "Judul Laporan"}).status_code == 302
    wib, wit = (db.session.scalar(select(Complaint).where(Complaint.tracking_number == n))
                for n in ("TZ-WIB", "TZ-WIT"))
    assert wib.received_at == datetime(2025, 7, 14, 14, 30)
    assert wit.received_at == datetime(2025, 7, 14, 16, 30)  # after the 16:00 close in Jayapura
    assert "14 Juli 2025" in text_of(client.get(f"/complaints/{wib.id}").get_data(as_text=True),
                                     "day-zero")
    assert "15 Juli 2025" in text_of(client.get(f"/complaints/{wit.id}").get_data(as_text=True),
                                     "day-zero")


def test_an_evaluator_cannot_import_for_other_units(client, setup, make_unit):
    unit, evaluator, _ = setup
    make_unit(code="LAIN", name="Unit Lain")
    content = "\n".join(["Nomor Tracking,Tanggal Laporan,Instansi Tujuan,Judul Laporan",
                         "S-1,2025-04-01 09:00,LAIN,Bukan unit saya",
                         "S-2,2025-04-01 09:00,PKM-A,Unit saya"]).encode()
    login(client, evaluator)
    page = _upload(client, content)
    assert _errors(page) == [(2, "Instansi Tujuan", "Unit LAIN di luar lingkup Anda.")]
    assert text_of(page, "count-valid") == "1"


def test_the_template_imports_cleanly(client, setup, make_unit, make_user):
    make_unit(code="DINKES-PKM-SUKAMAJU", name="Puskesmas Sukamaju")
    make_unit(code="DISDUKCAPIL-LAYANAN", name="Layanan Adminduk")
    login(client, make_user("admin"))
    template = client.get("/complaints/import/template")
    assert template.headers["Content-Type"].startswith("text/csv")
    page = _upload(client, template.data, "templat.csv")
    assert text_of(page, "count-valid") == "2" and 'id="import-errors"' not in page


def test_a_file_that_is_not_a_spreadsheet_is_refused(client, setup):
    _, evaluator, folder = setup
    login(client, evaluator)
    response = client.post("/complaints/import", data={
        "file": (io.BytesIO(b"PK\x03\x04 not really"), "rusak.xlsx"), "action": "upload",
        "severity": "normatif", "timezone": "local"}, content_type="multipart/form-data")
    assert any("tidak dapat dibaca" in m for m in flashes(response.get_data(as_text=True)))
    assert complaint_count() == 1
