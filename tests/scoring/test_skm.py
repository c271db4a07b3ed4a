"""Tests for scoring.skm against docs/METHODOLOGY.md §1 and Appendix B (SKM-2..SKM-4)."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from scoring.skm import (
    ANSWER_LABELS,
    IKM_BANDS_2004,
    IKM_BANDS_2017,
    QUESTIONS,
    UNSUR_2004_CODES,
    UNSUR_2017,
    compute_ikm,
    compute_ikm_2004,
    compute_ikm_grouped,
    grade_ikm,
    grade_ikm_2004,
    round_half_up,
    sample_size,
)

CODES = [f"U{i}" for i in range(1, 10)]


def uniform_frame(column, codes=CODES):
    """Build a survey where every unsur column holds the same answers."""
    return pd.DataFrame({code: list(column) for code in codes})


# --- compute_ikm -------------------------------------------------------------------------


def test_one_respondent_all_fours_gives_exactly_100_and_a():
    result = compute_ikm(uniform_frame([4]))
    assert result.ikm == 100.00
    assert result.ikm_unrounded == 100.0  # exact 1/9, not the published 0.111 (→ 99.90)
    assert (result.grade, result.label) == ("A", "Sangat Baik")
    assert result.n == 1
    assert result.nrr == dict.fromkeys(CODES, 4.0)


def test_all_ones_give_the_minimum_25_and_d():
    result = compute_ikm(uniform_frame([1, 1, 1]))
    assert (result.ikm, result.grade, result.label) == (25.0, "D", "Tidak Baik")


def test_default_weights_are_exactly_one_ninth():
    assert compute_ikm(uniform_frame([3])).weights == dict.fromkeys(CODES, 1 / 9)


def test_skipped_answer_divides_by_those_who_answered_that_unsur():
    frame = uniform_frame([4, 3, 2])
    frame.loc[2, "U2"] = np.nan
    result = compute_ikm(frame)
    # U2 = (4 + 3) / 2; every other unsur (4 + 3 + 2) / 3 = 3; IKM = 25 × (8·3 + 3.5) / 9.
    assert result.nrr["U2"] == 3.5
    assert result.nrr["U1"] == 3.0
    assert result.n_per_unsur["U2"] == 2
    assert result.n_per_unsur["U1"] == 3
    assert result.ikm_unrounded == pytest.approx(25 * 27.5 / 9)
    assert (result.ikm, result.grade) == (76.39, "C")
    assert result.n == 3


def test_respondent_with_no_answer_is_not_counted():
    frame = pd.concat([uniform_frame([4, 2]), uniform_frame([np.nan])], ignore_index=True)
    result = compute_ikm(frame)
    assert result.n == 2
    assert result.ikm == 75.0


def test_custom_weights_are_applied():
    frame = pd.DataFrame({"A": [4, 4], "B": [2, 2], "C": [3, 3]})
    result = compute_ikm(frame, weights={"A": 0.5, "B": 0.25, "C": 0.25})
    # 25 × (0.5·4 + 0.25·2 + 0.25·3) = 81.25; equal weights would give 75.00 (C).
    assert (result.ikm, result.grade) == (81.25, "B")
    assert result.weights == {"A": 0.5, "B": 0.25, "C": 0.25}


def test_custom_unsur_set_defaults_to_equal_weights():
    frame = uniform_frame([4], codes=[f"U{i}" for i in range(1, 11)])
    frame["U10"] = 1
    result = compute_ikm(frame)
    assert result.ikm == 92.5  # 25 × (9·4 + 1) / 10
    assert set(result.nrr) == {f"U{i}" for i in range(1, 11)}


def test_weights_within_tolerance_of_one_are_accepted():
    weights = {"A": 0.5 + 1e-12, "B": 0.5}
    assert compute_ikm(pd.DataFrame({"A": [4], "B": [4]}), weights).ikm == 100.0


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"A": 0.5, "B": 0.4}, "sum to 1"),
        ({"A": 0.111, "B": 0.889 + 1e-6}, "sum to 1"),
        ({"A": 1.5, "B": -0.5}, "non-negative"),
        ({"A": 1.0}, "no weight for \\['B'\\]"),
        ({"A": 0.5, "B": 0.25, "Z": 0.25}, "no column for \\['Z'\\]"),
    ],
)
def test_bad_weights_are_rejected(weights, message):
    with pytest.raises(ValueError, match=message):
        compute_ikm(pd.DataFrame({"A": [4], "B": [3]}), weights)


@pytest.mark.parametrize("bad", [5, 0, 2.5, -1, np.inf])
def test_answer_outside_scale_names_column_and_row(bad):
    frame = uniform_frame([4, 3, 2]).astype(float)
    frame.index = ["r1", "r2", "r3"]
    frame.loc["r2", "U3"] = bad
    with pytest.raises(ValueError, match=r"column 'U3' at row index 'r2'"):
        compute_ikm(frame)


def test_text_answer_is_rejected():
    frame = uniform_frame([4, 3]).astype(object)
    frame.loc[1, "U7"] = "baik"
    with pytest.raises(ValueError, match=r"'baik' in column 'U7' at row index 1"):
        compute_ikm(frame)


def test_boolean_column_is_not_taken_as_answers():
    frame = uniform_frame([4, 3])
    frame["U5"] = [True, True]
    with pytest.raises(ValueError, match="column 'U5'"):
        compute_ikm(frame)


def test_nullable_integer_columns_are_accepted():
    frame = uniform_frame([4, 2]).astype("Int64")
    frame.loc[1, "U1"] = pd.NA
    result = compute_ikm(frame)
    assert result.nrr["U1"] == 4.0
    assert result.n_per_unsur["U1"] == 1


def test_unsur_nobody_answered_is_an_error_naming_it():
    frame = uniform_frame([4, 3]).astype(float)
    frame["U4"] = np.nan
    with pytest.raises(ValueError, match=r"no answers for unsur \['U4'\]"):
        compute_ikm(frame)


@pytest.mark.parametrize("frame", [uniform_frame([]), uniform_frame([np.nan, np.nan])])
def test_zero_respondents_is_an_error(frame):
    with pytest.raises(ValueError, match="no respondent"):
        compute_ikm(frame)


def test_result_is_frozen():
    result = compute_ikm(uniform_frame([4]))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.ikm = 1.0


# --- rounding --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(88.305, 88.31), (0.125, 0.13), (2.675, 2.68), (1.005, 1.01), (88.3049, 88.3), (64.995, 65.0)],
)
def test_round_half_up(value, expected):
    assert round_half_up(value) == expected


def test_round_half_up_is_vectorised_and_keeps_nan():
    result = round_half_up(np.array([0.125, 78.125, np.nan]))
    np.testing.assert_array_equal(result, [0.13, 78.13, np.nan])


def test_exact_tie_rounds_up_not_to_even():
    # 8 respondents scoring 25 per unsur: NRR 3.125, IKM exactly 78.125 (a binary float).
    result = compute_ikm(uniform_frame([4] + [3] * 7))
    assert result.ikm_unrounded == 78.125
    assert round(result.ikm_unrounded, 2) == 78.12  # the trap: round() goes to even
    assert result.ikm == 78.13


def test_tie_computed_just_below_half_still_rounds_up():
    # 40 respondents scoring 147 per unsur: exactly 91.875, computed as 91.87499999999999.
    assert compute_ikm(uniform_frame([4] * 27 + [3] * 13)).ikm == 91.88


# --- grade_ikm -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "grade"),
    [(100.0, "A"), (88.31, "A"), (88.30, "B"), (76.61, "B"), (76.60, "C"),
     (65.00, "C"), (64.99, "D"), (25.00, "D"),
     (88.305, "A"), (88.3049, "B"), (76.605, "B"), (64.995, "C"), (64.9949, "D")],
)
def test_grade_ikm_boundaries(value, grade):
    assert grade_ikm(value)[0] == grade


def test_grade_ikm_labels():
    assert [grade_ikm(v) for v in (95, 80, 70, 50)] == [
        ("A", "Sangat Baik"), ("B", "Baik"), ("C", "Kurang Baik"), ("D", "Tidak Baik")]


@pytest.mark.parametrize("value", [3.8, 24.99, 100.01, np.nan])
def test_grade_ikm_rejects_values_off_the_nik_scale(value):
    with pytest.raises(ValueError, match="25–100"):
        grade_ikm(value)


def test_bands_constant_matches_the_regulation():
    assert [tuple(b) for b in IKM_BANDS_2017] == [
        (88.31, "A", "Sangat Baik"), (76.61, "B", "Baik"),
        (65.00, "C", "Kurang Baik"), (25.00, "D", "Tidak Baik")]
    assert IKM_BANDS_2017[0].lower == 88.31


# --- sample_size -----------------------------------------------------------------------

KREJCIE_MORGAN = {
    10: 10, 50: 44, 100: 80, 150: 108, 200: 132, 300: 169, 500: 217, 1000: 278,
    1500: 306, 2000: 322, 3000: 341, 5000: 357, 10000: 370, 20000: 377, 50000: 381,
    1_000_000: 384,
}


@pytest.mark.parametrize(("population", "expected"), KREJCIE_MORGAN.items())
def test_sample_size_matches_krejcie_morgan(population, expected):
    size = sample_size(population)
    assert size == expected
    assert isinstance(size, int)


def test_sample_size_is_vectorised():
    result = sample_size(np.array(list(KREJCIE_MORGAN)))
    np.testing.assert_array_equal(result, list(KREJCIE_MORGAN.values()))
    assert result.dtype == np.int64


def test_sample_size_never_exceeds_population():
    population = np.arange(1, 2001)
    assert (sample_size(population) <= population).all()
    assert sample_size(1) == 1


@pytest.mark.parametrize("population", [0, -5])
def test_sample_size_of_empty_population_is_zero(population):
    assert sample_size(population) == 0


def test_sample_size_rejects_nan():
    with pytest.raises(ValueError, match="finite"):
        sample_size([100, np.nan])


# --- compute_ikm_grouped ---------------------------------------------------------------


def random_survey(seed=20240601, rows=900):
    rng = np.random.default_rng(seed)
    answers = rng.integers(1, 5, size=(rows, 9)).astype(float)
    answers[rng.random((rows, 9)) < 0.15] = np.nan
    frame = pd.DataFrame(answers, columns=CODES)
    frame.insert(0, "unit_id", rng.integers(1, 4, rows))
    frame.insert(1, "service_type_id", rng.choice(["ktp", "kk"], rows))
    frame.insert(2, "period_id", rng.integers(2023, 2025, rows))
    return frame


def test_grouped_equals_compute_ikm_per_group():
    keys = ["unit_id", "service_type_id", "period_id"]
    survey = random_survey()
    grouped = compute_ikm_grouped(survey, keys)
    assert len(grouped) == 12
    assert list(grouped.index.names) == keys
    for key, rows in survey.groupby(keys):
        expected = compute_ikm(rows[CODES])
        got = grouped.loc[key]
        assert [got[f"nrr_{c}"] for c in CODES] == list(expected.nrr.values())
        assert [got[f"n_{c}"] for c in CODES] == list(expected.n_per_unsur.values())
        assert got["ikm_unrounded"] == pytest.approx(expected.ikm_unrounded, rel=1e-12)
        assert (got["ikm"], got["grade"], got["label"], got["n"]) == (
            expected.ikm, expected.grade, expected.label, expected.n)


def test_grouped_with_custom_weights_and_single_key():
    survey = random_survey(seed=7, rows=300).drop(columns=["service_type_id", "period_id"])
    weights = dict(zip(CODES, [0.2] + [0.1] * 8, strict=True))
    grouped = compute_ikm_grouped(survey, "unit_id", weights=weights)
    for unit, rows in survey.groupby("unit_id"):
        expected = compute_ikm(rows[CODES], weights=weights)
        assert grouped.loc[unit, "ikm"] == expected.ikm
        assert grouped.loc[unit, "grade"] == expected.grade


def test_grouped_unsur_without_answers_gives_nan_and_none():
    survey = uniform_frame([4, 3, 2, 4])
    survey.insert(0, "unit_id", [1, 1, 2, 2])
    survey["U9"] = survey["U9"].astype(float)
    survey.loc[survey["unit_id"] == 2, "U9"] = np.nan
    grouped = compute_ikm_grouped(survey, ["unit_id"])
    assert grouped.loc[1, "ikm"] == 87.5
    assert grouped.loc[1, "grade"] == "B"
    assert np.isnan(grouped.loc[2, "ikm"])
    assert grouped.loc[2, "grade"] is None
    assert grouped.loc[2, "label"] is None
    assert grouped.loc[2, "n"] == 2


def test_grouped_rounds_ties_half_up():
    # Unit 1 is exactly 78.125, unit 2 is 91.875 computed just below; see the rounding tests.
    survey = uniform_frame([4] + [3] * 7 + [4] * 27 + [3] * 13)
    survey.insert(0, "unit_id", [1] * 8 + [2] * 40)
    grouped = compute_ikm_grouped(survey, "unit_id")
    assert grouped["ikm"].tolist() == [78.13, 91.88]
    assert grouped["n"].tolist() == [8, 40]


def test_grouped_rejects_bad_answers_and_missing_keys():
    survey = uniform_frame([4, 3])
    survey.insert(0, "unit_id", [1, np.nan])
    with pytest.raises(ValueError, match="missing values"):
        compute_ikm_grouped(survey, "unit_id")
    survey["unit_id"] = [1, 2]
    survey.loc[1, "U6"] = 7
    with pytest.raises(ValueError, match="column 'U6'"):
        compute_ikm_grouped(survey, "unit_id")


# --- legacy 2004 method ----------------------------------------------------------------


def test_2004_method_hand_computed():
    frame = uniform_frame([3, 2], codes=list(UNSUR_2004_CODES)).astype(float)
    frame.loc[1, "U14"] = np.nan
    result = compute_ikm_2004(frame)
    # U1..U13 = 2.5, U14 = 3 (one answer); 25 × (13·2.5 + 3) / 14 = 63.392857…
    assert result.nrr["U14"] == 3.0
    assert result.ikm == 63.39
    assert (result.grade, result.label) == ("B", "Baik")  # D under the 2017 bands
    assert result.weights["U1"] == 1 / 14


def test_2004_method_all_fours_is_100():
    assert compute_ikm_2004(uniform_frame([4], codes=list(UNSUR_2004_CODES))).ikm == 100.0


def test_2004_method_needs_fourteen_unsur():
    with pytest.raises(ValueError, match="U1..U14"):
        compute_ikm_2004(uniform_frame([4]))


@pytest.mark.parametrize(
    ("value", "grade"),
    [(81.26, "A"), (81.25, "B"), (62.51, "B"), (62.50, "C"), (43.76, "C"), (43.75, "D"),
     (25.0, "D")],
)
def test_2004_bands(value, grade):
    assert grade_ikm_2004(value)[0] == grade
    assert IKM_BANDS_2004[-1].lower == 25.0


# --- questionnaire constants -----------------------------------------------------------


def test_unsur_2017_codes_and_names():
    assert [u.code for u in UNSUR_2017] == CODES
    assert UNSUR_2017[7].name_id == "Sarana dan Prasarana"
    assert UNSUR_2017[8].name_id == "Penanganan Pengaduan, Saran dan Masukan"
    assert all(u.name_en for u in UNSUR_2017)


def test_every_unsur_has_four_labels_and_a_question():
    assert list(ANSWER_LABELS) == CODES
    assert all(len(labels) == 4 for labels in ANSWER_LABELS.values())
    assert ANSWER_LABELS["U4"] == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")
    assert list(QUESTIONS) == CODES
    assert all(q.startswith("Bagaimana") and q.endswith("?") for q in QUESTIONS.values())
