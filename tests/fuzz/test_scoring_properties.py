"""Every scoring function on arbitrary input: a documented ValueError, or an in-range result.

Each property is the promise in the function's docstring, nothing more: IKM in 25–100 with a
grade, percentages where promised, ranks a permutation, counts never negative.
"""

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from scoring import grades, innovation, nip, proposals, skm, targets, workload
from scoring.calendar import add_working_days, working_calendar, working_days_between
from scoring.composite import build_index
from scoring.coverage import review_level, sp_available_level
from scoring.quality_checks import completeness, sample_shortfalls
from scoring.reassign import Person, Policy, ReassignInputError, Slot, plan_moves

from .strategies import FAST, NASTY_FLOATS
from .strategies import XLSX as SLOW

any_float = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(NASTY_FLOATS))
# Workloads, staff counts and indicator values of this world: up to 1e12, plus every non-finite
# and negative value (the overflow of 1e308 × 1e308 is not a workload).
real_float = st.one_of(st.floats(-1e12, 1e12), st.sampled_from([math.nan, math.inf, -math.inf,
                                                                 0.0, -1.0, 0.5]))
staff_count = st.one_of(st.integers(-2, 10 ** 6), st.sampled_from([math.nan, math.inf, 0.5]))
answer = st.one_of(st.sampled_from([1, 2, 3, 4, 1.0, 4.0, np.nan]), any_float,
                   st.integers(-5, 10))
UNSUR = [f"U{i}" for i in range(1, 10)]


@FAST
@given(rows=st.lists(st.lists(answer, min_size=9, max_size=9), min_size=0, max_size=12))
@example(rows=[[4] * 9])
@example(rows=[[np.nan] * 9])
@example(rows=[[np.inf] + [4] * 8])
def test_compute_ikm_is_25_to_100_or_a_value_error(rows):
    frame = pd.DataFrame(rows, columns=UNSUR, dtype=float)
    try:
        result = skm.compute_ikm(frame)
    except ValueError as err:
        assert str(err)
        return
    assert 25 <= result.ikm <= 100
    assert math.isfinite(result.ikm_unrounded)
    assert all(1 <= v <= 4 for v in result.nrr.values())
    assert result.grade in "ABCD" and result.label
    assert 1 <= result.n <= len(rows)
    assert skm.grade_ikm(result.ikm) == (result.grade, result.label)


@FAST
@given(value=any_float)
@example(value=24.994)
@example(value=100.004)
def test_grade_ikm_grades_25_to_100_and_refuses_the_rest(value):
    try:
        grade, label = skm.grade_ikm(value)
    except ValueError as err:
        assert str(err)
        assert not (math.isfinite(value) and abs(value) < 1e6
                    and 25 <= skm.round_half_up(value) <= 100)
        return
    assert 25 <= skm.round_half_up(value) <= 100
    assert grade in "ABCD" and label


@FAST
@given(population=st.one_of(st.integers(-10 ** 12, 10 ** 12), st.lists(
    st.integers(-10 ** 9, 10 ** 9), max_size=20)))
def test_sample_size_is_between_zero_and_the_population(population):
    size = skm.sample_size(population)
    sizes, pops = np.atleast_1d(size), np.atleast_1d(population)
    assert (sizes >= 0).all() and (sizes <= np.maximum(pops, 0)).all()
    assert (sizes <= 385).all()  # the Krejcie–Morgan limit for an infinite population


@FAST
@given(value=any_float, table=st.sampled_from(["ipp", "ombudsman"]))
def test_grade_bands_classify_or_refuse(value, table):
    classify = grades.grade_ipp if table == "ipp" else grades.ombudsman_zone
    try:
        band = classify(value)
    except (ValueError, ArithmeticError) as err:
        assert str(err)
        assert isinstance(err, ValueError), f"{type(err).__name__} is not a ValueError"
        return
    assert band.code and band.label


@FAST
@given(real=st.one_of(st.none(), any_float), target=st.one_of(st.none(), any_float),
       direction=st.sampled_from([1, -1]))
def test_percent_achieved_is_finite_or_none(real, target, direction):
    result = targets.percent_achieved(real, target, direction)
    assert result is None or math.isfinite(result)


@SLOW
@given(values=st.lists(st.tuples(st.sampled_from(["a", "b", "c"]),
                                 st.sampled_from(["pkm", "rs"]), any_float), max_size=10))
def test_realisation_is_finite_or_none(values):
    frame = pd.DataFrame(values, columns=["unit", "unit_type", "value"])
    mean, count = targets.realisation(frame)
    assert count >= 0
    assert mean is None or math.isfinite(mean) or count == 0


nip_text = st.one_of(
    st.text(alphabet="0123456789 ", min_size=0, max_size=24), st.text(max_size=20),
    st.integers(-10 ** 20, 10 ** 20), st.just("19850312 201001 1 003"))


@SLOW
@given(raw=nip_text)
def test_parse_nip_decodes_or_says_why(raw):
    try:
        info = nip.parse_nip(raw)
    except nip.InvalidNip as err:
        assert str(err)
        return
    assert info.gender in ("L", "P")
    year, month = info.appointment_year_month
    assert 1 <= month <= 12


@SLOW
@given(raws=st.lists(st.one_of(nip_text, st.none(), st.floats()), max_size=8))
def test_validate_nips_gives_a_message_for_every_invalid_row(raws):
    result = nip.validate_nips(pd.Series(raws, dtype=object))
    assert len(result) == len(raws)
    assert result.loc[~result["valid"], "message"].map(lambda m: isinstance(m, str) and m).all()
    assert result.loc[result["valid"], "message"].isna().all()


CALENDAR = working_calendar([2024, 2025, 2026])
days = st.dates(date(2024, 1, 1), date(2026, 12, 31))


@FAST
@given(start=days, end=days)
def test_working_days_between_is_never_negative(start, end):
    n = working_days_between(pd.Timestamp(start), pd.Timestamp(end), CALENDAR)
    assert 0 <= int(n) <= max(0, (end - start).days)


@FAST
@given(start=days, n=st.integers(0, 120))
def test_adding_working_days_lands_on_a_working_day_and_counts_back(start, n):
    end = add_working_days(pd.Timestamp(start), n, CALENDAR)
    assume(pd.Timestamp(end).year <= 2026)
    assert np.is_busday(np.datetime64(pd.Timestamp(end).date()), busdaycal=CALENDAR.busdaycal)
    assert pd.Timestamp(end) >= pd.Timestamp(start)


@FAST
@given(volume=st.lists(real_float, min_size=1, max_size=5),
       norm=st.lists(real_float, min_size=1, max_size=5),
       rounding=st.sampled_from(["nearest", "ceiling", "floor"]))
def test_abk_need_is_finite_and_non_negative_or_refused(volume, norm, rounding):
    size = min(len(volume), len(norm))
    try:
        need = workload.abk_need(volume[:size], norm[:size], rounding=rounding)
    except ValueError as err:
        assert str(err)
        return
    assert math.isfinite(need.total) and need.total >= 0
    assert need.rounded >= 0


@FAST
@given(need=real_float, existing=staff_count)
def test_job_efficiency_grades_or_says_no_staff(need, existing):
    try:
        result = workload.job_efficiency(need, existing)
    except ValueError as err:
        assert str(err)
        return
    if result.no_staff:
        assert result.grade is None
    else:
        assert math.isfinite(result.ej) and result.grade


@FAST
@given(done=st.lists(st.integers(-3, 20), min_size=1, max_size=6), flags=st.data())
def test_sp_available_level_is_0_to_5(done, flags):
    size = len(done)
    bools = st.lists(st.booleans(), min_size=size, max_size=size)
    level = sp_available_level(done, flags.draw(bools), flags.draw(bools), flags.draw(bools))
    assert ((np.asarray(level) >= 0) & (np.asarray(level) <= 5)).all()


@FAST
@given(cadences=st.lists(st.integers(0, 3), max_size=8))
def test_review_level_is_0_to_5(cadences):
    assert 0 <= review_level(cadences) <= 5


@FAST
@given(units=st.lists(st.sampled_from("abcdef"), unique=True, max_size=6),
       expected=st.lists(st.sampled_from(["x", "y", "z"]), unique=True, max_size=3),
       present=st.lists(st.tuples(st.sampled_from("abcdefg"), st.sampled_from("xyzw")),
                        max_size=12))
def test_completeness_percent_is_0_to_100(units, expected, present):
    frame = completeness(units, expected, pd.DataFrame(present, columns=["unit", "indicator"]))
    assert len(frame) == len(units)
    numbers = frame.select_dtypes("number")
    pct = [c for c in numbers.columns if "pct" in c or "percent" in c]
    for column in pct:
        assert frame[column].dropna().between(0, 100).all()


@FAST
@given(pairs=st.lists(st.tuples(st.integers(-5, 500), st.integers(-5, 10 ** 6)), max_size=8))
def test_sample_shortfalls_only_lists_units_below_target(pairs):
    respondents = pd.Series([r for r, _ in pairs], index=range(len(pairs)), dtype=float)
    population = pd.Series([p for _, p in pairs], index=range(len(pairs)), dtype=float)
    short = sample_shortfalls(respondents, population)
    for unit, row in short.iterrows():
        assert row["respondents"] < skm.sample_size(int(population[unit]))


@FAST
@given(start=st.dates(date(1900, 1, 1), date(2100, 12, 31)),
       later=st.integers(0, 40000), years=st.integers(0, 100))
@example(start=date(2020, 2, 29), later=365, years=1)
def test_innovation_ages(start, later, years):
    on = start + timedelta(days=later)
    assume(on.year <= 9999)
    assert innovation.full_years(start, on) >= 0
    try:
        moved = innovation.anniversary(start, years)
    except (ValueError, OverflowError):
        return
    # 29 February's anniversary is 28 February, and the year is full the day after.
    assert innovation.full_years(start, moved + timedelta(days=1)) == years


@FAST
@given(text=st.one_of(st.none(), st.text(max_size=200)))
def test_word_count_is_never_negative(text):
    assert innovation.word_count(text) >= 0


@FAST
@given(earlier=st.dates(date(2000, 1, 1), date(2050, 12, 31)), gap=st.integers(0, 5000))
def test_months_between_is_never_negative(earlier, gap):
    assert proposals.months_between(earlier, earlier + timedelta(days=gap)) >= 0


@FAST
@given(n=st.integers(1, 500), share=st.floats(0, 1), count=st.integers(0, 500))
def test_rank_cuts_stay_inside_the_group(n, share, count):
    assert 1 <= proposals.top_cut(n, share, count) <= n
    assert 0 <= proposals.safe_cut(n, share) <= n + 1


facts = st.builds(
    proposals.UnitFacts, unit_id=st.integers(1, 30), period_end=st.just(date(2025, 12, 31)),
    peer_group=st.sampled_from(["pkm", "rs", None]),
    score=st.one_of(st.none(), any_float), rank=st.one_of(st.none(), st.integers(1, 20)),
    group_rank=st.one_of(st.none(), st.integers(1, 20)), group_size=st.integers(0, 20),
    coverage=st.one_of(st.none(), any_float), ikm=st.one_of(st.none(), any_float),
    sla_resolution_pct=st.one_of(st.none(), any_float),
    overdue_statutory=st.one_of(st.none(), st.integers(-1, 50)),
    standard_share=st.one_of(st.none(), any_float),
    has_maklumat=st.one_of(st.none(), st.booleans()))


@SLOW
@given(unit_facts=st.lists(facts, max_size=6, unique_by=lambda f: f.unit_id))
def test_proposals_evaluate_is_deterministic_and_ordered(unit_facts):
    from evalsys.proposals.rules import DEFAULT_RULES

    first = proposals.evaluate(DEFAULT_RULES, unit_facts)
    again = proposals.evaluate(DEFAULT_RULES, list(reversed(unit_facts)))
    assert first == again
    ids = [c.unit_id for c in first.proposals]
    assert ids == sorted(ids)
    assert all(c.hold for c in first.held_back)


cell = st.one_of(st.floats(-1e6, 1e6), st.just(np.nan), st.sampled_from([0.0, 1e12, -1e12]))


@SLOW
@given(values=st.lists(st.lists(cell, min_size=3, max_size=3), min_size=1, max_size=6),
       directions=st.lists(st.sampled_from([1, -1]), min_size=3, max_size=3),
       method=st.sampled_from(["minmax", "zscore", "rank", "percentile"]))
def test_build_index_ranks_are_a_permutation(values, directions, method):
    data = pd.DataFrame(values, columns=["i0", "i1", "i2"],
                        index=[f"u{k}" for k in range(len(values))])
    framework = pd.DataFrame(
        [{"code": f"i{j}", "parent": "root", "level": 1, "weight": 1.0,
          "direction": directions[j]} for j in range(3)]
        + [{"code": "root", "parent": None, "level": 2, "weight": 1.0, "direction": 1}])
    try:
        result = build_index(data, framework, normalisation={"method": method})
    except ValueError as err:
        assert str(err)
        return
    ranked = result.rank.dropna().astype(int).sort_values().tolist()
    assert ranked == list(range(1, len(ranked) + 1))
    scored = result.scores.loc[result.rank.dropna().index, result.root]
    assert np.isfinite(scored.to_numpy(dtype=float)).all()


slot = st.builds(Slot, unit=st.sampled_from(["A", "B", "C"]), position=st.sampled_from(["p", "q"]),
                 need=st.integers(-1, 4), have=st.integers(-1, 4))


@SLOW
@given(slots=st.lists(slot, max_size=5), months=st.lists(st.integers(-5, 100), max_size=8),
       protected=st.lists(st.booleans(), max_size=8), max_moves=st.one_of(st.none(),
                                                                           st.integers(-1, 5)))
def test_plan_moves_only_moves_allowed_people_from_surplus_to_shortage(
        slots, months, protected, max_moves):
    people = []
    for index, slot_ in enumerate(slots):
        for k in range(max(slot_.have, 0)):
            i = len(people)
            people.append(Person(id=f"{index}-{k}", unit=slot_.unit, position=slot_.position,
                                 months_in_post=months[i % len(months)] if months else 30,
                                 protected=bool(protected and protected[i % len(protected)])))
    try:
        plan = plan_moves(slots, people, Policy(max_moves=max_moves))
    except ReassignInputError as err:
        assert str(err)
        return
    moved = {m.person_id for m in plan.moves}
    assert len(moved) == len(plan.moves)  # nobody moves twice
    by_id = {p.id: p for p in people}
    for move in plan.moves:
        person = by_id[move.person_id]
        assert not person.protected and person.months_in_post >= 24
        assert math.isfinite(move.cost) and move.cost >= 0
    assert 0 <= plan.shortage_after <= plan.shortage_before
    if max_moves is not None and max_moves >= 0:
        assert len(plan.moves) <= max_moves


@pytest.mark.parametrize("weights", [{"U1": math.nan}, {"U1": math.inf}, {"U1": -1.0}])
def test_compute_ikm_refuses_non_finite_weights(weights):
    frame = pd.DataFrame([[4] * 9], columns=UNSUR, dtype=float)
    full = dict.fromkeys(UNSUR, 1 / 9) | weights
    with pytest.raises(ValueError):
        skm.compute_ikm(frame, full)
