"""Validate the NIP (Nomor Induk Pegawai) of an Indonesian civil servant.

An 18-digit NIP reads ``YYYYMMDD YYYYMM G NNN``: digits 1–8 the birth date, 9–14 the year
and month of appointment (TMT CPNS), 15 the gender (1 laki-laki, 2 perempuan) and 16–18 a
serial number. Whitespace is ignored because NIPs are usually written in those four groups
("19850312 201001 1 003"). The serial is not checked: no rule for it was found.

Messages are in Indonesian because they are shown to the people who typed the NIP. One
vectorised check (:func:`validate_nips`) serves both bulk imports and :func:`parse_nip`, so a
row and a single NIP can never be judged differently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

NIP_LENGTH = 18
# Rejects typos such as 0985 for 1985; no civil servant in service was born before 1900.
MIN_BIRTH_YEAR = 1900
GENDERS = {"1": "L", "2": "P"}  # laki-laki / perempuan, as on Indonesian personnel forms


class InvalidNip(ValueError):
    """Raised by :func:`parse_nip`; the message says in Indonesian what is wrong."""


@dataclass(frozen=True)
class NipInfo:
    """What an NIP encodes: ``appointment_year_month`` is (year, month); gender "L" or "P"."""

    nip: str
    birth_date: dt.date
    appointment_year_month: tuple[int, int]
    gender: str
    serial: str


def _digits(text: pd.Series, start: int, stop: int) -> pd.Series:
    """Integer value of NIP positions ``start``–``stop`` (1-based, inclusive); 0 if unusable."""
    part = text.str.slice(start - 1, stop)
    # Rows that fail an earlier rule still need a number here; their message is set already.
    usable = part.where(part.str.fullmatch(r"\d+"), "0")
    return pd.to_numeric(usable).astype(np.int64)


def _fields(text: pd.Series) -> pd.DataFrame:
    """Decode birth date, appointment and gender; invalid pieces come out as NaT/0/""."""
    birth = pd.to_datetime(pd.DataFrame({"year": _digits(text, 1, 4), "month": _digits(text, 5, 6),
                                         "day": _digits(text, 7, 8)}), errors="coerce")
    return pd.DataFrame({"birth_date": birth, "appointment_year": _digits(text, 9, 12),
                         "appointment_month": _digits(text, 13, 14),
                         "gender": text.str.slice(14, 15).map(GENDERS)}, index=text.index)


def _messages(text: pd.Series, f: pd.DataFrame) -> np.ndarray:
    """First failed rule per row, in Indonesian; None when the NIP is valid."""
    birth_ym = f["birth_date"].dt.year * 100 + f["birth_date"].dt.month
    appointed_ym = f["appointment_year"] * 100 + f["appointment_month"]
    # Order matters: each rule only makes sense once the earlier ones hold.
    rules = [
        (text == "", "NIP kosong."),
        (~text.str.fullmatch(r"\d*"), "NIP hanya boleh berisi angka (spasi diperbolehkan): '"
         + text + "'."),
        (text.str.len() != NIP_LENGTH, f"NIP harus {NIP_LENGTH} digit, bukan "
         + text.str.len().astype(str) + " digit."),
        (f["birth_date"].isna() | (f["birth_date"].dt.year < MIN_BIRTH_YEAR),
         "Tanggal lahir (digit 1–8, TTTTBBHH) tidak valid: " + text.str.slice(0, 8) + "."),
        (~f["appointment_month"].between(1, 12),
         "Bulan TMT CPNS (digit 13–14) harus 01–12, bukan " + text.str.slice(12, 14) + "."),
        (appointed_ym <= birth_ym,
         "TMT CPNS (digit 9–14) harus sesudah bulan lahir: " + text.str.slice(8, 14) + "."),
        (f["gender"].isna(), "Kode jenis kelamin (digit 15) harus 1 (laki-laki) atau "
         "2 (perempuan), bukan " + text.str.slice(14, 15) + "."),
    ]
    conditions = [np.asarray(cond.fillna(True), dtype=bool) for cond, _ in rules]
    choices = [np.broadcast_to(np.asarray(msg, dtype=object), len(text)) for _, msg in rules]
    return np.select(conditions, choices, default=None)


def validate_nips(nips: pd.Series) -> pd.DataFrame:
    """Check many NIPs at once, for imports.

    Parameters
    ----------
    nips : pandas.Series
        NIPs as text (or integers); whitespace inside is ignored, missing values fail.

    Returns
    -------
    pandas.DataFrame
        Same index; columns ``nip`` (without whitespace), ``valid``, ``message`` (None when
        valid), and the decoded ``birth_date``, ``appointment_year``, ``appointment_month``
        and ``gender``, which are only meaningful where ``valid``.
    """
    text = nips.astype("string").str.replace(r"\s+", "", regex=True).fillna("")
    fields = _fields(text)
    message = _messages(text, fields)
    checked = pd.DataFrame({"nip": text.astype(object), "valid": pd.isna(message),
                            # object dtype keeps None (not NaN) for valid rows
                            "message": pd.Series(message, index=nips.index, dtype=object)},
                           index=nips.index)
    return pd.concat([checked, fields], axis=1)


def parse_nip(nip: str | int) -> NipInfo:
    """Decode one NIP, raising :class:`InvalidNip` with the reason if it is invalid.

    Parameters
    ----------
    nip : str or int
        For example "19850312 201001 1 003"; spaces are ignored.

    Returns
    -------
    NipInfo
    """
    row = validate_nips(pd.Series([nip], dtype=object)).iloc[0]
    if not row["valid"]:
        raise InvalidNip(row["message"])
    return NipInfo(nip=row["nip"], birth_date=row["birth_date"].date(),
                   appointment_year_month=(int(row["appointment_year"]),
                                           int(row["appointment_month"])),
                   gender=row["gender"], serial=row["nip"][15:])
