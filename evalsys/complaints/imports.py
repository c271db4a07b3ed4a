"""Import an SP4N-LAPOR! export (CSV or XLSX): column mapping, dry run, row-level errors.

The upload is kept under ``UPLOAD_DIR/complaint-imports`` between the preview and the store
step, named after its owner, so the stored rows are exactly the previewed ones re-validated.
Every row is validated first; storing keeps the valid rows (and their status history) in one
transaction and rejects the listed bad rows. Nothing is written during a preview.
"""

import contextlib
import re
import secrets
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from flask import current_app
from werkzeug.datastructures import FileStorage

from ..errors import DomainError
from ..xlsx_reader import XlsxRejected, header_names, read_rows

# Target field → (label, required, LAPOR!/spreadsheet headers recognised by default).
FIELDS = {
    "tracking_number": ("Nomor tracking", True, "nomor tracking, no tracking, tracking id, "
                        "nomor laporan, no laporan, id laporan"),
    "received_at": ("Tanggal laporan", True, "tanggal laporan, tanggal masuk, waktu laporan, "
                    "tanggal"),
    "unit": ("Unit tujuan (kode atau nama)", True, "instansi tujuan, kode unit, unit tujuan, "
             "unit, instansi"),
    "subject": ("Judul", True, "judul laporan, judul"),
    "description": ("Isi laporan", False, "isi laporan, isi, uraian"),
    "category": ("Kategori (topik)", False, "kategori, topik"),
    "kind": ("Klasifikasi", False, "klasifikasi, jenis laporan, jenis"),
    "channel": ("Kanal / sumber", False, "sumber, kanal, saluran, media"),
    "severity": ("Kelas penanganan", False, "kelas penanganan, kelas, tingkat"),
    "status": ("Status", False, "status, status laporan"),
    "status_at": ("Tanggal status terakhir", False, "tanggal status, tanggal update, "
                  "terakhir diperbarui, tanggal perubahan"),
    "at_diverifikasi": ("Tanggal verifikasi", False, "tanggal verifikasi"),
    "at_didisposisikan": ("Tanggal disposisi", False, "tanggal disposisi"),
    "at_ditindaklanjuti": ("Tanggal tindak lanjut", False, "tanggal tindak lanjut, "
                           "tanggal tindaklanjut"),
    "at_selesai": ("Tanggal selesai", False, "tanggal selesai"),
    "at_ditutup": ("Tanggal ditutup", False, "tanggal ditutup, tanggal tutup"),
    "complainant_name": ("Nama pelapor", False, "nama pelapor, pelapor"),
    "complainant_contact": ("Kontak pelapor", False, "kontak pelapor, kontak, telepon pelapor"),
    "is_confidential": ("Rahasia", False, "rahasia, anonim, kerahasiaan"),
}
TEMPLATE_HEADERS = ("Nomor Tracking", "Tanggal Laporan", "Instansi Tujuan", "Judul Laporan",
                    "Isi Laporan", "Kategori", "Klasifikasi", "Sumber", "Kelas Penanganan",
                    "Status", "Tanggal Status", "Tanggal Verifikasi", "Tanggal Disposisi",
                    "Tanggal Tindak Lanjut", "Tanggal Selesai", "Nama Pelapor", "Rahasia")
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_SUFFIXES = (".csv", ".xlsx")
_MAX_AGE_SECONDS = 24 * 3600
MAX_XLSX_ROWS = 100_000


@dataclass
class RowError:
    """One refused cell (or row): spreadsheet row number, column header, value, message."""

    row: int
    column: str
    value: str
    message: str


@dataclass
class Preview:
    """The outcome of validating a file: valid rows ready to store and every error."""

    total: int = 0
    headers: list[str] = field(default_factory=list)
    mapping: dict[str, str | None] = field(default_factory=dict)
    valid: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        """Return how many data rows have at least one error."""
        return len({e.row for e in self.errors if e.row > 1})

    @property
    def event_count(self) -> int:
        """Return how many status events the valid rows carry."""
        return sum(len(r["events"]) for r in self.valid)


def _folder() -> Path:
    folder = Path(current_app.config["UPLOAD_DIR"]) / "complaint-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_upload(upload: FileStorage, user_id: int) -> str:
    """Keep an uploaded CSV/XLSX for the preview and store steps; return its token."""
    suffix = Path(upload.filename or "").suffix.lower()
    if suffix not in _SUFFIXES:
        raise DomainError("Berkas harus CSV atau XLSX.")
    folder = _folder()
    for old in folder.iterdir():  # abandoned previews
        if old.stat().st_mtime < time.time() - _MAX_AGE_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    upload.save(folder / f"{user_id}-{token}{suffix}")
    return token


def upload_path(token: str, user_id: int) -> Path:
    """Return the kept upload of this user, or raise DomainError when it is gone."""
    if _TOKEN.match(token or ""):
        for suffix in _SUFFIXES:
            path = _folder() / f"{user_id}-{token}{suffix}"
            if path.is_file():
                return path
    raise DomainError("Berkas impor tidak ditemukan atau kedaluwarsa; unggah ulang.")


def discard(token: str, user_id: int) -> None:
    """Delete a kept upload (after storing or cancelling)."""
    with contextlib.suppress(DomainError):
        upload_path(token, user_id).unlink(missing_ok=True)


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV (comma or semicolon, UTF-8 or Windows-1252) or XLSX file as object cells."""
    try:
        frame = _read_xlsx(path) if path.suffix == ".xlsx" else _read_csv(path)
    except DomainError:
        raise
    except Exception as err:  # any parser failure on a user's file is a message, not a 500
        raise DomainError(f"Berkas tidak dapat dibaca: {err}") from None
    frame.columns = [str(c).replace("\x00", "").strip() for c in frame.columns]
    frame = frame.astype(object).where(frame.notna(), None)
    # NUL is dropped: PostgreSQL text cannot hold it, not even in a lookup's parameters.
    return frame.map(lambda v: v.replace("\x00", "") if isinstance(v, str) else v)


def _read_xlsx(path: Path) -> pd.DataFrame:
    """Read the first sheet, bounded (see evalsys.xlsx_reader): values as openpyxl gives them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # openpyxl: missing default style
        try:
            rows = read_rows(path, MAX_XLSX_ROWS)
        except XlsxRejected as err:
            raise DomainError(str(err)) from None
    if not rows:
        raise DomainError("Lembar pertama berkas kosong.")
    header = header_names(rows[0])
    width = len(header)
    return pd.DataFrame([(row + [None] * width)[:width] for row in rows[1:]], columns=header,
                        dtype=object)


def _read_csv(path: Path) -> pd.DataFrame:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return pd.read_csv(path, dtype=str, keep_default_na=False, sep=None,
                               engine="python", encoding=encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError("Berkas CSV harus UTF-8 atau Windows-1252.")


def default_mapping(headers: list[str]) -> dict[str, str | None]:
    """Map each target field to the first header that matches one of its known names."""
    lowered = {h.strip().lower(): h for h in headers}
    mapping = {}
    for name, (_, _, known) in FIELDS.items():
        mapping[name] = next((lowered[k.strip()] for k in known.split(",")
                              if k.strip() in lowered), None)
    return mapping


def template_csv() -> str:
    """Return a CSV template with the LAPOR! headers and two example rows."""
    rows = [
        ",".join(TEMPLATE_HEADERS),
        "LPR-2025-000123,27/03/2025 10:00,DINKES-PKM-SUKAMAJU,Antrian obat terlalu lama,"
        "Menunggu 3 jam di apotek,Kesehatan,Pengaduan,Website,Normatif,Selesai,,"
        "27/03/2025 14:00,08/04/2025 09:00,10/04/2025 09:00,14/04/2025 15:00,,Tidak",
        "LPR-2025-000124,02/04/2025 16:30,DISDUKCAPIL-LAYANAN,Mohon informasi syarat KIA,,"
        "Kependudukan,Permintaan informasi,WhatsApp,Ringan,Perlu kelengkapan,"
        "09/04/2025 09:00,,,,,Ibu S.,Ya",
    ]
    return "\n".join(rows) + "\n"
