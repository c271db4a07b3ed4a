"""Compute the Indeks Kepuasan Masyarakat (IKM) of a Survei Kepuasan Masyarakat (SKM).

Follows PermenPANRB 14/2017 as set out in ``docs/METHODOLOGY.md`` §1; the KEP/25/M.PAN/2/2004
functions exist only to import historical results.

Rounding: only the final IKM is rounded, to 2 dp half-up, by :func:`round_half_up`. That
function first snaps the scaled value to 1e-6 of the last kept digit, so a value that is
exactly ``x.xx5`` in exact arithmetic but lands on ``x.xx4999…`` in floats (40 respondents
scoring 147 per unsur give 91.87499999999999, exactly 91.875) still rounds up, and ties go up
rather than to even as in :func:`round`. Float noise from summing NRRs is ~1e-12; a true IKM
sits closer than 1e-8 to a half-cent only with millions of respondents.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

import numpy as np
import pandas as pd


class Unsur(NamedTuple):
    """One questionnaire element: code, Indonesian name, English name."""

    code: str
    name_id: str
    name_en: str


class IkmBand(NamedTuple):
    """One mutu pelayanan band of the NIK (25–100) scale."""

    lower: float  # inclusive lower bound on the NIK rounded to 2 dp
    grade: str
    label: str


# Codes, not column positions, identify an unsur: two U8/U9 orders circulate (METHODOLOGY §1.2).
UNSUR_2017 = (
    Unsur("U1", "Persyaratan", "Requirements"),
    Unsur("U2", "Sistem, Mekanisme, dan Prosedur", "Systems, mechanisms and procedures"),
    Unsur("U3", "Waktu Penyelesaian", "Completion time"),
    Unsur("U4", "Biaya/Tarif", "Fee/tariff"),
    Unsur("U5", "Produk Spesifikasi Jenis Pelayanan", "Product specification per service type"),
    Unsur("U6", "Kompetensi Pelaksana", "Staff competence"),
    Unsur("U7", "Perilaku Pelaksana", "Staff conduct"),
    Unsur("U8", "Sarana dan Prasarana", "Facilities and infrastructure"),
    Unsur("U9", "Penanganan Pengaduan, Saran dan Masukan", "Complaint and feedback handling"),
)

# Labels for scores 1..4. U1, U3, U4, U7 and U8 follow the model questionnaire quoted in
# METHODOLOGY §1.3 [S]; the others are the usual wording of that questionnaire [U].
ANSWER_LABELS = MappingProxyType({
    "U1": ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    "U2": ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    "U3": ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    "U4": ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    "U5": ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    "U6": ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    "U7": ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah",
           "Sangat sopan dan ramah"),
    "U8": ("Buruk", "Cukup", "Baik", "Sangat baik"),
    "U9": ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal",
           "Dikelola dengan baik"),
})

_ASK = "Bagaimana pendapat Saudara tentang "
QUESTIONS = MappingProxyType({
    "U1": _ASK + "kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
    "U2": _ASK + "kemudahan prosedur pelayanan di unit ini?",
    "U3": _ASK + "kecepatan waktu dalam memberikan pelayanan?",
    "U4": _ASK + "kewajaran biaya/tarif dalam pelayanan?",
    "U5": _ASK + "kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan "
                 "dengan hasil yang diberikan?",
    "U6": _ASK + "kompetensi/kemampuan petugas dalam pelayanan?",
    "U7": _ASK + "perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
    "U8": _ASK + "kualitas sarana dan prasarana?",
    "U9": _ASK + "penanganan pengaduan pengguna layanan?",
})

IKM_BANDS_2017 = (
    IkmBand(88.31, "A", "Sangat Baik"),
    IkmBand(76.61, "B", "Baik"),
    IkmBand(65.00, "C", "Kurang Baik"),
    IkmBand(25.00, "D", "Tidak Baik"),
)
# Legacy KEP/25/M.PAN/2/2004 bands and unsur codes: for importing historical results only.
IKM_BANDS_2004 = (
    IkmBand(81.26, "A", "Sangat Baik"),
    IkmBand(62.51, "B", "Baik"),
    IkmBand(43.76, "C", "Kurang Baik"),
    IkmBand(25.00, "D", "Tidak Baik"),
)
UNSUR_2004_CODES = tuple(f"U{i}" for i in range(1, 15))

NIK_FACTOR = 25.0
WEIGHT_TOLERANCE = 1e-9
_SCALE = (1.0, 2.0, 3.0, 4.0)
_SNAP_DIGITS = 6
KM_CHI2, KM_P, KM_D = 3.841, 0.5, 0.05


@dataclass(frozen=True)
class IkmResult:
    """Hold one IKM computation; fields are described in :func:`compute_ikm`."""

    nrr: dict[str, float]
    ikm: float
    ikm_unrounded: float
    grade: str
    label: str
    n: int
    n_per_unsur: dict[str, int]
    weights: dict[str, float]


def round_half_up(value, ndigits: int = 2):
    """Round half away from zero, immune to binary float noise.

    Parameters
    ----------
    value : float or array-like of float
        Values to round; NaN stays NaN.
    ndigits : int, default 2
        Decimal places to keep.

    Returns
    -------
    float or numpy.ndarray
        A float for scalar input, otherwise an array of the input's shape.
    """
    scaled = np.asarray(value, dtype=float) * 10.0**ndigits
    snapped = np.round(scaled, _SNAP_DIGITS)  # see module docstring
    rounded = np.sign(snapped) * np.floor(np.abs(snapped) + 0.5) / 10.0**ndigits
    return float(rounded) if rounded.ndim == 0 else rounded


def _classify(rounded: np.ndarray, bands) -> tuple[np.ndarray, np.ndarray]:
    """Return grade and label arrays for NIK values already rounded (NaN gives None)."""
    ascending = bands[::-1]
    lowers = np.array([b.lower for b in ascending])
    index = np.searchsorted(lowers, rounded, side="right") - 1
    valid = ~np.isnan(rounded) & (index >= 0)
    safe = np.where(valid, index, 0)
    grades = np.array([b.grade for b in ascending], dtype=object)[safe]
    labels = np.array([b.label for b in ascending], dtype=object)[safe]
    grades[~valid] = None
    labels[~valid] = None
    return grades, labels


def _grade_scalar(value: float, bands) -> tuple[str, str]:
    """Return (grade, label) for one NIK value after rounding it half-up to 2 dp."""
    value = float(value)
    # Far off the scale (or infinite) is refused before rounding, which would overflow.
    rounded = round_half_up(value) if abs(value) < 1e6 else math.nan
    # Rejecting values off the 25–100 scale catches NI (1–4) values passed by mistake,
    # which would otherwise silently grade as D.
    if not 25.0 <= rounded <= 100.0:
        raise ValueError(f"IKM {value!r} is not on the 25–100 NIK scale (multiply NI by 25)")
    grades, labels = _classify(np.array([rounded]), bands)
    return grades[0], labels[0]


def grade_ikm(value: float) -> tuple[str, str]:
    """Classify an IKM (NIK, 25–100) into the PermenPANRB 14/2017 mutu pelayanan.

    Parameters
    ----------
    value : float
        IKM on the 25–100 scale; it is rounded half-up to 2 dp before comparing with the
        inclusive lower bounds in :data:`IKM_BANDS_2017`.

    Returns
    -------
    tuple of (str, str)
        Grade ``"A"``–``"D"`` and its label, e.g. ``("A", "Sangat Baik")``. A NaN value, or
        one outside 25–100 once rounded, raises ValueError.
    """
    return _grade_scalar(value, IKM_BANDS_2017)


def grade_ikm_2004(value: float) -> tuple[str, str]:
    """Classify a legacy KEP/25/M.PAN/2/2004 IKM; use only for historical results.

    Parameters
    ----------
    value : float
        Legacy IKM on the 25–100 scale, rounded half-up to 2 dp before comparing with
        :data:`IKM_BANDS_2004` (A ≥ 81.26, B ≥ 62.51, C ≥ 43.76, else D).

    Returns
    -------
    tuple of (str, str)
        Grade and label.
    """
    return _grade_scalar(value, IKM_BANDS_2004)


def _resolve_weights(columns: list, weights: Mapping | None) -> tuple[list, np.ndarray, float]:
    """Return unsur codes, the weight vector and the divisor that normalises it."""
    if len(set(columns)) != len(columns) or not columns:
        raise ValueError(f"unsur columns must be non-empty and unique, got {columns!r}")
    if weights is None:
        # Integer ones divided once by k keep "all answers 4" at exactly 100.00.
        return columns, np.ones(len(columns)), float(len(columns))
    missing = [c for c in weights if c not in columns]
    unweighted = [c for c in columns if c not in weights]
    if missing or unweighted:
        raise ValueError(f"weights and unsur columns differ: no column for {missing!r}, "
                         f"no weight for {unweighted!r}")
    vector = np.array([weights[c] for c in columns], dtype=float)
    if not np.isfinite(vector).all() or (vector < 0).any():
        raise ValueError(f"unsur weights must be finite and non-negative, got {dict(weights)!r}")
    if abs(vector.sum() - 1.0) > WEIGHT_TOLERANCE:
        raise ValueError(f"unsur weights must sum to 1, they sum to {vector.sum()!r}")
    return columns, vector, 1.0


def _answer_matrix(frame: pd.DataFrame, codes: list) -> np.ndarray:
    """Return the answers as floats with NaN for skips, rejecting anything but 1–4."""
    raw = frame[codes]
    values = raw.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    # True == 1 numerically, so a boolean column would otherwise pass as answers.
    is_bool = np.array([pd.api.types.is_bool_dtype(raw[c]) for c in codes])
    bad = raw.notna().to_numpy() & (~np.isin(values, _SCALE) | is_bool)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise ValueError(f"answer {raw.iat[row, col]!r} in column {codes[col]!r} at row index "
                         f"{frame.index[row]!r} is not an integer score 1–4")
    return values


def _nrr_and_ikm(sums, counts, weights, divisor) -> tuple[np.ndarray, np.ndarray]:
    """Return NRR (groups × unsur) and the unrounded IKM per group."""
    with np.errstate(invalid="ignore", divide="ignore"):
        nrr = sums / counts  # 0/0 marks an unsur nobody answered with NaN
    return nrr, NIK_FACTOR * (nrr * weights).sum(axis=1) / divisor


def _compute_single(responses: pd.DataFrame, weights, bands) -> IkmResult:
    """Compute one IKM from respondent rows against the given bands."""
    codes, vector, divisor = _resolve_weights(list(responses.columns), weights)
    values = _answer_matrix(responses, codes)
    answered = ~np.isnan(values)
    n = int(answered.any(axis=1).sum())
    if n == 0:
        raise ValueError("no respondent answered any unsur: the IKM is undefined")
    counts = answered.sum(axis=0)
    if (counts == 0).any():
        empty = [c for c, k in zip(codes, counts, strict=True) if k == 0]
        raise ValueError(f"no answers for unsur {empty!r}: the IKM is undefined")
    nrr, ikm = _nrr_and_ikm(np.nansum(values, axis=0)[None, :], counts[None, :], vector, divisor)
    rounded = round_half_up(float(ikm[0]))
    grade, label = _grade_scalar(rounded, bands)
    return IkmResult(
        nrr=dict(zip(codes, nrr[0].tolist(), strict=True)), ikm=rounded,
        ikm_unrounded=float(ikm[0]), grade=grade, label=label, n=n,
        n_per_unsur=dict(zip(codes, counts.tolist(), strict=True)),
        weights=dict(zip(codes, (vector / divisor).tolist(), strict=True)),
    )


def compute_ikm(responses: pd.DataFrame, weights: Mapping[str, float] | None = None) -> IkmResult:
    """Compute the PermenPANRB 14/2017 IKM from respondent-level answers.

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per respondent and one column per unsur (usually ``U1``…``U9``); every
        column is treated as an unsur, so select them first. Scores are 1–4, NaN where the
        respondent skipped the unsur. Rows with no answer at all are ignored.
    weights : mapping of str to float, optional
        Weight per unsur code, covering exactly the columns and summing to 1 (± 1e-9).
        Default: exactly ``1/len(columns)`` each (published as 0.111 for nine unsur).

    Returns
    -------
    IkmResult
        ``nrr`` per unsur (answers ÷ respondents who answered it), ``ikm`` = 25 × Σ wᵢ·NRRᵢ
        rounded half-up to 2 dp, ``ikm_unrounded``, ``grade``/``label`` from
        :data:`IKM_BANDS_2017`, ``n`` respondents with any answer, ``n_per_unsur`` and the
        ``weights`` used. ValueError is raised for an answer other than 1–4 (naming column
        and row index), bad weights, no respondents, or an unsur nobody answered (its NRR,
        hence the IKM, is undefined).
    """
    return _compute_single(responses, weights, IKM_BANDS_2017)


def compute_ikm_2004(responses: pd.DataFrame) -> IkmResult:
    """Compute a legacy KEP/25/M.PAN/2/2004 IKM; use only to import historical results.

    Parameters
    ----------
    responses : pandas.DataFrame
        Exactly the columns ``U1``…``U14`` (any order), scores 1–4, NaN for a skip.

    Returns
    -------
    IkmResult
        As :func:`compute_ikm`, with weights exactly 1/14 (published as 0.071) and the
        grade from the legacy :data:`IKM_BANDS_2004`. Other columns raise ValueError.
    """
    if sorted(responses.columns, key=str) != sorted(UNSUR_2004_CODES):
        raise ValueError(f"the 2004 method needs exactly columns U1..U14, got "
                         f"{list(responses.columns)!r}")
    return _compute_single(responses, None, IKM_BANDS_2004)


def compute_ikm_grouped(long_df: pd.DataFrame, by: Hashable | Iterable[Hashable],
                        weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Compute the PermenPANRB 14/2017 IKM of every group in one pass.

    Parameters
    ----------
    long_df : pandas.DataFrame
        One row per respondent: the group columns plus one column per unsur; every column
        not in ``by`` is an unsur. Scores 1–4, NaN for a skip.
    by : label or list of labels
        Group columns, e.g. ``["unit_id", "service_type_id", "period_id"]``; no NaN allowed.
    weights : mapping of str to float, optional
        As in :func:`compute_ikm`.

    Returns
    -------
    pandas.DataFrame
        Indexed by the sorted group keys, with ``nrr_<code>`` and ``n_<code>`` per unsur,
        ``ikm`` (half-up, 2 dp), ``ikm_unrounded``, ``grade``, ``label`` and ``n``. Each row
        equals :func:`compute_ikm` on that group, except that a group with an unsur nobody
        answered gets ``ikm`` NaN and ``grade``/``label`` None instead of an error. Bad
        answers or weights, or a missing or NaN group key, raise ValueError.
    """
    keys = list(by) if isinstance(by, list | tuple) else [by]
    if missing := [k for k in keys if k not in long_df.columns]:
        raise ValueError(f"group columns {missing!r} are not in the frame")
    if long_df[keys].isna().any(axis=None):
        raise ValueError(f"group columns {keys!r} contain missing values")
    codes, vector, divisor = _resolve_weights([c for c in long_df.columns if c not in keys],
                                              weights)
    values = pd.DataFrame(_answer_matrix(long_df, codes), columns=codes)
    frame = pd.concat([long_df[keys].reset_index(drop=True), values], axis=1)
    grouped = frame.groupby(keys, sort=True, observed=True)
    counts = grouped[codes].count()
    n = values.notna().any(axis=1).groupby([frame[k] for k in keys], observed=True).sum()
    nrr, ikm = _nrr_and_ikm(grouped[codes].sum().to_numpy(), counts.to_numpy(), vector, divisor)
    return _grouped_frame(codes, nrr, counts, ikm, n.to_numpy())


def _grouped_frame(codes, nrr, counts: pd.DataFrame, ikm, n) -> pd.DataFrame:
    """Assemble the per-group result frame of :func:`compute_ikm_grouped`."""
    rounded = round_half_up(ikm)
    grades, labels = _classify(rounded, IKM_BANDS_2017)
    columns = {f"nrr_{c}": nrr[:, i] for i, c in enumerate(codes)}
    columns |= {f"n_{c}": counts[c].to_numpy() for c in codes}
    columns |= {"ikm": rounded, "ikm_unrounded": ikm, "n": n,
                "grade": pd.Series(grades, index=counts.index, dtype=object),
                "label": pd.Series(labels, index=counts.index, dtype=object)}
    return pd.DataFrame(columns, index=counts.index)


def sample_size(population):
    """Return the Krejcie–Morgan (1970) sample size for a survey population.

    Parameters
    ----------
    population : int or array-like of int
        Service users in the survey period (N). Values ≤ 0 give 0: no users, no sample.

    Returns
    -------
    int or numpy.ndarray of int64
        s = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)) with χ² = 3.841, P = 0.5, d = 0.05,
        rounded half-up to an integer; an int for scalar input. NaN or inf raise ValueError.
    """
    pop = np.asarray(population, dtype=float)
    if not np.isfinite(pop).all():
        raise ValueError(f"population must be finite, got {population!r}")
    pop = np.clip(pop, 0.0, None)  # N = 0 makes the formula give exactly 0
    pq = KM_CHI2 * KM_P * (1.0 - KM_P)
    size = np.asarray(round_half_up(pq * pop / (KM_D**2 * (pop - 1.0) + pq), 0)).astype(np.int64)
    return int(size) if size.ndim == 0 else size
