"""Coverage arithmetic, PEKPPP rubric levels and PP 96/2012 timeline flags on hand-made cases."""

from datetime import date

import pandas as pd
import pytest

from scoring.coverage import (
    review_cadence,
    review_level,
    service_flags,
    sp_available_level,
    timeline_flags,
    unit_coverage,
)

AS_OF = date(2025, 12, 31)


def _services(*rows: dict) -> pd.DataFrame:
    """Build a per-service frame; missing columns mean "never happened"."""
    return pd.DataFrame([{"unit_id": 1, "components_done": 0, "has_sop": False, **r}
                         for r in rows])


# --- coverage arithmetic -------------------------------------------------------------------

def test_unit_coverage_counts_and_percentages_by_hand():
    # Unit 1 has four services: complete+adopted+published+SOP; complete+adopted; complete but
    # only a draft; nothing. Unit 2 has one service with everything, evaluated and reviewed.
    frame = _services(
        {"components_done": 14, "adopted_on": date(2024, 5, 2), "published_on": date(2024, 6, 1),
         "has_sop": True, "evaluated_on": date(2025, 3, 1)},
        {"components_done": 14, "adopted_on": date(2023, 1, 9), "reviewed_on": date(2023, 1, 9)},
        {"components_done": 14},
        {},
        {"unit_id": 2, "components_done": 14, "adopted_on": date(2022, 2, 1),
         "published_on": date(2022, 2, 10), "has_sop": True, "evaluated_on": date(2025, 11, 1),
         "reviewed_on": date(2025, 2, 1), "consulted_on": date(2022, 1, 10)},
    )
    out = unit_coverage(service_flags(frame, AS_OF))
    one, two = out.loc[1], out.loc[2]
    assert one["services"] == 4
    assert (one["complete_adopted"], one["published"], one["sop"]) == (2, 1, 1)
    assert one["complete_adopted_pct"] == 50.0
    assert one["published_pct"] == 25.0 and one["sop_pct"] == 25.0
    assert one["evaluated_pct"] == 25.0 and one["reviewed_pct"] == 25.0
    assert two["complete_adopted_pct"] == two["published_pct"] == two["sop_pct"] == 100.0
    assert two["evaluated_pct"] == two["reviewed_pct"] == 100.0
    assert one["sp_available"] == 0  # the service with nothing drags the unit to 0
    assert two["sp_available"] == 5


def test_thirds_round_to_one_decimal():
    frame = _services({"components_done": 14, "adopted_on": date(2025, 1, 6)}, {}, {})
    assert unit_coverage(service_flags(frame, AS_OF)).loc[1, "complete_adopted_pct"] == 33.3


def test_stages_after_the_as_of_date_do_not_count_yet():
    frame = _services({"components_done": 14, "adopted_on": date(2025, 8, 1),
                       "published_on": date(2025, 8, 20)})
    first_half = service_flags(frame, date(2025, 6, 30)).iloc[0]
    year_end = service_flags(frame, AS_OF).iloc[0]
    assert not first_half["adopted"] and not first_half["published"]
    assert year_end["complete_adopted"] and year_end["published"]


def test_published_without_adoption_is_not_published():
    frame = _services({"components_done": 14, "published_on": date(2025, 2, 1)})
    assert not service_flags(frame, AS_OF).iloc[0]["published"]


def test_twelve_and_thirty_six_month_windows_include_their_first_day():
    frame = _services(
        {"evaluated_on": date(2024, 12, 31), "reviewed_on": date(2022, 12, 31)},
        {"evaluated_on": date(2024, 12, 30), "reviewed_on": date(2022, 12, 30)},
        {"evaluated_on": date(2026, 1, 5)},  # after the as-of date: not yet
    )
    flags = service_flags(frame, AS_OF)
    assert flags["evaluated"].tolist() == [True, False, False]
    assert flags["reviewed"].tolist() == [True, False, False]


def test_percentages_stay_within_bounds_and_counts_add_up():
    frame = _services(*({"unit_id": u, "components_done": (u * 5 + i) % 15,
                         "adopted_on": date(2024, 1, 2) if i % 2 else None,
                         "has_sop": i % 3 == 0} for u in range(1, 5) for i in range(u + 2)))
    out = unit_coverage(service_flags(frame, AS_OF))
    assert out["services"].sum() == len(frame)
    for column in ("complete_adopted_pct", "published_pct", "sop_pct"):
        assert out[column].between(0, 100).all()


# --- PEKPPP "SP available" -----------------------------------------------------------------

@pytest.mark.parametrize("done, adopted, consulted, evaluated, level", [
    (0, False, False, False, 0),   # none
    (0, True, True, True, 0),      # dates without any component are still nothing
    (9, False, False, False, 1),   # available, not all 14 components
    (13, True, True, True, 1),     # levels are cumulative: 13 components stop at 1
    (14, False, False, False, 2),  # all 14
    (14, False, True, True, 2),    # consulted and evaluated but never adopted
    (14, True, False, False, 3),   # + adopted
    (14, True, False, True, 3),    # evaluation without public involvement stops at 3
    (14, True, True, False, 4),    # + public involvement
    (14, True, True, True, 5),     # + monitoring and evaluation
])
def test_sp_available_levels(done, adopted, consulted, evaluated, level):
    assert sp_available_level([done], [adopted], [consulted], [evaluated])[0] == level


def test_sp_available_from_dates_and_the_unit_minimum():
    full = {"components_done": 14, "adopted_on": date(2024, 3, 4),
            "consulted_on": date(2024, 2, 1), "evaluated_on": date(2025, 6, 2)}
    flags = service_flags(_services(full, {**full, "consulted_on": None}), AS_OF)
    assert flags["sp_level"].tolist() == [5, 3]
    assert unit_coverage(flags).loc[1, "sp_available"] == 3


# --- PEKPPP "periodic review" --------------------------------------------------------------

def test_review_cadence_buckets():
    last = pd.Series([date(2025, 6, 1), date(2024, 6, 1), date(2021, 1, 4), None,
                      date(2026, 2, 1)])
    assert review_cadence(last, AS_OF).tolist() == [1, 2, 3, 0, 0]


@pytest.mark.parametrize("cadences, level", [
    ([], 0),
    ([0, 0], 0),          # none
    ([3, 0], 0),          # some reviewed long ago, some never
    ([3, 3], 1),          # every 3+ years, all services
    ([2, 0], 2),          # every 2 years, some services
    ([2, 3], 2),
    ([2, 2], 3),          # every 2 years, all services
    ([1, 0], 4),          # yearly, some services
    ([1, 2], 4),
    ([1, 1], 5),          # yearly, all services
])
def test_review_levels(cadences, level):
    assert review_level(cadences) == level


def test_review_uses_the_latest_of_evaluation_and_review():
    frame = _services({"evaluated_on": date(2025, 4, 1), "reviewed_on": date(2022, 5, 2)},
                      {"reviewed_on": date(2025, 1, 6)})
    out = unit_coverage(service_flags(frame, AS_OF))
    assert out.loc[1, "sp_review"] == 5


# --- PP 96/2012 timeline -------------------------------------------------------------------

def _flags(**dates) -> pd.Series:
    return timeline_flags(pd.DataFrame([dates]), AS_OF).iloc[0]


def test_draft_due_counts_working_days_across_lebaran():
    # Berita acara Mon 24 March 2025; 28 Mar–7 Apr are Nyepi/Idul Fitri holidays and cuti
    # bersama, so the 5th working day is Wed 9 April (16 calendar days later).
    on_time = _flags(consulted_on=date(2025, 3, 24), draft_published_on=date(2025, 4, 9),
                     adopted_on=date(2025, 5, 5))
    late = _flags(consulted_on=date(2025, 3, 24), draft_published_on=date(2025, 4, 10),
                  adopted_on=date(2025, 5, 5))
    assert on_time["draft_due"] == pd.Timestamp(2025, 4, 9)
    assert not on_time["draft_late"] and late["draft_late"]


def test_draft_never_published_is_late_only_while_still_in_consultation():
    assert _flags(consulted_on=date(2025, 11, 3))["draft_late"]
    assert not _flags(consulted_on=date(2025, 12, 29))["draft_late"]  # not due yet
    # An adopted standard whose draft date was never recorded is not accused of lateness.
    assert not _flags(consulted_on=date(2024, 1, 8), adopted_on=date(2024, 3, 4))["draft_late"]


def test_comment_window_of_seven_working_days():
    # Draft published Tue 6 May 2025; Waisak (12 May) and its cuti bersama (13 May) do not
    # count, so the public may comment until Mon 19 May.
    base = {"consulted_on": date(2025, 5, 2), "draft_published_on": date(2025, 5, 6)}
    assert _flags(**base, comments_closed_on=date(2025, 5, 19))["comments_until"] == \
        pd.Timestamp(2025, 5, 19)
    assert not _flags(**base, comments_closed_on=date(2025, 5, 19))["comments_short"]
    assert _flags(**base, comments_closed_on=date(2025, 5, 16))["comments_short"]
    # Adopting the SK before the window ends cuts it short too.
    assert _flags(**base, adopted_on=date(2025, 5, 15))["comments_short"]


def test_maklumat_within_seven_working_days_of_adoption():
    # Adopted Mon 2 June 2025; Idul Adha (6 June) and cuti bersama (9 June) → due Fri 13 June.
    adopted = {"adopted_on": date(2025, 6, 2), "consulted_on": date(2025, 5, 2)}
    assert not _flags(**adopted, maklumat_published_on=date(2025, 6, 13))["maklumat_late"]
    assert _flags(**adopted, maklumat_published_on=date(2025, 6, 16))["maklumat_late"]
    assert _flags(**adopted)["maklumat_late"]  # none at all, long after the deadline
    assert not _flags(**adopted, maklumat_published_on=date(2024, 1, 5))["maklumat_late"]


def test_evaluation_and_review_overdue():
    fresh = _flags(adopted_on=date(2025, 3, 3))
    assert not fresh["evaluation_overdue"] and not fresh["review_overdue"]
    old = _flags(adopted_on=date(2021, 3, 1), evaluated_on=date(2024, 12, 30),
                 reviewed_on=date(2022, 12, 30))
    assert old["evaluation_overdue"] and old["review_overdue"]
    assert old["evaluation_due"] == pd.Timestamp(2025, 12, 30)
    kept = _flags(adopted_on=date(2021, 3, 1), evaluated_on=date(2025, 2, 3),
                  reviewed_on=date(2024, 2, 5))
    assert not kept["evaluation_overdue"] and not kept["review_overdue"]


def test_adoption_without_a_prior_consultation_is_flagged():
    assert _flags(adopted_on=date(2024, 3, 4))["not_consulted"]
    assert _flags(adopted_on=date(2024, 3, 4), consulted_on=date(2024, 6, 3))["not_consulted"]
    assert not _flags(adopted_on=date(2024, 3, 4), consulted_on=date(2024, 2, 1))["not_consulted"]
    assert not _flags(consulted_on=date(2024, 2, 1))["not_consulted"]


def test_no_flags_for_a_service_without_a_standard():
    row = _flags()
    assert not any(row[name] for name in ("not_consulted", "draft_late", "comments_short",
                                          "maklumat_late", "evaluation_overdue",
                                          "review_overdue"))
