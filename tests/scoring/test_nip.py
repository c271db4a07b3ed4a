"""Tests for scoring.nip: NIP decoding and validation."""

import datetime as dt

import pandas as pd
import pytest

from scoring.nip import InvalidNip, NipInfo, parse_nip, validate_nips

VALID = "198503122010011003"


@pytest.mark.parametrize("nip", [VALID, "19850312 201001 1 003", " 19850312  201001 1 003 ",
                                 int(VALID)])
def test_parse_valid_nip_with_or_without_spaces(nip):
    assert parse_nip(nip) == NipInfo(nip=VALID, birth_date=dt.date(1985, 3, 12),
                                     appointment_year_month=(2010, 1), gender="L", serial="003")


def test_parse_female_nip():
    info = parse_nip("19921231 201512 2 101")
    assert (info.birth_date, info.appointment_year_month, info.gender) == (
        dt.date(1992, 12, 31), (2015, 12), "P")


@pytest.mark.parametrize(
    ("nip", "fragment"),
    [
        ("", "kosong"),
        ("1985031220100110", "18 digit, bukan 16"),
        ("1985031220100110033", "18 digit, bukan 19"),
        ("19850312201001100A", "hanya boleh berisi angka"),
        ("19850312-201001-1-003", "hanya boleh berisi angka"),
        ("19851312 201001 1 003", "Tanggal lahir"),  # month 13
        ("19850230 201001 1 003", "Tanggal lahir"),  # 30 February
        ("08850312 201001 1 003", "Tanggal lahir"),  # year 885: a typo, not a birth
        ("19850312 201000 1 003", "Bulan TMT CPNS"),
        ("19850312 201013 1 003", "Bulan TMT CPNS"),
        ("19850312 198503 1 003", "sesudah bulan lahir"),  # same month as birth
        ("19850312 198001 1 003", "sesudah bulan lahir"),
        ("19850312 201001 3 003", "jenis kelamin"),
        ("19850312 201001 0 003", "jenis kelamin"),
    ],
)
def test_parse_rejects_with_indonesian_reason(nip, fragment):
    with pytest.raises(InvalidNip, match=fragment):
        parse_nip(nip)


def test_invalid_nip_is_a_value_error():
    with pytest.raises(ValueError):
        parse_nip("123")


def test_first_failing_rule_wins():
    # Letters and a wrong length: the letters are reported, not the length.
    with pytest.raises(InvalidNip, match="angka"):
        parse_nip("ABC")


def test_validate_nips_flags_each_row_and_keeps_index():
    nips = pd.Series([VALID, "19850312 201001 1 00", None, "19850312 201001 2 003"],
                     index=[10, 11, 12, 13])
    out = validate_nips(nips)
    assert list(out.index) == [10, 11, 12, 13]
    assert out["valid"].tolist() == [True, False, False, True]
    assert out.loc[10, "message"] is None
    assert out.loc[11, "message"] == "NIP harus 18 digit, bukan 17 digit."
    assert out.loc[12, "message"] == "NIP kosong."
    assert out.loc[13, ["nip", "gender"]].tolist() == [VALID[:14] + "2003", "P"]
    assert out.loc[13, "birth_date"] == pd.Timestamp(1985, 3, 12)


def test_appointment_one_month_after_birth_is_accepted():
    # The rule is "after the birth month", so the next month passes and the same month fails.
    assert parse_nip("19850312 198504 1 001").appointment_year_month == (1985, 4)


def test_validate_nips_accepts_integer_series():
    out = validate_nips(pd.Series([int(VALID), 12345]))
    assert out["valid"].tolist() == [True, False]
    assert out.loc[0, "nip"] == VALID
