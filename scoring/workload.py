"""Workload analysis: ABK (PermenPANRB 1/2020), job efficiency (EJ), WHO WISN and ABK-Kes.

Units: ABK in minutes per year (WKE 75,000 = 1,250 h); WISN as the WHO manual: AWT, CAS
time and IAS in hours per year, unit time in minutes. ABK-Kes is WISN renamed (WKT = AWT,
SBK, FTP = CAS %, STP = CAF): pass WKT ÷ 60 as ``awt_hours``, waktu penunjang ÷ 60 as
``cas_hours``. Bands are read on values rounded half-up to 2 dp, lower bounds inclusive,
as the printed tables have two decimals: "A > 1,00" is the lower bound 1.01.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

KEYS = ["unit_id", "position_id"]
WKE_MINUTES = 75_000  # PermenPANRB 1/2020: 1,250 h per year (METHODOLOGY Appendix A)
# (lower bound, grade, label). Permendagri 12/2008 line, [U] in METHODOLOGY §6.1: unverified.
EJ_TABLE_DEFAULT = ((1.01, "A", "Sangat Baik"), (0.90, "B", "Baik"), (0.70, "C", "Cukup"),
                    (0.50, "D", "Sedang"), (0.00, "E", "Kurang"))
# Kemenkeu 2002 "Standar Penilaian Prestasi Kerja", [S]; disagrees with the line above.
EJ_TABLE_KEMENKEU_2002 = ((1.01, "A", "Sangat Baik"), (0.81, "B", "Baik"), (0.66, "C", "Cukup"),
                          (0.50, "D", "Sedang"), (0.00, "E", "Kurang"))
# The WISN manual reads the ratio qualitatively (PRODUCT §3.1): 1 balanced, < 1 short (the
# lower, the higher the pressure), > 1 overstaffed. "< 0.90 kritis" etc. are local bands.
WISN_BANDS_DEFAULT = ((1.01, "rendah", "Tekanan rendah: staf melebihi beban kerja"),
                      (1.00, "seimbang", "Seimbang: staf sesuai beban kerja"),
                      (0.00, "tinggi", "Tekanan tinggi: staf kurang dari beban kerja"))
# Absorbs float noise: 0.895 is stored as 0.89499…, and 0.1 + 0.2 exceeds 0.3.
_EPS = 1e-9
_ROUNDERS = {"nearest": lambda x: np.floor(x + 0.5 + _EPS), "floor": lambda x: np.floor(x + _EPS),
             "ceiling": lambda x: np.ceil(x - _EPS) + 0.0}  # + 0.0: ceil(-eps) is -0.0


@dataclass(frozen=True)
class AbkNeed:
    """Need of one position: ``per_task`` (shaped like the input), ``total``, ``rounded``."""

    per_task: np.ndarray | pd.Series
    total: float
    rounded: int


@dataclass(frozen=True)
class JobEfficiency:
    """EJ and its grade; without staff EJ is NaN, grade and label None, ``no_staff`` True."""

    ej: float | np.ndarray
    grade: str | None | np.ndarray
    label: str | None | np.ndarray
    no_staff: bool | np.ndarray


@dataclass(frozen=True)
class WisnResult:
    """One WISN calculation; the ABK-Kes properties are aliases of the WISN fields."""

    awt_hours: float
    standard_workload: np.ndarray
    cas_percent: float
    caf: float
    iaf: float
    required: float
    existing: float
    difference: float
    ratio: float
    pressure: str | None
    # ABK-Kes (Permenkes 33/2015) names for the same quantities, METHODOLOGY §6.2.
    sbk = property(lambda self: self.standard_workload, doc="Standar Beban Kerja.")
    ftp = property(lambda self: self.cas_percent, doc="Faktor Tugas Penunjang (%).")
    stp = property(lambda self: self.caf, doc="Standar Tugas Penunjang = CAF.")
    kebutuhan = property(lambda self: self.required, doc="Kebutuhan SDMK.")


def _check(values, name: str, positive: bool = False) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    # NaN would silently turn a whole position's need into NaN; reject it where it enters.
    if not np.all(np.isfinite(arr) & ((arr > 0) if positive else (arr >= 0))):
        raise ValueError(f"{name} must be finite and {'> 0' if positive else '>= 0'}")
    return arr


def _safe_ratio(num, den) -> np.ndarray:
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    out = np.full(np.broadcast_shapes(num.shape, den.shape), np.nan)
    # A zero denominator means "undefined", not infinity: NaN, and no RuntimeWarning.
    return np.divide(num, den, out=out, where=den > 0)


def _classify(values, table) -> tuple[np.ndarray, np.ndarray]:
    """Return (codes, labels) from a (lower bound, code, label) table; None for NaN."""
    bounds = np.array([row[0] for row in table], dtype=float)[::-1]
    if bounds.size == 0 or np.any(np.diff(bounds) <= 0):
        raise ValueError("table lower bounds must be strictly decreasing")
    codes = np.array([None, *[row[1] for row in table][::-1]], dtype=object)
    labels = np.array([None, *[row[2] for row in table][::-1]], dtype=object)
    rounded = np.floor(np.asarray(values, dtype=float) * 100 + 0.5 + _EPS) / 100
    # Slot 0 (None) catches NaN and values below the lowest bound.
    idx = np.where(np.isnan(rounded), 0, np.searchsorted(bounds, rounded, side="right"))
    return codes[idx, ...], labels[idx, ...]  # "..." keeps 0-d input a 0-d array, not a str


def _round_need(need, rounding: str):
    """Round by the setting: the legal rule is unverified (METHODOLOGY §6.1 [U])."""
    if rounding not in _ROUNDERS:
        raise ValueError(f"rounding must be one of {sorted(_ROUNDERS)}, got {rounding!r}")
    return _ROUNDERS[rounding](np.asarray(need, dtype=float))


def abk_need(volume, norm_minutes, effective_minutes=WKE_MINUTES, rounding="nearest") -> AbkNeed:
    """Compute one position's staff need: Σ volume × norma waktu ÷ WKE.

    Parameters
    ----------
    volume, norm_minutes : array-like or Series; yearly beban kerja per task, minutes per unit
    effective_minutes : float, default 75,000 (older guidance differs, METHODOLOGY §6.1)
    rounding : {"nearest", "ceiling", "floor"}; "nearest" is half up, rule unverified [U]

    Returns
    -------
    AbkNeed (zero workload: need 0)
    """
    _check(effective_minutes, "effective_minutes", True)
    minutes = _check(volume, "volume") * _check(norm_minutes, "norm_minutes")
    # Summing minutes before the one division keeps the total exact for whole minutes.
    total = float(np.sum(minutes)) / effective_minutes
    per_task = minutes / effective_minutes
    if isinstance(volume, pd.Series):
        per_task = pd.Series(per_task, index=volume.index, name="need")
    return AbkNeed(per_task, total, int(_round_need(total, rounding)))


def job_efficiency(need, existing, table=EJ_TABLE_DEFAULT) -> JobEfficiency:
    """Compute EJ = unrounded need ÷ existing staff, and its grade.

    Parameters
    ----------
    need, existing : float or array-like
    table : sequence of (lower bound, grade, label)
        ``EJ_TABLE_DEFAULT`` (Permendagri 12/2008 line) is **unverified** [U] and disagrees
        with ``EJ_TABLE_KEMENKEU_2002`` (§6.1): a setting until an expert confirms it.

    Returns
    -------
    JobEfficiency
    """
    ej = _safe_ratio(_check(need, "need"), _check(existing, "existing"))
    grade, label = _classify(ej, table)
    no_staff = np.broadcast_to(np.asarray(existing, dtype=float) == 0, ej.shape)
    if ej.ndim == 0:
        return JobEfficiency(float(ej), grade.item(), label.item(), bool(no_staff))
    return JobEfficiency(ej, grade, label, no_staff)


def available_working_time(working_days, public_holidays, annual_leave, sick_leave,
                           other_leave, hours_per_day) -> float:
    """Return WISN AWT in hours per year: [A − (B + C + D + E)] × F (× 60 for minutes).

    Parameters
    ----------
    working_days, public_holidays, annual_leave, sick_leave, other_leave, hours_per_day : float
        A–F of the WHO manual: days per year (E: training and other leave), hours per day.
    """
    days = working_days - (public_holidays + annual_leave + sick_leave + other_leave)
    return float(_check(days, "working days left", True) * _check(hours_per_day, "hours", True))


def _wisn_core(service_hours, cas_percent, ias_hours, awt_hours, existing, bands) -> dict:
    """Apply WISN steps 6–8 to arrays; shared by the single and the grouped function."""
    if np.any(np.asarray(cas_percent) >= 100):
        raise ValueError("total CAS must be below 100% of working time")
    caf = 1.0 / (1.0 - np.asarray(cas_percent, float) / 100.0)
    iaf = np.asarray(ias_hours, float) / awt_hours
    # Σ(workload_i ÷ standard workload_i) = Σ(workload_i × unit time_i) ÷ AWT.
    required = np.asarray(service_hours, float) / awt_hours * caf + iaf
    ratio = _safe_ratio(existing, required)
    gap = np.asarray(existing, float) - required
    return {"caf": caf, "iaf": iaf, "required": required, "difference": gap, "ratio": ratio,
            "pressure": _classify(ratio, bands)[0], "shortage": np.clip(-gap, 0, None) + 0.0,
            "surplus": np.clip(gap, 0, None)}


def wisn(annual_workload, unit_minutes, awt_hours, existing, *, cas_percent=(), cas_hours=(),
         ias_hours=(), ias_staff=None, bands=WISN_BANDS_DEFAULT) -> WisnResult:
    """Compute one cadre's required staff by WHO WISN (User's Manual 2010, PRODUCT §3).

    Parameters
    ----------
    annual_workload, unit_minutes : array-like
        Yearly volume per health-service activity, and its unit time (min; 60 ÷ rate/h).
    awt_hours, existing : float
    cas_percent, cas_hours : array-like; category allowances, % of time or hours per year
    ias_hours, ias_staff : array-like; individual allowances, hours per staff member per
        year, and how many staff do each (default 1)
    bands : pressure bands on the ratio; the default is the manual's qualitative reading

    Returns
    -------
    WisnResult (``ratio`` NaN and ``pressure`` None when nothing is required)
    """
    work, unit = _check(annual_workload, "workload"), _check(unit_minutes, "unit_minutes", True)
    standard = _check(awt_hours, "awt_hours", True) * 60 / unit
    ias = _check(ias_hours, "ias_hours") * (1 if ias_staff is None else _check(ias_staff, "staff"))
    cas = np.sum(_check(cas_percent, "cas")) + np.sum(_check(cas_hours, "cas")) / awt_hours * 100
    # Scaled back to hours so that the shared core divides by AWT once.
    core = _wisn_core(np.sum(work / standard) * awt_hours, cas, np.sum(ias), awt_hours,
                      _check(existing, "existing"), bands)
    keys = ("caf", "iaf", "required", "difference", "ratio", "pressure")
    return WisnResult(float(awt_hours), standard, float(cas), existing=float(existing),
                      **{k: core[k].item() for k in keys})


def _sums(**parts) -> pd.DataFrame:
    """Sum each ``(frame, values)`` per unit × position and outer-join the sums."""
    sums = {name: pd.Series(values, index=frame.index).groupby([frame[k] for k in KEYS]).sum()
            for name, (frame, values) in parts.items()}
    # Missing means none: staff without tasks have no workload, tasks without staff no staff.
    return pd.concat(sums, axis=1).fillna(0.0).sort_index()


def abk_by_position(tasks, existing, effective_minutes=WKE_MINUTES, rounding="nearest",
                    ej_table=EJ_TABLE_DEFAULT) -> pd.DataFrame:
    """Compute ABK need, gap and EJ of every unit × position at once.

    Parameters
    ----------
    tasks : DataFrame of unit_id, position_id, volume, norm_minutes
    existing : DataFrame of unit_id, position_id, existing (summed per group)
    effective_minutes, rounding, ej_table : see :func:`abk_need`, :func:`job_efficiency`

    Returns
    -------
    pandas.DataFrame indexed by (unit_id, position_id), the union of both inputs' groups:
        need_unrounded, need_rounded, existing, gap (existing − need_rounded), ej, grade,
        label (missing when no_staff: test with pd.isna), no_staff, shortage, surplus.
    """
    _check(effective_minutes, "effective_minutes", True)
    minutes = _check(tasks["volume"], "volume") * _check(tasks["norm_minutes"], "norm")
    out = _sums(minutes=(tasks, minutes),
                existing=(existing, _check(existing["existing"], "existing")))
    need = out.pop("minutes").to_numpy() / effective_minutes
    eff = job_efficiency(need, out["existing"].to_numpy(), ej_table)
    out.insert(0, "need_unrounded", need)
    out.insert(1, "need_rounded", _round_need(need, rounding).astype(np.int64))
    gap = out["existing"] - out["need_rounded"]
    return out.assign(gap=gap, ej=eff.ej, grade=eff.grade, label=eff.label,
                      no_staff=eff.no_staff, shortage=(-gap).clip(0) + 0.0,  # no -0.0
                      surplus=gap.clip(0) + 0.0)


def wisn_by_position(activities, existing, awt_hours, support=None, individual=None,
                     bands=WISN_BANDS_DEFAULT) -> pd.DataFrame:
    """Compute WISN of every unit × cadre at once.

    Parameters
    ----------
    activities : DataFrame of unit_id, position_id, workload, unit_minutes
    existing : DataFrame of unit_id, position_id, existing
    awt_hours : float, or Series of AWT hours indexed by position_id
    support : DataFrame of unit_id, position_id, cas_percent (hours ÷ AWT × 100), optional
    individual : DataFrame of unit_id, position_id, ias_hours, staff, optional
    bands : see :func:`wisn`

    Returns
    -------
    pandas.DataFrame indexed by (unit_id, position_id): existing, cas_percent, caf, iaf,
        required, difference, ratio, pressure (missing if nothing required), shortage, surplus.
    """
    unit = _check(activities["unit_minutes"], "unit_minutes", True)
    # A missing optional table adds zeros on the activities' own groups.
    sup = activities.assign(cas_percent=0.0) if support is None else support
    ind = activities.assign(ias_hours=0.0, staff=0.0) if individual is None else individual
    out = _sums(service=(activities, _check(activities["workload"], "workload") * unit / 60),
                existing=(existing, _check(existing["existing"], "existing")),
                cas_percent=(sup, _check(sup["cas_percent"], "cas_percent")),
                ias=(ind, _check(ind["ias_hours"], "ias_hours") * _check(ind["staff"], "staff")))
    if isinstance(awt_hours, pd.Series):  # a cadre missing from it gets NaN, rejected below
        awt_hours = out.index.get_level_values("position_id").map(awt_hours)
    return out.assign(**_wisn_core(out.pop("service"), out["cas_percent"], out.pop("ias"),
                                   _check(awt_hours, "awt_hours", True), out["existing"], bands))


def staffing_by_unit(by_position: pd.DataFrame, required: str = "need_rounded") -> pd.DataFrame:
    """Sum a per-position result to units: existing, required, shortage, surplus, ratio.

    Parameters
    ----------
    by_position : output of :func:`abk_by_position` or :func:`wisn_by_position`
    required : "need_rounded" for ABK, "required" for WISN

    Returns
    -------
    pandas.DataFrame by unit_id; ``ratio`` = existing ÷ required, NaN if nothing required
    """
    # Summed per position, never netted: a spare clerk does not fill a missing midwife's post.
    out = by_position.groupby(level="unit_id")[["existing", required, "shortage", "surplus"]].sum()
    out = out.rename(columns={required: "required"})
    return out.assign(ratio=_safe_ratio(out["existing"], out["required"]))
