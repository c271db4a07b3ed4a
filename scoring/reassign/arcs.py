"""Arcs of the transport network: compatible pairs, the OPD rule, and their costs."""

from __future__ import annotations

import numpy as np

from .checks import SlotKey
from .network import Network, Supply, codes, distances, nodes
from .types import Key, Person, Policy, Slot

_NO_OPD = object()


def _pairs(supplies: tuple[Supply, ...], demands: tuple[Slot, ...], policy: Policy
           ) -> tuple[np.ndarray, np.ndarray]:
    """Return (src, dst) of every supply → shortage pair of the same or a compatible post."""
    by_position: dict[Key, list[int]] = {}
    for j, slot in enumerate(demands):
        by_position.setdefault(slot.position, []).append(j)
    sources: dict[Key, list[int]] = {}
    for i, sup in enumerate(supplies):
        if sup.capacity > 0:
            sources.setdefault(sup.slot.position, []).append(i)
    src, dst = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for position, rows in sources.items():
        allowed = {position, *policy.compatible.get(position, ())}
        cols = np.asarray([j for p in allowed for j in by_position.get(p, ())], np.int64)
        src.append(np.repeat(np.asarray(rows, np.int64), cols.size))
        dst.append(np.tile(cols, len(rows)))
    src, dst = np.concatenate(src), np.concatenate(dst)
    order = np.lexsort((dst, src))  # canonical: by supply slot, then shortage slot
    return src[order], dst[order]


def build(slots: dict[SlotKey, Slot], people: list[Person], policy: Policy,
          opd: dict[Key, Key]) -> Network:
    """Return the network: one arc per allowed (surplus slot, shortage slot) pair."""
    supplies, demands = nodes(slots, people, policy.min_months_in_post)
    src, dst = _pairs(supplies, demands, policy)
    units = [s.slot.unit for s in supplies] + [d.unit for d in demands]
    code, distinct = codes(units)
    opd_code, _ = codes([opd.get(u, _NO_OPD) for u in distinct] + [_NO_OPD])
    unknown = opd_code[-1]  # a unit without an OPD never counts as leaving it
    a, b = code[:len(supplies)][src], code[len(supplies):][dst]
    oa, ob = opd_code[a], opd_code[b]
    crossing = (a != b) & (oa != unknown) & (ob != unknown) & (oa != ob)
    if not policy.cross_opd_allowed:
        src, dst, a, b, crossing = (x[~crossing] for x in (src, dst, a, b, crossing))
    pair, inverse = np.unique(a * len(distinct) + b, return_inverse=True)
    far = distances(policy.distance, [(distinct[p // len(distinct)],
                                        distinct[p % len(distinct)]) for p in pair])[inverse]
    return Network(supplies, demands, src, dst, far + crossing * policy.cross_opd_cost, far,
                   crossing)
