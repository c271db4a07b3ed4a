"""Read and validate a CSV or XLSX file of paper survey responses, vectorised with pandas.

Rows are numbered as the user sees them in a spreadsheet: the header is row 1, the first data
row is row 2 (blank rows keep their numbers and are skipped). Every bad cell gets its own
message; a row with any bad cell is rejected as a whole, the others are ready to store.
"""

import io
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from models.survey import AGE_BANDS, EDUCATIONS, GENDERS, OCCUPATIONS

from ..xlsx_reader import XlsxRejected, header_names, read_rows
from . import questionnaire as qn
from .import_rules import PROFILE_ALIASES, parse_dates

ANSWER_COLUMNS = list(qn.STANDARD_CODES)
PROFILE_COLUMNS = {"jenis_kelamin": ("gender", GENDERS), "usia": ("age_band", AGE_BANDS),
                   "pendidikan": ("education", EDUCATIONS),
                   "pekerjaan": ("occupation", OCCUPATIONS)}
TEMPLATE_COLUMNS = (["tanggal", "kode_unit", "kode_layanan"] + ANSWER_COLUMNS
                    + list(PROFILE_COLUMNS) + ["saran"])
REQUIRED_COLUMNS = ["tanggal", "kode_unit"] + ANSWER_COLUMNS
SUGGESTION_MAX = 2000
MAX_ROWS = 200_000


class FileRejected(ValueError):
    """The file as a whole cannot be read (format, missing columns, too many rows)."""


@dataclass
class ImportContext:
    """What validation checks against: the period, units, services and questionnaires."""

    period_id: int
    period_code: str
    start: pd.Timestamp
    end: pd.Timestamp
    unit_ids: dict[str, int]  # upper-cased unit code → id
    allowed: set[int] | None  # units the user may import for; None = all
    services: dict[tuple[int, str], int]  # (unit id, SERVICE-CODE) → service type id
    questionnaires: dict[int, int]  # unit id → questionnaire id the answers belong to
    default_questionnaire: int
    extra_codes: dict[int, set[str]] = field(default_factory=dict)  # unit id → X codes


@dataclass
class Validation:
    """The outcome: rows ready to store, and every bad cell with its row and message."""

    rows_total: int
    valid: pd.DataFrame
    errors: pd.DataFrame  # columns row, column, value, message

    @property
    def rejected_rows(self) -> int:
        """Return how many rows have at least one error."""
        return int(self.errors["row"].nunique()) if len(self.errors) else 0


def read_table(data: bytes, filename: str) -> pd.DataFrame:
    """Read a CSV (comma or semicolon) or XLSX file as text cells; blank rows keep their place."""
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            frame = _xlsx_frame(data)
        elif name.endswith(".csv"):
            text = data.decode("utf-8-sig")
            first = text.split("\n", 1)[0]
            sep = ";" if first.count(";") > first.count(",") else ","
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=sep,
                                skip_blank_lines=False)
        else:
            raise FileRejected("Gunakan berkas .csv atau .xlsx.")
    except (UnicodeDecodeError, ValueError, KeyError, OSError) as err:
        if isinstance(err, FileRejected | XlsxRejected):
            raise FileRejected(str(err)) from None
        raise FileRejected(f"Berkas tidak dapat dibaca: {err}") from None
    return _normalise_headers(frame)


def _xlsx_frame(data: bytes) -> pd.DataFrame:
    """Read the first sheet as text cells (bounded: see evalsys.xlsx_reader), like read_csv."""
    rows = read_rows(data, MAX_ROWS)
    if not rows:
        raise FileRejected("Lembar pertama berkas kosong.")
    header = header_names(rows[0])
    width = len(header)
    body = [["" if v is None else str(v) for v in row[:width]] + [""] * (width - len(row))
            for row in rows[1:]]
    return pd.DataFrame(body, columns=header, dtype=object)


def _normalise_headers(frame: pd.DataFrame) -> pd.DataFrame:
    names = []
    for raw in frame.columns:
        name = str(raw).strip().lower().replace(" ", "_")
        names.append(name.upper() if name[:1] in ("u", "x") and name[1:].isdigit() else name)
    frame.columns = names
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise FileRejected(f"Kolom wajib tidak ada: {', '.join(missing)}. Unduh templat untuk "
                           "melihat susunan kolom yang benar.")
    if len(frame) > MAX_ROWS:
        raise FileRejected(f"Paling banyak {MAX_ROWS:,} baris per berkas.".replace(",", "."))
    # Plain Python strings in object columns: cheaper to compare and map than pandas' str.
    # NUL is dropped: PostgreSQL text cannot hold it (a suggestion would fail the whole COPY).
    return pd.DataFrame({c: np.array([v.replace("\x00", "").strip() if isinstance(v, str)
                                      else str(v)
                                      for v in frame[c].to_numpy(object)],
                                     dtype=object) for c in frame.columns}, index=frame.index)


class _Errors:
    """Collects error frames cheaply; each check adds a whole column of messages at once."""

    def __init__(self, rownum: pd.Series):
        self.rownum, self.parts = rownum, []

    def add(self, mask: pd.Series, column: str, values: pd.Series, message) -> None:
        """Record an error for every masked row; message is text or a function of the values
        (only the bad cells are formatted, so a clean column costs one mask test)."""
        if not mask.any():
            return
        bad = values[mask]
        text = message if isinstance(message, str) else message(bad.str.slice(0, 60))
        self.parts.append(pd.DataFrame({"row": self.rownum[mask], "column": column,
                                        "value": bad, "message": text}))

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame(columns=["row", "column", "value", "message"])
        order = {c: i for i, c in enumerate(TEMPLATE_COLUMNS)} | {"U1–U9": 3}
        errors = pd.concat(self.parts, ignore_index=True)
        errors["_order"] = errors["column"].map(order).fillna(len(order))
        return errors.sort_values(["row", "_order"], kind="stable").drop(columns="_order") \
            .reset_index(drop=True)


def _lookup(raw: pd.Series, table: dict) -> pd.Series:
    """Map cells through a table of upper-case keys; exact spellings first (cheap)."""
    found = raw.map(table)
    missing = found.isna() & (raw != "")
    if missing.any():
        found[missing] = raw[missing].str.upper().map(table)
    return found


def _check_dates(frame, ctx: ImportContext, errors: _Errors) -> pd.Series:
    raw = frame["tanggal"]
    parsed = parse_dates(raw)
    bad = parsed.isna()
    errors.add(bad & (raw == ""), "tanggal", raw, "Tanggal wajib diisi.")
    errors.add(bad & (raw != ""), "tanggal", raw, lambda v: "Tanggal '" + v +
               "' tidak dapat dibaca; gunakan 2025-03-14 atau 14/03/2025.")
    outside = ~bad & ((parsed.dt.normalize() < ctx.start) | (parsed.dt.normalize() > ctx.end))
    errors.add(outside, "tanggal", raw, f"Tanggal di luar periode {ctx.period_code} "
               f"({ctx.start:%d-%m-%Y} s.d. {ctx.end:%d-%m-%Y}).")
    return parsed


def _check_units(frame, ctx: ImportContext, errors: _Errors) -> tuple[pd.Series, pd.Series]:
    code = frame["kode_unit"]
    unit_id = _lookup(code, ctx.unit_ids).astype(float)
    errors.add(code == "", "kode_unit", code, "Kode unit wajib diisi.")
    unknown = unit_id.isna() & (code != "")
    errors.add(unknown, "kode_unit", code, lambda v: "Kode unit '" + v + "' tidak dikenal.")
    if ctx.allowed is not None:
        outside = unit_id.notna() & ~unit_id.isin(list(ctx.allowed))
        errors.add(outside, "kode_unit", code,
                   lambda v: "Anda tidak berwenang mengimpor data unit " + v + ".")
    service = pd.Series(np.nan, index=frame.index)
    if "kode_layanan" in frame:
        raw = frame["kode_layanan"]
        given = unit_id.notna() & (raw != "")
        keys = [(int(u), c.upper()) for u, c in zip(unit_id[given], raw[given], strict=True)]
        service[given] = pd.Series(keys, index=raw.index[given], dtype=object) \
            .map(ctx.services).astype(float)
        bad = given & service.isna()
        units = code[bad]
        errors.add(bad, "kode_layanan", raw, lambda v: "Kode layanan '" + v +
                   "' tidak ada pada unit " + units + ".")
    return unit_id, service


ANSWER_VALUES = {text: float(n) for n in (1, 2, 3, 4)
                 for text in (str(n), f"{n}.0", f"{n},0")}


def _check_answers(frame, unit_id: pd.Series, ctx: ImportContext, errors: _Errors) -> dict:
    answers = {}
    extra_cols = [c for c in frame.columns if c[:1] == "X" and c[1:].isdigit()]
    for code in ANSWER_COLUMNS + extra_cols:
        raw = frame[code]
        number = raw.map(ANSWER_VALUES)
        ok = number.notna()
        errors.add((raw != "") & ~ok, code, raw, lambda v: "Jawaban '" + v +
                   "' tidak sah; isi 1, 2, 3 atau 4, atau kosongkan jika tidak dijawab.")
        answers[code] = number
        if code in extra_cols:
            defined = unit_id.map(lambda u, c=code: c in ctx.extra_codes.get(u, ()))
            errors.add(ok & ~defined.astype(bool), code, raw,
                       f"Unsur {code} tidak ada di kuesioner unit ini.")
    blank = pd.concat([frame[c] == "" for c in ANSWER_COLUMNS + extra_cols], axis=1).all(axis=1)
    errors.add(blank, "U1–U9", frame["U1"], "Tidak ada jawaban unsur sama sekali.")
    return answers


def _check_profile(frame, errors: _Errors) -> dict:
    profile = {}
    for column, (target, codes) in PROFILE_COLUMNS.items():
        if column not in frame:
            profile[target] = pd.Series(None, index=frame.index, dtype=object)
            continue
        raw = frame[column]
        mapped = _lookup(raw, PROFILE_ALIASES[target])
        if target == "age_band" and (todo := mapped.isna() & (raw != "")).any():
            age = pd.to_numeric(raw[todo], errors="coerce")
            banded = pd.cut(age, [0, 19, 29, 39, 49, 59, 130], labels=list(AGE_BANDS))
            mapped[todo] = banded.astype(object).where(age.between(10, 120))
        choices = ", ".join(codes)
        errors.add((raw != "") & mapped.isna(), column, raw,
                   lambda v, choices=choices: "Nilai '" + v + "' tidak dikenal; pilihan: "
                   + choices + ".")
        profile[target] = mapped.where(mapped.notna(), None)
    if "saran" in frame:
        long = frame["saran"].str.len() > SUGGESTION_MAX
        errors.add(long, "saran", frame["saran"].str.slice(0, 60),
                   f"Saran paling panjang {SUGGESTION_MAX} karakter.")
    return profile


def validate(frame: pd.DataFrame, ctx: ImportContext) -> Validation:
    """Check every row and cell; return the valid rows (ready to insert) and all errors."""
    filled = (frame != "").any(axis=1)
    frame = frame[filled]
    errors = _Errors(pd.Series(frame.index + 2, index=frame.index))
    when = _check_dates(frame, ctx, errors)
    unit_id, service = _check_units(frame, ctx, errors)
    answers = _check_answers(frame, unit_id, ctx, errors)
    profile = _check_profile(frame, errors)
    error_frame = errors.frame()
    good = ~(frame.index + 2).isin(error_frame["row"])
    valid = _valid_rows(frame, ctx, good, when, unit_id, service, answers, profile)
    return Validation(rows_total=int(filled.sum()), valid=valid, errors=error_frame)


def _valid_rows(frame, ctx, good, when, unit_id, service, answers, profile) -> pd.DataFrame:
    unit = unit_id[good].astype("int64")
    noon = when[good].where(when[good].dt.hour + when[good].dt.minute > 0,
                            when[good] + pd.Timedelta(hours=12))
    out = pd.DataFrame({"unit_id": unit, "period_id": ctx.period_id,
                        "service_type_id": service[good].astype("Int64"),
                        "questionnaire_id": unit.map(ctx.questionnaires)
                        .fillna(ctx.default_questionnaire).astype("int64"),
                        "local_time": noon, "channel": "import"})
    for code in ANSWER_COLUMNS:
        out[code.lower()] = answers[code][good].astype("Int64")
    extra_cols = [c for c in answers if c not in ANSWER_COLUMNS]
    if extra_cols:
        extra = pd.DataFrame({c: answers[c][good] for c in extra_cols})
        out["extra"] = [{k: int(v) for k, v in row.items() if v == v} or None
                        for row in extra.to_dict("records")]
    for target, values in profile.items():
        out[target] = values[good]
    out["suggestion"] = (frame.loc[good, "saran"].replace("", None) if "saran" in frame
                         else None)
    out["row"] = frame.index[good] + 2
    return out
