"""Tests for scoring.workload: ABK, EJ, WISN and ABK-Kes (METHODOLOGY §6, PRODUCT §3)."""

import math

import numpy as np
import pandas as pd
import pytest

from scoring.workload import (
    EJ_TABLE_DEFAULT,
    EJ_TABLE_KEMENKEU_2002,
    abk_by_position,
    abk_need,
    available_working_time,
    job_efficiency,
    staffing_by_unit,
    wisn,
    wisn_by_position,
)

# METHODOLOGY §6.1 worked example: agenda 6000 × 10, distribusi 6000 × 5, laporan 12 × 600.
VOLUME, NORM = [6000, 6000, 12], [10, 5, 600]


@pytest.mark.parametrize(("rounding", "expected"), [("nearest", 1), ("ceiling", 2), ("floor", 1)])
def test_abk_worked_example(rounding, expected):
    need = abk_need(VOLUME, NORM, rounding=rounding)
    # 97,200 min ÷ 75,000 = 1.296 (ABK-1), whatever the rounding.
    assert need.total == pytest.approx(1.296)
    np.testing.assert_allclose(need.per_task, [0.8, 0.4, 0.096])
    assert need.rounded == expected


def test_abk_blog_example_is_0_724_not_0_75():
    need = abk_need([1], [54_300])
    assert need.total == pytest.approx(0.724)
    assert need.rounded == 1


@pytest.mark.parametrize(("minutes", "expected"), [(112_500, 2), (187_500, 3), (112_499, 1)])
def test_nearest_rounds_half_up(minutes, expected):
    # 1.5 → 2 and 2.5 → 3: numpy's half-to-even would give 2 and 2.
    assert abk_need([minutes], [1]).rounded == expected


def test_ceiling_ignores_float_noise():
    # 0.1 + 0.2 + 0.3 minutes is 0.6000000000000001 in floats: ÷ 0.6 must stay 1, not ceil to 2.
    need = abk_need([1, 1, 1], [0.1, 0.2, 0.3], effective_minutes=0.6, rounding="ceiling")
    assert need.total > 1  # the noise is really there
    assert need.rounded == 1


@pytest.mark.parametrize("rounding", ["nearest", "ceiling", "floor"])
def test_zero_workload_needs_nobody(rounding):
    need = abk_need([0, 0], [10, 20], rounding=rounding)
    assert (need.total, need.rounded) == (0.0, 0)
    assert str(need.rounded) == "0"  # no "-0" from ceil(-eps)


def test_abk_need_keeps_series_index_and_custom_wke():
    tasks = pd.Series([600, 1200], index=["t1", "t2"])
    need = abk_need(tasks, [100, 50], effective_minutes=72_000)
    assert list(need.per_task.index) == ["t1", "t2"]
    assert need.total == pytest.approx(120_000 / 72_000)


@pytest.mark.parametrize(
    ("volume", "norm", "kwargs"),
    [([-1], [10], {}), ([np.nan], [10], {}), ([1], [10], {"effective_minutes": 0}),
     ([1], [10], {"rounding": "up"})],
)
def test_abk_need_rejects_bad_input(volume, norm, kwargs):
    with pytest.raises(ValueError):
        abk_need(volume, norm, **kwargs)


def test_ej_of_worked_example_is_a():
    eff = job_efficiency(1.296, 1)
    assert (eff.ej, eff.grade, eff.label, eff.no_staff) == (1.296, "A", "Sangat Baik", False)


@pytest.mark.parametrize(
    ("ej", "default", "kemenkeu"),
    [(1.01, "A", "A"), (1.00, "B", "B"), (0.90, "B", "B"), (0.895, "B", "B"), (0.89, "C", "B"),
     (0.81, "C", "B"), (0.80, "C", "C"), (0.70, "C", "C"), (0.69, "D", "C"), (0.66, "D", "C"),
     (0.65, "D", "D"), (0.50, "D", "D"), (0.49, "E", "E"), (0.0, "E", "E")],
)
def test_ej_tables_boundaries(ej, default, kemenkeu):
    assert job_efficiency(ej, 1).grade == default
    assert job_efficiency(ej, 1, EJ_TABLE_KEMENKEU_2002).grade == kemenkeu


def test_ej_without_staff_is_undefined_and_flagged():
    eff = job_efficiency(1.296, 0)
    assert math.isnan(eff.ej)
    assert (eff.grade, eff.label, eff.no_staff) == (None, None, True)


def test_ej_vectorised_and_zero_workload():
    eff = job_efficiency([0.0, 2.0, 1.0], [2, 2, 0])
    np.testing.assert_array_equal(eff.ej, [0.0, 1.0, np.nan])
    assert list(eff.grade) == ["E", "B", None]
    assert list(eff.no_staff) == [False, False, True]


def test_ej_table_must_decrease():
    with pytest.raises(ValueError):
        job_efficiency(1.0, 1, tuple(reversed(EJ_TABLE_DEFAULT)))


def test_available_working_time():
    # (260 − (14 + 12 + 6 + 8)) days × 8 h = 220 × 8 = 1,760 h.
    assert available_working_time(260, 14, 12, 6, 8, 8) == 1760.0
    with pytest.raises(ValueError):
        available_working_time(30, 14, 12, 6, 8, 8)


def test_wisn_hand_computed():
    # AWT 1,760 h. Standard workloads: 1,760 × 60 ÷ 20 = 5,280 visits; 1,760 × 60 ÷ 240 = 440
    # deliveries. Workload ÷ standard: 10,560 ÷ 5,280 = 2.0 and 264 ÷ 440 = 0.6 → 2.6.
    # CAS: 10 % + 176 h ÷ 1,760 h = 20 % → CAF = 1 ÷ (1 − 0.20) = 1.25 → 2.6 × 1.25 = 3.25.
    # IAS: 88 h × 1 + 44 h × 2 = 176 h → IAF = 176 ÷ 1,760 = 0.1. Required = 3.35.
    # Existing 3: difference = −0.35, ratio = 3 ÷ 3.35 = 0.8955 → pressure "tinggi".
    r = wisn([10_560, 264], [20, 240], 1760, 3, cas_percent=[10], cas_hours=[176],
             ias_hours=[88, 44], ias_staff=[1, 2])
    np.testing.assert_allclose(r.standard_workload, [5280, 440])
    assert (r.cas_percent, r.caf, r.iaf) == pytest.approx((20, 1.25, 0.1))
    assert (r.required, r.difference, r.ratio) == pytest.approx((3.35, -0.35, 3 / 3.35))
    assert r.pressure == "tinggi"


def test_abk_kes_names_map_to_wisn():
    # WKT 72,000 min; SBK = 72,000 ÷ 15 = 4,800; 4,800 ÷ 4,800 = 1.0 staff.
    # FTP = 14,400 ÷ 72,000 × 100 = 20 %; STP = 1.25; kebutuhan = 1.25. 2 staff → ratio 1.6.
    r = wisn([4800], [15], 72_000 / 60, 2, cas_hours=[14_400 / 60])
    np.testing.assert_allclose(r.sbk, [4800])
    assert (r.ftp, r.stp, r.kebutuhan) == pytest.approx((20, 1.25, 1.25))
    assert r.pressure == "rendah"


def test_wisn_balanced_and_custom_bands():
    r = wisn([5280], [20], 1760, 1)
    assert (r.required, r.ratio, r.pressure) == (1.0, 1.0, "seimbang")
    local = ((1.0, "cukup", "Cukup"), (0.9, "batas", "Batas"), (0.0, "kritis", "Kritis"))
    assert wisn([5280], [20], 1760, 0.9, bands=local).pressure == "batas"


def test_wisn_zero_workload_and_zero_staff():
    idle = wisn([0], [20], 1760, 2)
    assert idle.required == 0 and math.isnan(idle.ratio) and idle.pressure is None
    empty = wisn([5280], [20], 1760, 0)
    assert (empty.ratio, empty.difference, empty.pressure) == (0.0, -1.0, "tinggi")


def test_wisn_rejects_impossible_allowance():
    with pytest.raises(ValueError):
        wisn([10], [20], 1760, 1, cas_percent=[60, 40])


def _none(value):
    """DataFrame columns hold a missing grade as NaN or None (pandas infers), results as None."""
    return None if pd.isna(value) else value


def _random_frames(seed=0):
    rng = np.random.default_rng(seed)
    n = 60
    # Unit 5 appears only in staff, and some (unit, position) pairs only in tasks.
    tasks = pd.DataFrame({"unit_id": rng.integers(1, 5, n), "position_id": rng.integers(1, 4, n),
                          "volume": rng.integers(0, 5000, n),
                          "norm_minutes": rng.integers(1, 90, n)})
    staff = pd.DataFrame({"unit_id": rng.integers(1, 6, 15),
                          "position_id": rng.integers(1, 4, 15),
                          "existing": rng.integers(0, 4, 15)})
    return tasks, staff


@pytest.mark.parametrize("rounding", ["nearest", "ceiling", "floor"])
def test_abk_by_position_equals_per_group(rounding):
    tasks, staff = _random_frames()
    out = abk_by_position(tasks, staff, rounding=rounding)
    keys = set(zip(tasks.unit_id, tasks.position_id, strict=True))
    keys |= set(zip(staff.unit_id, staff.position_id, strict=True))
    assert set(out.index) == keys
    for (unit, pos), row in out.iterrows():
        t = tasks[(tasks.unit_id == unit) & (tasks.position_id == pos)]
        existing = staff[(staff.unit_id == unit) & (staff.position_id == pos)].existing.sum()
        need = abk_need(t.volume, t.norm_minutes, rounding=rounding)
        eff = job_efficiency(need.total, existing)
        assert row.need_unrounded == pytest.approx(need.total)
        assert (row.need_rounded, row.existing, _none(row.grade), row.no_staff) == (
            need.rounded, existing, eff.grade, eff.no_staff)
        assert row.gap == existing - need.rounded
        assert (row.shortage, row.surplus) == (max(-row.gap, 0), max(row.gap, 0))


def test_abk_by_position_outer_join_and_units():
    tasks = pd.DataFrame({"unit_id": [1, 1, 1], "position_id": ["a", "a", "b"],
                          "volume": [6000, 6000, 12], "norm_minutes": [10, 5, 600]})
    staff = pd.DataFrame({"unit_id": [1, 1, 2], "position_id": ["a", "c", "a"],
                          "existing": [0, 2, 1]})
    out = abk_by_position(tasks, staff)
    assert out.loc[(1, "a"), "need_rounded"] == 1 and out.loc[(1, "a"), "no_staff"]
    assert out.loc[(1, "c"), "need_unrounded"] == 0 and out.loc[(1, "c"), "surplus"] == 2
    assert out.loc[(2, "a"), "grade"] == "E"
    units = staffing_by_unit(out)
    # Unit 1: a short 1, b short 0 (0.096 → 0), c spare 2 — not netted to "1 spare".
    assert units.loc[1, ["existing", "required", "shortage", "surplus"]].tolist() == [2, 1, 1, 2]
    assert units.loc[1, "ratio"] == 2.0
    assert math.isnan(units.loc[2, "ratio"])  # nothing required in unit 2


def test_wisn_by_position_equals_per_group():
    tasks, staff = _random_frames(1)
    acts = tasks.rename(columns={"volume": "workload", "norm_minutes": "unit_minutes"})
    support = pd.DataFrame({"unit_id": [1, 1, 2], "position_id": [1, 1, 2],
                            "cas_percent": [5, 10, 15]})
    indiv = pd.DataFrame({"unit_id": [1], "position_id": [1], "ias_hours": [40], "staff": [2]})
    awt = pd.Series({1: 1760.0, 2: 1500.0, 3: 1200.0})
    out = wisn_by_position(acts, staff, awt, support=support, individual=indiv)
    for (unit, pos), row in out.iterrows():
        a = acts[(acts.unit_id == unit) & (acts.position_id == pos)]
        s = support[(support.unit_id == unit) & (support.position_id == pos)]
        i = indiv[(indiv.unit_id == unit) & (indiv.position_id == pos)]
        existing = staff[(staff.unit_id == unit) & (staff.position_id == pos)].existing.sum()
        r = wisn(a.workload, a.unit_minutes, awt[pos], existing, cas_percent=s.cas_percent,
                 ias_hours=i.ias_hours, ias_staff=i.staff)
        assert (row.required, row.difference) == pytest.approx((r.required, r.difference))
        assert _none(row.pressure) == r.pressure
        assert row.ratio == pytest.approx(r.ratio, nan_ok=True)
    assert staffing_by_unit(out, required="required")["required"].sum() == pytest.approx(
        out["required"].sum())


def test_wisn_by_position_needs_awt_for_every_cadre():
    acts = pd.DataFrame({"unit_id": [1], "position_id": [9], "workload": [10], "unit_minutes": [5]})
    staff = pd.DataFrame({"unit_id": [1], "position_id": [9], "existing": [1]})
    with pytest.raises(ValueError):
        wisn_by_position(acts, staff, pd.Series({1: 1760.0}))
