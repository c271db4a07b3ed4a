"""Staff roster import from CSV or XLSX: read, check every row and column, then store.

Policy (shown to the user): the preview stores nothing; on confirmation every valid row is
stored in one transaction and every rejected row is listed with its reasons.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from sqlalchemy import select

from models import Unit, User, db
from models.workforce import STAFF_STATUSES, Position, Staff
from scoring.nip import validate_nips

from .. import audit
from ..indicators.entry import editable_unit_ids
from ..xlsx_reader import XlsxRejected, read_rows
from .roster import split_list
from .staffing import refresh_staffing

COLUMNS = ("nip", "nama", "kode_unit", "kode_jabatan", "tmt_jabatan", "status", "keahlian",
           "sertifikat", "dilindungi", "alasan_dilindungi")
REQUIRED = ("nip", "nama", "kode_unit", "kode_jabatan", "tmt_jabatan")
YES, NO = {"ya", "y", "1", "true", "benar"}, {"", "tidak", "t", "0", "false", "salah"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
MAX_ROWS = 5000
NUMERIC_NIP = "\x00angka:"  # marks a NIP cell Excel stored as a number


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says why, in Indonesian."""


@dataclass
class Preview:
    """Checked rows: clean ``valid`` rows, and ``errors`` as (row, column, message)."""

    total: int = 0
    valid: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def rejected_rows(self) -> list[int]:
        """Return the spreadsheet row numbers that have at least one error."""
        return sorted({row for row, _col, _msg in self.errors})


def _cell_text(value) -> str:
    """Return a spreadsheet cell as text (dates as ISO, whole floats without .0)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\x00", "").strip()  # PostgreSQL text cannot hold NUL


def _frame(header: list[str], rows: list[tuple[int, list]]) -> pd.DataFrame:
    """Build text columns from (row number, cells) pairs, skipping empty rows."""
    width = len(header)
    kept = [(n, (list(cells) + [""] * width)[:width]) for n, cells in rows
            if any(str(c).strip() for c in cells)]
    frame = pd.DataFrame([cells for _n, cells in kept], columns=header, dtype=object)
    frame.index = pd.Index([n for n, _cells in kept], name="row")
    return frame


def _read_xlsx(content: bytes) -> pd.DataFrame:
    try:  # bounded: a zip bomb, far-away columns or a million rows are refused
        rows = read_rows(content, MAX_ROWS)
    except XlsxRejected as err:
        raise ImportFileError(str(err)) from None
    if not rows:
        raise ImportFileError("Lembar pertama berkas kosong.")
    header = [_cell_text(h).lower() for h in rows[0]]
    body = [(n, [_xlsx_cell(h, v) for h, v in zip(header, row, strict=False)])
            for n, row in enumerate(rows[1:], start=2)]
    return _frame(header, body)


def _xlsx_cell(column: str, value) -> str:
    """Return a cell as text; flag a NIP stored as a number (Excel keeps only 15 digits)."""
    if column == "nip" and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{NUMERIC_NIP}{_cell_text(value)}"
    return _cell_text(value)


def _read_csv(content: bytes) -> pd.DataFrame:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    lines = text.splitlines()
    if not lines:
        raise ImportFileError("Berkas CSV kosong.")
    # Excel with Indonesian regional settings writes ";" between columns.
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(lines, delimiter=delimiter)
    header = [h.replace("\x00", "").strip().lower() for h in next(reader)]
    body = [(reader.line_num, [c.replace("\x00", "").strip() for c in row]) for row in reader]
    return _frame(header, body)


def read_table(filename: str, content: bytes) -> pd.DataFrame:
    """Read the file into text columns named as in the template; refuse what cannot be read."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        frame = _read_xlsx(content)
    elif name.endswith((".csv", ".txt")):
        frame = _read_csv(content)
    else:
        raise ImportFileError("Gunakan berkas .csv atau .xlsx sesuai templat.")
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ImportFileError("Kolom wajib tidak ada: " + ", ".join(missing)
                              + ". Unduh templat untuk melihat judul kolom.")
    if len(frame) > MAX_ROWS:
        raise ImportFileError(f"Paling banyak {MAX_ROWS} baris per impor.")
    if frame.empty:
        raise ImportFileError("Berkas tidak berisi baris data.")
    frame = frame.loc[:, ~frame.columns.duplicated()]
    for column in COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    return frame[list(COLUMNS)].fillna("").astype(str).map(str.strip)


def parse_date(text: str) -> date | None:
    """Parse 2021-03-01, 01/03/2021, 01-03-2021 or 01.03.2021; None if none fits."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
def _nip_errors(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[int, str, str]]]:
    """Check NIPs in one vectorised pass (scoring.nip), then duplicates inside the file."""
    numeric = frame["nip"].str.startswith(NUMERIC_NIP)
    checked = validate_nips(frame["nip"].where(~numeric, "0"))
    errors = [(row, "nip", "NIP tersimpan sebagai angka di Excel sehingga digit terakhir "
               "berubah; format kolom NIP sebagai Teks lalu ketik ulang.")
              for row in frame.index[numeric]]
    errors += [(row, "nip", msg) for row, msg in
               checked.loc[~checked["valid"] & ~numeric, "message"].items()]
    nips = checked["nip"].where(checked["valid"] & ~numeric)
    repeated = nips[nips.notna() & nips.duplicated(keep=False)]
    for nip, group in repeated.groupby(repeated):
        rows = ", ".join(str(r) for r in group.index)
        errors += [(row, "nip", f"NIP {nip} muncul lebih dari sekali dalam berkas "
                    f"(baris {rows}).") for row in group.index]
    return checked.assign(nip=nips), errors


def _lookups(frame: pd.DataFrame, nips: pd.Series) -> tuple[dict, dict, dict]:
    """Load registered NIPs, units and positions named in the file: one query each."""
    wanted = list(nips.dropna().unique())
    taken = dict(db.session.execute(select(Staff.nip, Unit.code).join(
        Unit, Staff.unit_id == Unit.id).where(Staff.nip.in_(wanted))).all()) if wanted else {}
    units = {u.code: u for u in db.session.scalars(select(Unit).where(
        Unit.code.in_(list(frame["kode_unit"].unique()))))}
    positions = {p.code: p for p in db.session.scalars(select(Position).where(
        Position.code.in_(list(frame["kode_jabatan"].unique()))))}
    return taken, units, positions


def _ref_errors(row: pd.Series, nip: pd.Series, ctx: dict) -> list[tuple[str, str]]:
    """Check the NIP against the roster, the name, the unit (and scope) and the position."""
    errs = []
    if pd.notna(nip["nip"]) and nip["nip"] in ctx["taken"]:
        errs.append(("nip", f"NIP {nip['nip']} sudah terdaftar (unit "
                     f"{ctx['taken'][nip['nip']]})."))
    if not row["nama"] or len(row["nama"]) > 120:
        errs.append(("nama", "Nama wajib diisi, paling panjang 120 karakter."))
    unit = ctx["units"].get(row["kode_unit"])
    if unit is None:
        errs.append(("kode_unit", f"Kode unit '{row['kode_unit']}' tidak dikenal."))
    elif ctx["scope"] is not None and unit.id not in ctx["scope"]:
        errs.append(("kode_unit", f"Anda tidak berwenang mengubah pegawai unit {unit.code}."))
    if row["kode_jabatan"] not in ctx["positions"]:
        errs.append(("kode_jabatan", f"Kode jabatan '{row['kode_jabatan']}' tidak dikenal."))
    return errs


def _appointed(nip: pd.Series) -> date | None:
    if pd.isna(nip["nip"]):
        return None
    return date(int(nip["appointment_year"]), int(nip["appointment_month"]), 1)


def _date_errors(row: pd.Series, nip: pd.Series, today: date) -> list[tuple[str, str]]:
    """Check TMT jabatan: a real date, not in the future, not before TMT CPNS."""
    post_since, appointed = parse_date(row["tmt_jabatan"]), _appointed(nip)
    if post_since is None:
        return [("tmt_jabatan", f"Tanggal '{row['tmt_jabatan']}' tidak dikenali; "
                 "tulis TTTT-BB-HH atau HH/BB/TTTT.")]
    if post_since > today:
        return [("tmt_jabatan", "TMT jabatan tidak boleh di masa depan.")]
    if appointed is not None and post_since < appointed:
        return [("tmt_jabatan", f"TMT jabatan sebelum TMT CPNS pada NIP ({appointed:%m-%Y}).")]
    return []


def _flag_errors(row: pd.Series) -> list[tuple[str, str]]:
    """Check status and the protection flag with its reason."""
    errs = []
    if (row["status"].lower() or "aktif") not in STAFF_STATUSES:
        errs.append(("status", f"Status '{row['status']}' tidak dikenal; pilih "
                     + ", ".join(STAFF_STATUSES) + "."))
    protected = row["dilindungi"].lower()
    if protected not in YES | NO:
        errs.append(("dilindungi", "Isi 'ya' atau 'tidak'."))
    elif protected in YES and not row["alasan_dilindungi"]:
        errs.append(("alasan_dilindungi", "Alasan wajib diisi bila pegawai dilindungi."))
    return errs


def _clean(row: pd.Series, nip: pd.Series, ctx: dict) -> dict:
    """Return the Staff columns of a row that passed every check."""
    protected = row["dilindungi"].lower() in YES
    return {"nip": nip["nip"], "name": row["nama"], "unit_id": ctx["units"][row["kode_unit"]].id,
            "position_id": ctx["positions"][row["kode_jabatan"]].id,
            "post_since": parse_date(row["tmt_jabatan"]),
            "status": row["status"].lower() or "aktif", "birth_date": nip["birth_date"].date(),
            "gender": nip["gender"], "appointed_on": _appointed(nip),
            "skills": split_list(row["keahlian"]), "certificates": split_list(row["sertifikat"]),
            "is_protected": protected,
            "protected_reason": (row["alasan_dilindungi"][:300] or None) if protected else None}


def check(frame: pd.DataFrame, user: User, today: date | None = None) -> Preview:
    """Check every row and column; nothing is stored."""
    nips, errors = _nip_errors(frame)
    taken, units, positions = _lookups(frame, nips["nip"])
    ctx = {"taken": taken, "units": units, "positions": positions,
           "scope": editable_unit_ids(user), "today": today or date.today()}
    preview = Preview(total=len(frame))
    bad_nip = {row for row, _c, _m in errors}
    for number, row in frame.iterrows():
        nip = nips.loc[number]
        messages = (_ref_errors(row, nip, ctx) + _date_errors(row, nip, ctx["today"])
                    + _flag_errors(row))
        errors += [(number, column, message) for column, message in messages]
        if not messages and number not in bad_nip:
            preview.valid.append(_clean(row, nip, ctx))
    preview.errors = sorted(errors, key=lambda e: (e[0], COLUMNS.index(e[1])))
    return preview


def store(preview: Preview, filename: str) -> int:
    """Store the valid rows (the caller commits them together) and audit the import once."""
    db.session.add_all([Staff(**row) for row in preview.valid])
    db.session.flush()
    audit.record("import", "Staff", None, {"file": filename, "stored": len(preview.valid),
                                           "rejected_rows": preview.rejected_rows})
    refresh_staffing({row["unit_id"] for row in preview.valid})
    return len(preview.valid)
