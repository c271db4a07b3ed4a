"""Proposal rules on small constructed cases: reward, coaching, warnings, escalation, fairness."""

import copy
from dataclasses import replace
from datetime import date

import pytest

from evalsys.proposals.rules import DEFAULT_RULES
from scoring.proposals import (
    HistoryItem,
    UnitFacts,
    evaluate,
    group_rank_intervals,
    months_between,
    safe_cut,
    top_cut,
)

END = date(2025, 12, 31)


def rules(**overrides):
    """The default rules (as the engine reads them), params overridden per code."""
    out = []
    for rule in copy.deepcopy(DEFAULT_RULES):
        rule["params"].update(overrides.get(rule["code"], {}))
        out.append(rule)
    return out


def unit(unit_id=1, **kw):
    """A middling, fully documented unit of a 12-unit peer group: nothing should fire."""
    base = {"unit_id": unit_id, "period_end": END, "peer_group": "puskesmas", "score": 60.0,
            "rank": 6, "group_rank": 6, "group_size": 12, "rank_p05": 5, "rank_p95": 7,
            "group_rank_best": 5, "group_rank_worst": 7, "coverage": 0.95, "ikm": 85.0,
            "ikm_grade": "B", "sla_resolution_pct": 85.0, "overdue_statutory": 0,
            "standard_share": 1.0, "has_maklumat": True, "has_complaint_channel": True}
    return UnitFacts(**{**base, **kw})


def star(**kw):
    """A unit whose whole interval is in the top of its group and that meets every floor."""
    return unit(**({"group_rank": 1, "group_rank_best": 1, "group_rank_worst": 2, "ikm": 92.0,
                    "ikm_grade": "A", "sla_resolution_pct": 95.0} | kw))


def laggard(**kw):
    """A unit certainly in the bottom quartile of its group (ranks 11–12 of 12)."""
    return unit(**({"group_rank": 12, "group_rank_best": 11, "group_rank_worst": 12} | kw))


def kinds(outcome):
    return sorted((c.kind, c.breach or c.rule_code) for c in outcome.proposals)


def test_a_middling_unit_gets_nothing():
    outcome = evaluate(rules(), [unit()])
    assert outcome.proposals == [] and outcome.held_back == []


def test_group_interval_maps_the_overall_interval_into_the_group():
    # Group "a" holds overall ranks 1, 3, 5, 7; group "b" the even ones.
    rows = [(u, "a" if u % 2 else "b", u, u, u) for u in range(1, 9)]
    rows[2] = (3, "a", 3, 1.0, 6.0)  # unit 3 could be anywhere from overall 1st to 6th
    got = group_rank_intervals(rows)
    assert got[3] == (1, 3)  # ahead of unit 1 at best; behind 1 and 5 at worst
    assert got[5] == (3, 3) and got[8] == (4, 4)  # a degenerate interval is the point rank
    assert group_rank_intervals([(1, "a", None, None, None)]) == {1: None}


def test_zone_cuts_and_months():
    assert [top_cut(n, 0.10, 3) for n in (3, 8, 12, 40)] == [1, 2, 3, 4]
    assert [safe_cut(n, 0.25) for n in (4, 12, 13)] == [3, 9, 9]
    assert months_between(date(2025, 6, 30), date(2025, 12, 31)) == 6
    assert months_between(date(2025, 6, 30), date(2025, 9, 30)) == 3
    assert months_between(date(2025, 1, 31), date(2025, 2, 28)) == 1
    assert months_between(date(2025, 3, 15), date(2025, 6, 14)) == 2


def test_reward_only_when_the_whole_interval_is_in_the_top_and_floors_are_met():
    outcome = evaluate(rules(), [star()])
    [reward] = outcome.proposals
    assert (reward.kind, reward.rule_code, reward.params["top_cut"]) == (
        "reward", "reward_top_group", 3)
    labels = {e.label: e.value for e in reward.evidence}
    assert labels["group_rank_interval"] == [1, 2] and labels["ikm_grade"] == "A"
    for spoiled in ({"ikm_grade": "B"}, {"sla_resolution_pct": 89.9},
                    {"overdue_statutory": 1}, {"overdue_statutory": None},
                    {"group_rank": 4, "group_rank_best": 4, "group_rank_worst": 4}):
        result = evaluate(rules(), [replace(star(), **spoiled)])
        assert not [c for c in result.proposals + result.held_back if c.kind == "reward"]


def test_reward_held_back_when_the_interval_leaves_the_top_or_data_is_thin():
    wide = evaluate(rules(), [replace(star(), group_rank_worst=5)])
    assert wide.proposals == [] and wide.held_back[0].hold == "interval_leaves_top"
    thin = evaluate(rules(), [replace(star(), coverage=0.7)])
    assert thin.held_back[0].hold == "low_coverage"
    small = evaluate(rules(), [replace(star(), group_size=3)])
    assert small.held_back[0].hold == "group_too_small"


def test_coaching_for_a_certain_bottom_quartile_unit():
    [coaching] = evaluate(rules(), [laggard()]).proposals
    assert coaching.kind == "coaching" and coaching.params["triggers"] == ["bottom_quartile"]
    assert coaching.params["safe_cut"] == 9


def test_coaching_held_back_when_the_interval_reaches_the_safe_zone():
    outcome = evaluate(rules(), [laggard(group_rank_best=8)])
    assert outcome.proposals == []
    [held] = outcome.held_back
    assert (held.kind, held.hold) == ("coaching", "interval_overlaps_safe_zone")
    low = evaluate(rules(), [laggard(coverage=0.6)])
    assert low.proposals == [] and low.held_back[0].hold == "low_coverage"
    unknown = evaluate(rules(), [laggard(group_rank_best=None, group_rank_worst=None)])
    assert unknown.held_back[0].hold == "no_rank_interval"


def test_coaching_on_ikm_grade_or_sla_does_not_depend_on_rank():
    for facts, trigger in ((unit(ikm=70.0, ikm_grade="C"), "ikm_grade"),
                           (unit(ikm=50.0, ikm_grade="D"), "ikm_grade"),
                           (unit(sla_resolution_pct=69.9), "sla_low")):
        [coaching] = evaluate(rules(), [facts]).proposals
        assert coaching.params["triggers"] == [trigger]
    # Rank trigger unfair, IKM trigger stands: proposed on the IKM alone, the hold recorded.
    [mixed] = evaluate(rules(), [laggard(group_rank_best=2, ikm_grade="C")]).proposals
    assert mixed.params["triggers"] == ["ikm_grade"]
    assert mixed.params["rank_hold"] == "interval_overlaps_safe_zone"
    threshold = rules(coaching_low_performance={"min_sla_pct": 60.0})
    assert evaluate(threshold, [unit(sla_resolution_pct=65.0)]).proposals == []


@pytest.mark.parametrize("facts,breach", [
    ({"standard_share": 0.5}, "no_service_standard"),
    ({"has_maklumat": False}, "no_maklumat"),
    ({"overdue_statutory": 2}, "complaint_overdue"),
    ({"has_complaint_channel": False}, "no_complaint_channel"),
])
def test_each_unmet_duty_gives_its_own_written_warning(facts, breach):
    [warning] = evaluate(rules(), [unit(**facts)]).proposals
    assert (warning.kind, warning.breach, warning.step, warning.step_code) == (
        "warning", breach, 0, "teguran_tertulis")


def test_warnings_are_one_per_duty_and_not_rank_based():
    # A top-ranked unit is still warned; a bottom unit with an uncertain rank too.
    facts = [star(unit_id=1, has_maklumat=False),
             laggard(unit_id=2, group_rank_best=1, has_complaint_channel=False,
                     overdue_statutory=3)]
    outcome = evaluate(rules(), facts)
    assert [(c.unit_id, c.kind, c.breach) for c in outcome.proposals] == [
        (1, "reward", None), (1, "warning", "no_maklumat"),
        (2, "warning", "complaint_overdue"), (2, "warning", "no_complaint_channel")]


def test_unknown_duty_or_thin_data_holds_the_warning_back():
    unknown = evaluate(rules(), [unit(standard_share=None, has_maklumat=None)])
    assert unknown.proposals == []
    assert [(c.breach, c.hold) for c in unknown.held_back] == [
        ("no_service_standard", "fact_unknown"), ("no_maklumat", "fact_unknown")]
    thin = evaluate(rules(), [unit(coverage=0.5, has_maklumat=False)])
    assert [(c.kind, c.hold) for c in thin.held_back] == [("warning", "low_coverage")]
    partial = rules(warning_service_standard={"min_share": 0.5})
    assert evaluate(partial, [unit(standard_share=0.5)]).proposals == []


def _warned(breach, status="approved", end=date(2025, 6, 30), step=0, kind="warning"):
    return HistoryItem(unit_id=1, breach=breach, kind=kind, step=step, status=status,
                       period_end=end)


@pytest.mark.parametrize("facts,breach,step", [
    ({"has_complaint_channel": False}, "no_complaint_channel", "pembebasan_dari_jabatan"),
    ({"overdue_statutory": 1}, "complaint_overdue", "penurunan_gaji"),
    ({"has_maklumat": False}, "no_maklumat", "pembebasan_dari_jabatan"),
    ({"standard_share": 0.0}, "no_service_standard", "pemberhentian_dengan_hormat"),
])
def test_a_persisting_breach_after_an_approved_warning_escalates(facts, breach, step):
    [escalation] = evaluate(rules(), [unit(**facts)], [_warned(breach)]).proposals
    assert (escalation.kind, escalation.breach, escalation.step, escalation.step_code) == (
        "escalation", breach, 1, step)
    assert escalation.params["months"] == 6 and escalation.params["after_months"] == 3
    assert {e.label: e.value for e in escalation.evidence}["previous_step"] == \
        "teguran_tertulis"


def test_escalation_waits_for_the_remedy_period_and_needs_an_approval():
    facts = [unit(period_end=date(2025, 10, 31), has_complaint_channel=False)]
    soon = evaluate(rules(), facts, [_warned("no_complaint_channel", end=date(2025, 9, 30))])
    assert soon.proposals == []
    assert [(c.kind, c.hold, c.params["months"]) for c in soon.held_back] == [
        ("escalation", "remedy_period_running", 1)]
    for history in ([_warned("no_complaint_channel", status="rejected")],
                    [_warned("no_complaint_channel", status="proposed")],
                    [_warned("no_maklumat")],  # another breach
                    [_warned("no_complaint_channel", end=END)]):  # not an earlier period
        [again] = evaluate(rules(), [unit(has_complaint_channel=False)], history).proposals
        assert (again.kind, again.step) == ("warning", 0)


def test_a_remedied_breach_is_not_escalated_and_the_last_step_repeats():
    assert evaluate(rules(), [unit()], [_warned("no_maklumat")]).proposals == []
    history = [_warned("no_maklumat"),
               _warned("no_maklumat", kind="escalation", step=1, end=date(2025, 9, 30))]
    [final] = evaluate(rules(), [unit(has_maklumat=False)], history).proposals
    assert (final.kind, final.step, final.reason) == ("escalation", 1, "final_step_persists")


def test_without_an_escalation_rule_the_warning_repeats():
    no_escalation = [r for r in rules() if r["kind"] != "escalation"]
    [warning] = evaluate(no_escalation, [unit(has_maklumat=False)],
                         [_warned("no_maklumat")]).proposals
    assert warning.kind == "warning"


def test_output_is_deterministic_whatever_the_input_order():
    facts = [laggard(unit_id=3), star(unit_id=1), unit(unit_id=2, has_maklumat=False)]
    first = evaluate(rules(), facts)
    second = evaluate(rules(), list(reversed(facts)))
    assert first == second
    assert [c.unit_id for c in first.proposals] == [1, 2, 3]
