"""Cell parsers for the SP4N-LAPOR! import: dates, statuses, channels, kinds, yes/no.

Each parser returns the clean value or raises ValueError with an Indonesian message; the
importer attaches the row and column. Synonyms cover the labels LAPOR! exports and local
spreadsheets use; codes (``perlu_kelengkapan``) are always accepted too.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from models.complaint import CHANNELS, KINDS, SEVERITIES
from models.unit import TIMEZONES
from scoring.sla import STATUSES

_STATUS_WORDS = {
    "diterima": "baru, belum terverifikasi, menunggu verifikasi, masuk",
    "diverifikasi": "terverifikasi, verifikasi",
    "didisposisikan": "terdisposisi, disposisi, didisposisi",
    "ditindaklanjuti": "tindak lanjut, tindaklanjut, proses, dalam proses, diproses, ditanggapi",
    "perlu_kelengkapan": "tunda, ditunda, menunggu kelengkapan, butuh klarifikasi",
    "selesai": "terselesaikan",
    "ditutup": "tutup, closed",
    "bukan_wewenang": "bukan kewenangan, di luar kewenangan",
    "diarsipkan": "arsip, dicabut",
}
_CHANNEL_WORDS = {
    "sp4n_lapor": "lapor, lapor!, sp4n lapor!, sp4n, website, web, android, ios, aplikasi, sms",
    "whatsapp": "wa",
    "telepon": "telp, telpon, call center, hotline",
    "kotak_saran": "kotak pengaduan",
    "langsung": "tatap muka, loket, datang langsung",
    "media_sosial": "medsos, twitter, x, facebook, instagram, tiktok",
    "email": "e mail, surel, surat elektronik",
}
_KIND_WORDS = {"pengaduan": "keluhan", "aspirasi": "saran, usulan",
               "permintaan_informasi": "informasi, permintaan info"}
_SEVERITY_WORDS = {"ringan": "", "normatif": "sedang",
                   "tidak_berkadar_pengawasan": "tidak berkadar",
                   "berkadar_pengawasan": "berkadar, berat"}
_YES = {"ya", "y", "yes", "true", "1", "rahasia", "anonim", "dirahasiakan"}
_NO = {"", "tidak", "t", "no", "n", "false", "0", "-", "terbuka"}
_MONTHS = {name: i for i, names in enumerate((
    "jan januari january", "feb februari february peb", "mar maret march",
    "apr april", "mei may", "jun juni june", "jul juli july", "agu agt agustus aug august",
    "sep september sept", "okt oktober oct october", "nov nop november",
    "des desember dec december",
), start=1) for name in names.split()}
_DATE = re.compile(r"^(\d{1,4})[-/. ]+(\d{1,2}|[a-z]+)[-/. ]+(\d{2,4})"
                   r"(?:[ t,]+(?:pukul\s+|jam\s+)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?)?"
                   r"(?:\s*(?:wib|wita|wit))?$")


def _key(text) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[_\-]", " ", str(text).strip().lower()))


def _lookup(table: dict[str, str], codes) -> dict[str, str]:
    found = {_key(code): code for code in codes}
    for code, words in table.items():
        found.update({_key(w): code for w in words.split(",") if w.strip()})
    return found


_STATUS = _lookup(_STATUS_WORDS, STATUSES)
_CHANNEL = _lookup(_CHANNEL_WORDS, CHANNELS)
_KIND = _lookup(_KIND_WORDS, KINDS)
_SEVERITY = _lookup(_SEVERITY_WORDS, SEVERITIES)


def _coded(table: dict[str, str], raw, what: str, default: str | None) -> str | None:
    text = _key(raw) if raw is not None else ""
    if not text:
        return default
    if text in table:
        return table[text]
    raise ValueError(f"{what} '{str(raw).strip()}' tidak dikenal.")


def status(raw) -> str | None:
    """Return the life-cycle status code of a cell, None when empty."""
    return _coded(_STATUS, raw, "Status", None)


def channel(raw, default: str = "sp4n_lapor") -> str:
    """Return the channel code; an empty cell is SP4N-LAPOR! (the export's own channel)."""
    return _coded(_CHANNEL, raw, "Kanal", default)


def kind(raw, default: str = "pengaduan") -> str:
    """Return the kind (pengaduan, aspirasi, permintaan_informasi); empty means pengaduan."""
    return _coded(_KIND, raw, "Klasifikasi", default)


def severity(raw, default: str) -> str:
    """Return the severity class; an empty cell takes the import's default class."""
    return _coded(_SEVERITY, raw, "Kelas penanganan", default)


def yes_no(raw) -> bool:
    """Return True for ya/rahasia/anonim/1, False for tidak/empty."""
    text = _key(raw) if raw is not None else ""
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"'{str(raw).strip()}' bukan ya/tidak.")


def timestamp(raw) -> datetime | None:
    """Parse a date-time cell (Excel date, 2025-03-27 10:00, 27/03/2025 10.00, 27 Maret 2025).

    A date without a time counts as 00:00, i.e. received within office hours that day.
    """
    if raw is None or raw is pd.NaT or (isinstance(raw, float) and pd.isna(raw)):
        return None
    if isinstance(raw, datetime):  # includes pandas.Timestamp
        return pd.Timestamp(raw).tz_localize(None).to_pydatetime().replace(microsecond=0)
    if isinstance(raw, int | float) and 20000 < raw < 80000:  # Excel serial day number
        return (datetime(1899, 12, 30) + timedelta(days=float(raw))).replace(microsecond=0)
    text = str(raw).strip().lower()
    if not text:
        return None
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"Tanggal '{str(raw).strip()}' tidak dapat dibaca (contoh: "
                         "27/03/2025 10:00 atau 2025-03-27 10:00).")
    return _from_parts(match.groups(), str(raw).strip())


def _from_parts(parts, shown: str) -> datetime:
    first, month, last, hour, minute, second = parts
    day_text, year_text = (last, first) if len(first) == 4 else (first, last)
    month_no = int(month) if month.isdigit() else _MONTHS.get(month)
    year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    try:
        return datetime(year, month_no or 0, int(day_text), int(hour or 0), int(minute or 0),
                        int(second or 0))
    except (TypeError, ValueError):
        raise ValueError(f"Tanggal '{shown}' tidak valid.") from None


def shift_zone(value: datetime, from_zone: str, to_zone: str) -> datetime:
    """Convert a naive wall-clock time from one WIB/WITA/WIT zone to another."""
    if from_zone == to_zone:
        return value
    aware = value.replace(tzinfo=ZoneInfo(TIMEZONES[from_zone]))
    return aware.astimezone(ZoneInfo(TIMEZONES[to_zone])).replace(tzinfo=None)
