"""Tests for scoring.reassign: the staff reassignment optimiser (issue 9, METHODOLOGY §7.4)."""

import itertools
import math
import random

import numpy as np
import pytest

from scoring.reassign import (
    MIN_MONTHS_IN_POST,
    Person,
    Plan,
    Policy,
    ReassignInputError,
    Slot,
    plan_moves,
    shortage,
    surplus,
)
from scoring.reassign import solve as solve_module

OLD = 60  # months in post: may move under the default 24-month minimum


def _staff(unit, position, n, prefix=None, months=OLD):
    """Return ``n`` movable people in one slot, ids "<prefix><k>"."""
    prefix = prefix or f"{unit}-{position}-"
    return [Person(f"{prefix}{k}", unit, position, months) for k in range(n)]


# --- small constructed cases ------------------------------------------------------------

def test_one_surplus_one_shortage_gives_one_explained_move():
    slots = [Slot("A", "BDN", 2, 3), Slot("B", "BDN", 3, 2)]
    people = [Person("p1", "A", "BDN", 40), Person("p2", "A", "BDN", 30),
              Person("p3", "A", "BDN", 50)]
    plan = plan_moves(slots, people, Policy(), unit_names={"A": "Puskesmas A"},
                      position_names={"BDN": "Bidan"})
    assert plan.status == "optimal"
    assert (plan.shortage_before, plan.shortage_after) == (1, 0)
    assert (plan.surplus_before, plan.surplus_after) == (1, 0)
    [move] = plan.moves
    assert (move.person_id, move.from_unit, move.to_unit) == ("p3", "A", "B")  # longest in post
    assert (move.from_position, move.to_position, move.cost) == ("BDN", "BDN", 1.0)
    assert move.reason == ("Puskesmas A kelebihan 1 Bidan, unit B kekurangan 1; biaya jarak "
                           "1,0; masa kerja di jabatan 50 bulan")
    assert plan.total_cost == 1.0 and plan.held == ()
    assert "kekurangan dari 1 menjadi 0" in plan.message


def test_protected_and_too_new_staff_never_move_and_are_held():
    slots = [Slot("A", "DOK", 1, 4), Slot("B", "DOK", 3, 0)]
    people = [Person("d1", "A", "DOK", 100, protected=True, protected_reason="ATLS"),
              Person("d2", "A", "DOK", 23), Person("d3", "A", "DOK", 24),
              Person("d4", "A", "DOK", 5, protected=True)]
    plan = plan_moves(slots, people)
    assert [m.person_id for m in plan.moves] == ["d3"]  # 24 months is enough (§7.4)
    assert dict(plan.held) == {
        "d1": "dilindungi: ATLS",
        "d2": "masa kerja di jabatan 23 bulan, kurang dari minimal 24 bulan",
        "d4": "dilindungi"}
    assert plan.shortage_after == 2 and plan.surplus_after == 2


def test_only_held_staff_in_surplus_is_reported_infeasible():
    slots = [Slot("A", "DOK", 0, 1), Slot("B", "DOK", 1, 0)]
    plan = plan_moves(slots, [Person("d1", "A", "DOK", 3)])
    assert plan.status == "infeasible" and plan.moves == ()
    assert "belum memenuhi masa minimal" in plan.message
    assert plan.held[0][0] == "d1"


def test_min_months_is_a_policy_setting_with_the_methodology_default():
    assert Policy().min_months_in_post == MIN_MONTHS_IN_POST == 24
    slots = [Slot("A", "X", 0, 1), Slot("B", "X", 1, 0)]
    people = [Person("x", "A", "X", 12)]
    assert plan_moves(slots, people).moves == ()
    assert len(plan_moves(slots, people, Policy(min_months_in_post=12)).moves) == 1


def test_never_more_than_the_surplus_leaves_a_slot():
    slots = [Slot("A", "X", 2, 5), Slot("B", "X", 9, 0)]
    plan = plan_moves(slots, _staff("A", "X", 5))
    assert len(plan.moves) == 3 and plan.shortage_after == 6 and plan.surplus_after == 0


def test_staff_in_a_balanced_or_short_slot_never_move():
    slots = [Slot("A", "X", 2, 2), Slot("C", "X", 3, 1), Slot("B", "X", 5, 0)]
    plan = plan_moves(slots, _staff("A", "X", 2) + _staff("C", "X", 1))
    assert plan.status == "infeasible" and "tidak ada slot yang kelebihan" in plan.message


def test_max_moves_caps_and_keeps_the_cheapest():
    slots = [Slot("A", "X", 0, 3), Slot("B", "X", 1, 0), Slot("C", "X", 1, 0),
             Slot("D", "X", 1, 0)]
    dist = {("A", "B"): 5.0, ("A", "C"): 2.0, ("A", "D"): 9.0}
    plan = plan_moves(slots, _staff("A", "X", 3), Policy(max_moves=2, distance=dist))
    assert sorted(m.to_unit for m in plan.moves) == ["B", "C"]
    assert plan.total_cost == 7.0 and plan.shortage_after == 1


def test_max_moves_zero_is_reported_not_raised():
    slots = [Slot("A", "X", 0, 1), Slot("B", "X", 1, 0)]
    plan = plan_moves(slots, _staff("A", "X", 1), Policy(max_moves=0))
    assert plan.status == "infeasible" and "Batas jumlah mutasi 0" in plan.message


def test_cross_opd_switch_and_cost():
    slots = [Slot("A", "X", 0, 1), Slot("B", "X", 1, 0), Slot("C", "X", 1, 0)]
    opd = {"A": "DINKES", "B": "DINKES", "C": "DISDUKCAPIL"}
    dist = {("A", "B"): 4.0, ("A", "C"): 1.0}
    people = _staff("A", "X", 1)
    cheap = plan_moves(slots, people, Policy(unit_opd=opd, distance=dist))
    assert cheap.moves[0].to_unit == "C" and "lintas OPD 0,0" in cheap.moves[0].reason
    priced = plan_moves(slots, people, Policy(unit_opd=opd, distance=dist, cross_opd_cost=5))
    assert priced.moves[0].to_unit == "B"
    only_c = [Slot("A", "X", 0, 1), Slot("C", "X", 1, 0)]
    closed = plan_moves(only_c, people, Policy(unit_opd=opd, cross_opd_allowed=False))
    assert closed.status == "infeasible" and "di OPD yang sama" in closed.message


def test_person_opd_fills_in_a_unit_missing_from_unit_opd():
    slots = [Slot("A", "X", 0, 1), Slot("C", "X", 1, 0)]
    people = [Person("x", "A", "X", OLD, opd="DINKES")]
    policy = Policy(unit_opd={"C": "DISDUKCAPIL"}, cross_opd_allowed=False)
    assert plan_moves(slots, people, policy).moves == ()


def test_compatible_positions_are_one_way():
    slots = [Slot("C", "BDN", 0, 1), Slot("D", "PRW", 1, 0)]
    people = [Person("midwife", "C", "BDN", OLD)]
    assert plan_moves(slots, people).moves == ()  # default: same position only
    assert plan_moves(slots, people, Policy(compatible={"PRW": {"BDN"}})).moves == ()
    plan = plan_moves(slots, people, Policy(compatible={"BDN": {"PRW"}}))
    assert [(m.person_id, m.to_unit, m.to_position) for m in plan.moves] == [
        ("midwife", "D", "PRW")]
    assert plan.moves[0].reason.startswith("Unit C kelebihan 1 jabatan BDN, unit D "
                                           "kekurangan 1 jabatan PRW (jabatan yang sesuai)")


def test_cost_picks_the_nearer_unit_with_a_callable_or_a_symmetric_mapping():
    slots = [Slot(1, "X", 0, 1), Slot(2, "X", 1, 0), Slot(3, "X", 1, 0)]
    people = _staff(1, "X", 1)
    by_call = plan_moves(slots, people, Policy(distance=lambda a, b: abs(a - b) * 1.5))
    assert by_call.moves[0].to_unit == 2 and by_call.total_cost == 1.5
    by_map = plan_moves(slots, people, Policy(distance={(2, 1): 8.0, (3, 1): 0.25}))
    assert by_map.moves[0].to_unit == 3 and "biaya jarak 0,25" in by_map.moves[0].reason


def test_filling_shortage_comes_before_cost():
    # Greedy would send a to T1 (cost 1) and leave b idle; the optimum moves both for 20.
    slots = [Slot("A", "X", 0, 1), Slot("B", "Z", 0, 1), Slot("T1", "X", 1, 0),
             Slot("T2", "Y", 1, 0)]
    dist = {("A", "T1"): 1.0, ("A", "T2"): 10.0, ("B", "T1"): 10.0}
    policy = Policy(compatible={"X": {"Y"}, "Z": {"X"}}, distance=dist)
    plan = plan_moves(slots, _staff("A", "X", 1) + _staff("B", "Z", 1), policy)
    assert {(m.from_unit, m.to_unit) for m in plan.moves} == {("A", "T2"), ("B", "T1")}
    assert plan.total_cost == 20.0 and plan.shortage_after == 0


def test_movers_are_picked_longest_in_post_first_then_by_id():
    slots = [Slot("A", "X", 0, 4), Slot("B", "X", 2, 0)]
    people = [Person("c", "A", "X", 30), Person("b", "A", "X", 50), Person("a", "A", "X", 30),
              Person("d", "A", "X", 29)]
    assert [m.person_id for m in plan_moves(slots, people).moves] == ["a", "b"]


def test_nothing_to_do_without_shortage():
    slots = [Slot("A", "X", 1, 3), Slot("B", "X", 2, 2)]
    plan = plan_moves(slots, _staff("A", "X", 3))
    assert plan.status == "nothing_to_do" and plan.moves == () and plan.surplus_after == 2
    assert plan.message.startswith("Tidak ada kekurangan")


def test_shortage_and_surplus_helpers_never_net():
    slots = [Slot("A", "X", 3, 1), Slot("A", "Y", 0, 2), Slot("B", "X", 2, 2)]
    assert (shortage(slots), surplus(slots)) == (2, 2)
    assert shortage([]) == surplus([]) == 0


def test_mixed_id_types_and_numpy_integers_are_accepted():
    slots = [Slot(np.int64(7), "X", np.int64(0), 1), Slot("kantor", "X", 1, np.int32(0))]
    plan = plan_moves(slots, [Person(1, np.int64(7), "X", np.int64(30))])
    assert plan.moves[0].to_unit == "kantor"


# --- the optimiser against brute force --------------------------------------------------

def _instance(rng: random.Random):
    """Draw a small instance: ≤ 4 units × ≤ 3 positions, at most 6 movable people."""
    units, positions = ["U1", "U2", "U3", "U4"][:rng.randint(2, 4)], ["X", "Y", "Z"][
        :rng.randint(1, 3)]
    slots, people = [], []
    for u, p in itertools.product(units, positions):
        if rng.random() < 0.8:
            need, have = rng.randint(0, 3), rng.randint(0, 3)
            slots.append(Slot(u, p, need, have))
            people += [Person(f"{u}{p}{k}", u, p, rng.choice([6, 24, 40, 80]),
                              protected=rng.random() < 0.15) for k in range(have)]
    opd = {u: rng.choice(["O1", "O2"]) for u in units}
    dist = {(a, b): float(rng.randint(0, 6)) for a in units for b in units}
    compatible = {p: {q for q in positions if rng.random() < 0.3} for p in positions}
    policy = Policy(max_moves=rng.choice([None, None, 1, 2, 3]), compatible=compatible,
                    unit_opd=opd, cross_opd_allowed=rng.random() < 0.7,
                    cross_opd_cost=rng.choice([0.0, 2.5]), distance=lambda a, b: dist[(a, b)])
    return slots, people, policy


def _options(person, slots, policy):
    """Return the (target slot, cost) a movable person may go to, or None if they may not."""
    gap = {(s.unit, s.position): s.need - s.have for s in slots}
    if person.protected or person.months_in_post < policy.min_months_in_post \
            or gap[(person.unit, person.position)] >= 0:
        return None
    allowed = {person.position, *policy.compatible.get(person.position, ())}
    out = []
    for (u, p), g in gap.items():
        crossing = policy.unit_opd[u] != policy.unit_opd[person.unit]
        if g > 0 and p in allowed and (policy.cross_opd_allowed or not crossing):
            cost = policy.distance(person.unit, u) + crossing * policy.cross_opd_cost
            out.append(((u, p), cost))
    return out


def _brute_force(slots, people, policy, movers):
    """Return (most moves, least cost) over every assignment of each mover to stay or go."""
    gap = {(s.unit, s.position): s.need - s.have for s in slots}
    best = (0, 0.0)
    for choice in itertools.product(*[[None, *opts] for _, opts in movers]):
        out, into, cost = {}, {}, 0.0
        for (person, _), pick in zip(movers, choice, strict=True):
            if pick is not None:
                key = (person.unit, person.position)
                out[key], into[pick[0]] = out.get(key, 0) + 1, into.get(pick[0], 0) + 1
                cost += pick[1]
        n = sum(out.values())
        feasible = all(c <= -gap[k] for k, c in out.items()) and \
            all(c <= gap[k] for k, c in into.items()) and \
            (policy.max_moves is None or n <= policy.max_moves)
        if feasible and (n > best[0] or (n == best[0] and cost < best[1] - 1e-9)):
            best = (n, cost)
    return best


def _assert_valid(plan: Plan, slots, people, policy):
    """Check every move independently of the optimiser."""
    by_id = {p.id: p for p in people}
    assert len({m.person_id for m in plan.moves}) == len(plan.moves)
    for move in plan.moves:
        person = by_id[move.person_id]
        options = dict(_options(person, slots, policy) or [])
        assert (move.to_unit, move.to_position) in options
        assert move.cost == pytest.approx(options[(move.to_unit, move.to_position)])
    assert plan.shortage_after == plan.shortage_before - len(plan.moves)
    assert plan.total_cost == pytest.approx(sum(m.cost for m in plan.moves))


def test_optimiser_matches_brute_force_on_random_small_instances():
    rng, checked, moved = random.Random(20250609), 0, 0
    while checked < 250:
        slots, people, policy = _instance(rng)
        movers = [(p, o) for p in people if (o := _options(p, slots, policy)) is not None]
        if len(movers) > 6 or math.prod(len(o) + 1 for _, o in movers) > 5000:
            continue
        checked += 1
        most, cheapest = _brute_force(slots, people, policy, movers)
        plan = plan_moves(slots, people, policy)
        moved += most > 0
        _assert_valid(plan, slots, people, policy)
        assert len(plan.moves) == most, (slots, people, policy)
        assert plan.total_cost == pytest.approx(cheapest, abs=1e-9), (slots, people, policy)
    assert moved > 100  # many instances are not trivial


def _medium(seed: int, n_units: int = 40, n_positions: int = 4):
    """Return a seeded medium instance with many ties (unit costs) or distances."""
    rng = np.random.default_rng(seed)
    slots, people = [], []
    for u in range(n_units):
        for p in range(n_positions):
            need, have = (int(v) for v in rng.integers(0, 6, 2))
            slots.append(Slot(u, f"J{p}", need, have))
            people += [Person(f"P{u}-{p}-{k}", u, f"J{p}", int(rng.integers(0, 100)),
                              bool(rng.random() < 0.1)) for k in range(have)]
    return slots, people


def test_column_generation_reaches_the_full_lp_optimum(monkeypatch):
    slots, people = _medium(7)
    xy = np.random.default_rng(8).uniform(0, 50, (40, 2))
    policy = Policy(compatible={"J0": {"J1"}}, unit_opd={u: u % 3 for u in range(40)},
                    cross_opd_cost=3.0, max_moves=25,
                    distance=lambda a, b: float(math.dist(xy[a], xy[b])))
    monkeypatch.setattr(solve_module, "START_ARCS", 10**6)  # the whole LP at once
    whole = plan_moves(slots, people, policy)
    monkeypatch.setattr(solve_module, "START_ARCS", 1)  # many pricing rounds
    generated = plan_moves(slots, people, policy)
    assert len(generated.moves) == len(whole.moves) == 25
    assert generated.total_cost == pytest.approx(whole.total_cost, rel=1e-9)


def test_a_fractional_lp_would_fall_back_to_the_milp(monkeypatch):
    slots, people = _medium(5, n_units=12)
    policy = Policy(distance=lambda a, b: float((a * 7 + b * 3) % 5), max_moves=9)
    expected = plan_moves(slots, people, policy)
    monkeypatch.setattr(solve_module, "_integral", lambda x, model: False)
    fallback = plan_moves(slots, people, policy)
    assert len(fallback.moves) == len(expected.moves) == 9
    assert fallback.total_cost == pytest.approx(expected.total_cost)


def test_a_huge_cap_is_no_cap():
    slots, people = _medium(5, n_units=6)
    policy = Policy(max_moves=10**12)
    assert plan_moves(slots, people, policy).moves == plan_moves(slots, people).moves


# --- determinism -----------------------------------------------------------------------

@pytest.mark.parametrize("distance", [None, lambda a, b: float(abs(a - b) % 7)])
def test_same_plan_for_the_same_data_in_any_order(distance):
    slots, people = _medium(11)
    policy = Policy(distance=distance, max_moves=30, compatible={"J2": {"J3"}})
    first = plan_moves(slots, people, policy)
    assert first.status == "optimal" and first == plan_moves(slots, people, policy)
    rng = random.Random(3)
    for _ in range(3):
        shuffled_slots, shuffled_people = slots[:], people[:]
        rng.shuffle(shuffled_slots)
        rng.shuffle(shuffled_people)
        assert plan_moves(shuffled_slots, shuffled_people, policy) == first


# --- bad input is refused, naming the item ---------------------------------------------

GOOD_SLOTS = [Slot("A", "X", 0, 1), Slot("B", "X", 1, 0)]
GOOD_PEOPLE = [Person("p1", "A", "X", OLD)]


@pytest.mark.parametrize(("slots", "people", "policy", "needle"), [
    ([Slot("A", "X", -1, 1)], [], Policy(), "Slot unit 'A' jabatan 'X': kebutuhan tidak boleh"),
    ([Slot("A", "X", math.nan, 1)], [], Policy(), "Slot unit 'A' jabatan 'X': kebutuhan"),
    ([Slot("A", "X", 1, 1.5)], [], Policy(), "jumlah pegawai harus bilangan bulat"),
    ([Slot("A", "X", 1, 1), Slot("A", "X", 2, 2)], [], Policy(), "lebih dari sekali"),
    (GOOD_SLOTS, GOOD_PEOPLE * 2, Policy(), "ID pegawai ganda: 'p1'"),
    (GOOD_SLOTS, [Person("p9", "A", "Y", OLD)], Policy(),
     "Pegawai 'p9' berada di unit 'A' jabatan 'Y' yang tidak ada"),
    (GOOD_SLOTS, _staff("A", "X", 2), Policy(), "2 pegawai terdaftar, lebih dari jumlah"),
    (GOOD_SLOTS, [Person("p1", "A", "X", -3)], Policy(), "Pegawai 'p1': masa kerja"),
    (GOOD_SLOTS, [Person("p1", "A", "X", math.nan)], Policy(), "Pegawai 'p1': masa kerja"),
    (GOOD_SLOTS, GOOD_PEOPLE, Policy(max_moves=-1), "Batas jumlah mutasi"),
    (GOOD_SLOTS, GOOD_PEOPLE, Policy(min_months_in_post=-1), "Masa minimal"),
    (GOOD_SLOTS, GOOD_PEOPLE, Policy(cross_opd_cost=math.nan), "Biaya lintas OPD"),
    (GOOD_SLOTS, GOOD_PEOPLE, Policy(distance={("A", "C"): 1.0}),
     "Biaya jarak unit 'A' → unit 'B' (tidak ada di tabel jarak)"),
    (GOOD_SLOTS, GOOD_PEOPLE, Policy(distance=lambda a, b: -1.0),
     "Biaya jarak unit 'A' → unit 'B' harus angka ≥ 0"),
    (GOOD_SLOTS, GOOD_PEOPLE, Policy(distance=lambda a, b: math.inf), "Biaya jarak unit 'A'"),
    (GOOD_SLOTS, GOOD_PEOPLE, Policy(cross_opd_allowed=False, unit_opd={"A": 1}),
     "OPD unit 'B' tidak diketahui"),
    (GOOD_SLOTS, [Person("p1", "A", "X", OLD, opd=2)], Policy(unit_opd={"A": 1}),
     "Pegawai 'p1': OPD 2 berbeda dengan OPD unit 'A' (1)"),
    (GOOD_SLOTS, GOOD_PEOPLE, Policy(compatible={"X": "Y"}), "sesuai untuk 'X' harus himpunan"),
])
def test_bad_input_is_refused_naming_the_item(slots, people, policy, needle):
    with pytest.raises(ReassignInputError) as caught:
        plan_moves(slots, people, policy)
    assert needle in str(caught.value)
    assert isinstance(caught.value, ValueError)
