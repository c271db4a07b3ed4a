"""Innovation eligibility, proposal completeness and competition ranking (METHODOLOGY §8)."""

from datetime import date

import pytest

from scoring.innovation import (
    MIN_YEARS_2018,
    MIN_YEARS_2021,
    Criterion,
    Facts,
    completeness,
    eligibility,
    full_years,
    rank_entries,
    scoresheet_total,
    word_count,
)

ON = date(2025, 6, 30)


def codes(reasons):
    return [r.code for r in reasons]


@pytest.mark.parametrize("start, on, years", [
    (date(2023, 6, 30), ON, 2), (date(2023, 7, 1), ON, 1), (date(2025, 6, 30), ON, 0),
    (date(2024, 2, 29), date(2025, 2, 28), 0), (date(2024, 2, 29), date(2025, 3, 1), 1),
])
def test_full_years_counts_anniversaries(start, on, years):
    assert full_years(start, on) == years


@pytest.mark.parametrize("group, implemented_on, eligible", [
    ("umum", date(2023, 6, 30), True),    # exactly 2 years
    ("umum", date(2023, 7, 1), False),    # one day short
    ("khusus", date(2023, 6, 30), True),
    ("khusus", date(2024, 1, 1), False),
    ("replikasi", date(2024, 6, 30), True),  # 1 year is enough for Replikasi
    ("replikasi", date(2024, 7, 1), False),
])
def test_minimum_years_per_group_2021(group, implemented_on, eligible):
    facts = Facts(group, "penerapan", implemented_on, prior_top=group == "khusus",
                  replicated_from="Inovasi X, Kota Y" if group == "replikasi" else None)
    reasons = eligibility(facts, ON, MIN_YEARS_2021)
    assert (reasons == []) is eligible


def test_too_young_says_how_old_and_from_when():
    reasons = eligibility(Facts("umum", "penerapan", date(2024, 3, 1)), ON)
    assert codes(reasons) == ["too_young"]
    assert reasons[0].params == {"years": 1, "min_years": 2, "group": "umum",
                                 "eligible_from": date(2026, 3, 1)}


def test_2018_rule_needs_one_year_for_every_group():
    facts = Facts("umum", "penerapan", date(2024, 6, 1))
    assert eligibility(facts, ON, MIN_YEARS_2018) == []
    assert codes(eligibility(facts, ON, MIN_YEARS_2021)) == ["too_young"]


def test_a_trial_is_not_eligible_and_penerapan_needs_its_date():
    assert codes(eligibility(Facts("umum", "uji_coba", date(2020, 1, 1)), ON)) == \
        ["not_implemented"]
    assert codes(eligibility(Facts("umum", "penerapan", None), ON)) == \
        ["no_implementation_date"]


@pytest.mark.parametrize("facts, code", [
    (Facts("umum", "penerapan", date(2020, 1, 1), prior_top=True), "umum_prior_top"),
    (Facts("khusus", "penerapan", date(2020, 1, 1)), "khusus_needs_prior_top"),
    (Facts("replikasi", "penerapan", date(2020, 1, 1), replicated_from="  "),
     "replikasi_needs_origin"),
    (Facts("lainnya", "penerapan", date(2020, 1, 1)), "unknown_group"),
])
def test_group_requirements(facts, code):
    assert codes(eligibility(facts, ON)) == [code]


def test_completeness_reports_missing_and_long_sections():
    texts = {"ringkasan": "satu dua tiga empat", "latar_belakang": "  \n ",
             "kebaruan": "a b"}
    reasons = completeness(texts, ["ringkasan", "latar_belakang", "kebaruan", "dampak"], 3)
    assert [(r.code, r.params["section"]) for r in reasons] == [
        ("section_too_long", "ringkasan"), ("section_missing", "latar_belakang"),
        ("section_missing", "dampak")]
    assert reasons[0].params["words"] == 4 and reasons[0].params["limit"] == 3
    assert completeness(texts, ["ringkasan", "kebaruan"]) == []  # no limit: any length
    assert word_count("Antrean  daring\nvia WhatsApp.") == 4


CRITERIA = [Criterion("kebaruan", 30), Criterion("efektif", 50), Criterion("lanjut", 20)]


def sheet(entry, judge, a, b, c):
    return [(entry, judge, code, score)
            for code, score in (("kebaruan", a), ("efektif", b), ("lanjut", c))]


def test_weighted_mean_of_a_scoresheet():
    assert scoresheet_total({"kebaruan": 80, "efektif": 90, "lanjut": 70}, CRITERIA) == \
        pytest.approx((30 * 80 + 50 * 90 + 20 * 70) / 100)
    assert scoresheet_total({"kebaruan": 80, "efektif": 90}, CRITERIA) is None


def test_ranking_with_weights_and_a_missing_scoresheet():
    rows = (sheet(1, 10, 80, 90, 70) + sheet(1, 11, 70, 80, 60)   # 83, 73 → 78
            + sheet(2, 10, 90, 70, 90) + sheet(2, 11, 90, 70, 90)  # 80, 80 → 80
            + sheet(3, 10, 100, 100, 100)                          # judge 11 did not score
            + [(3, 11, "kebaruan", 0.0)]                           # incomplete: left out
            + sheet(4, 99, 100, 100, 100))                         # not a judge: ignored
    results = {r.entry_id: r for r in rank_entries([1, 2, 3, 4], [10, 11], CRITERIA, rows)}
    assert results[1].score == pytest.approx(78.0)
    assert results[2].score == pytest.approx(80.0)
    assert results[3].score == pytest.approx(100.0)
    assert results[3].missing_judges == [11]
    assert results[4].score is None and results[4].rank is None
    assert [results[e].rank for e in (3, 2, 1)] == [1, 2, 3]
    assert results[1].criterion_means == {"kebaruan": 75.0, "efektif": 85.0, "lanjut": 65.0}


def test_ties_break_on_the_heaviest_criterion_then_share_a_rank():
    rows = (sheet(1, 10, 70, 80, 90)      # 0.3·70+0.5·80+0.2·90 = 79
            + sheet(2, 10, 90, 70, 100)   # 27+35+20 = 82
            + sheet(3, 10, 80, 78, 81.5)  # 24+39+16.3 = 79.3
            + sheet(4, 10, 90, 74, 75)    # 27+37+15 = 79
            + sheet(5, 10, 90, 74, 75))   # same as 4
    results = rank_entries([1, 2, 3, 4, 5], [10], CRITERIA, rows)
    assert [(r.entry_id, r.rank) for r in results] == [(2, 1), (3, 2), (1, 3), (4, 4), (5, 4)]


def test_order_of_unscored_entries_follows_their_ids():
    results = rank_entries([7, 5], [10], CRITERIA, [])
    assert [(r.entry_id, r.rank, r.score) for r in results] == [(5, None, None), (7, None, None)]
