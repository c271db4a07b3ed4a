"""``plan_moves``: check the input, build the network, solve it, and explain each move."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from .arcs import build
from .checks import check_people, check_policy, check_slots, unit_opds
from .network import Network, Supply
from .solve import solve
from .types import Key, Move, Person, Plan, Policy, Slot, sort_key

Names = Mapping[Key, str] | None


def shortage(slots: Iterable[Slot]) -> int:
    """Return the total shortage: Σ max(need − have, 0) over the slots (never netted)."""
    return sum(max(s.need - s.have, 0) for s in check_slots(slots).values())


def surplus(slots: Iterable[Slot]) -> int:
    """Return the total surplus: Σ max(have − need, 0) over the slots (never netted)."""
    return sum(max(s.have - s.need, 0) for s in check_slots(slots).values())


def number(value: float) -> str:
    """Format a cost the Indonesian way: 1.234,5 (at least one, at most two decimals)."""
    text = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return text[:-1] if text.endswith("0") else text


def _name(names: Names, value: Key, prefix: str) -> str:
    return names[value] if names and value in names else f"{prefix} {value}"


def _reason(sup: Supply, target: Slot, person: Person, costs: tuple[float, float | None],
            units: Names, positions: Names) -> str:
    """Say why a person moves: both gaps, the cost and the time in post."""
    a, b = sup.slot, target
    text = (f"{_name(units, a.unit, 'Unit')} kelebihan {a.have - a.need} "
            f"{_name(positions, a.position, 'jabatan')}, {_name(units, b.unit, 'unit')} "
            f"kekurangan {b.need - b.have}")
    if b.position != a.position:
        text += f" {_name(positions, b.position, 'jabatan')} (jabatan yang sesuai)"
    distance, cross = costs  # cross: the cross-OPD cost, None when the OPD is kept
    text += f"; biaya jarak {number(distance)}"
    if cross is not None:
        text += f" + lintas OPD {number(cross)}"
    return text + f"; masa kerja di jabatan {person.months_in_post} bulan"


def _moves(net: Network, flow: np.ndarray, units: Names, positions: Names) -> list[Move]:
    """Pick who moves along each used arc: each slot's movers in order, arcs in order."""
    moves, taken = [], [0] * len(net.supplies)
    for arc in np.flatnonzero(flow > 0):
        i, j = int(net.src[arc]), int(net.dst[arc])
        sup, target, cost = net.supplies[i], net.demands[j], float(net.cost[arc])
        for person in sup.movers[taken[i]:taken[i] + int(flow[arc])]:
            far = float(net.distance[arc])
            costs = (far, cost - far if net.cross_opd[arc] else None)
            reason = _reason(sup, target, person, costs, units, positions)
            moves.append(Move(person.id, sup.slot.unit, target.unit, sup.slot.position,
                              target.position, cost, reason))
        taken[i] += int(flow[arc])
    return moves


def _held(net: Network) -> tuple[tuple[Key, str], ...]:
    pairs = [(p.id, reason) for sup in net.supplies for p, reason in sup.held]
    return tuple(sorted(pairs, key=lambda pair: sort_key(pair[0])))


def _why_none(net: Network, short: int, policy: Policy) -> tuple[str, str]:
    """Return (status, message) when no move is made."""
    if short == 0:
        return "nothing_to_do", "Tidak ada kekurangan pegawai; tidak ada mutasi yang diusulkan."
    if not net.supplies:
        return "infeasible", f"Kekurangan {short} pegawai, tetapi tidak ada slot yang kelebihan."
    if all(s.capacity == 0 for s in net.supplies):
        return "infeasible", (f"Kekurangan {short} pegawai, tetapi semua pegawai di slot yang "
                              "kelebihan dilindungi atau belum memenuhi masa minimal di jabatan.")
    if policy.max_moves == 0:
        return "infeasible", "Batas jumlah mutasi 0; tidak ada mutasi yang diusulkan."
    extra = "" if policy.cross_opd_allowed else " di OPD yang sama"
    return "infeasible", (f"Kekurangan {short} pegawai, tetapi tidak ada pegawai yang dapat "
                          f"dipindahkan ke jabatan yang sama atau sesuai{extra}.")


def plan_moves(slots: Iterable[Slot], people: Iterable[Person], policy: Policy | None = None,
               *, unit_names: Names = None, position_names: Names = None) -> Plan:
    """Propose moves from surplus to shortage slots, filling most shortage at least cost.

    Only people in a slot with surplus move, at most the surplus from a slot, never protected
    staff nor anyone below ``policy.min_months_in_post``; each move fills a shortage slot in
    the same or a compatible position. ``people`` are the counted staff; a slot may list fewer
    than ``have`` (e.g. staff on leave left out), and only listed people move.
    ``unit_names``/``position_names`` only word the reasons.
    Raises ReassignInputError on nonsense input; no move possible is a Plan, not an error.
    """
    policy = Policy() if policy is None else policy
    checked = check_slots(slots)
    persons = check_people(people, checked)
    check_policy(policy)
    net = build(checked, persons, policy, unit_opds(policy, persons, checked))
    flow = solve(net, policy.max_moves)
    moves = sorted(_moves(net, flow, unit_names, position_names),
                   key=lambda m: (sort_key(m.from_unit), sort_key(m.from_position),
                                  sort_key(m.to_unit), sort_key(m.to_position),
                                  sort_key(m.person_id)))
    short = sum(d.need - d.have for d in net.demands)
    spare = sum(s.slot.have - s.slot.need for s in net.supplies)
    total = float(sum(m.cost for m in moves))
    status, message = ("optimal", f"{len(moves)} mutasi mengurangi kekurangan dari {short} "
                       f"menjadi {short - len(moves)} pegawai; total biaya {number(total)}.")
    if not moves:
        status, message = _why_none(net, short, policy)
    return Plan(tuple(moves), short, short - len(moves), spare, spare - len(moves), total,
                _held(net), status, message)
