"""Build the transport network: surplus slots (supply), shortage slots (demand), arcs.

People are aggregated per slot, so the model has one node per slot and one arc per
(surplus slot, compatible shortage slot) pair, whatever the number of staff. Arcs are
built with numpy and kept in canonical order (supply slot, then shortage slot).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from .checks import SlotKey, check_cost
from .types import Key, Person, Slot, label, sort_key


@dataclass(frozen=True)
class Supply:
    """A surplus slot: the people who may move (in picking order) and the held ones."""

    slot: Slot
    movers: tuple[Person, ...]
    held: tuple[tuple[Person, str], ...]

    @property
    def capacity(self) -> int:
        """How many may leave: the surplus, at most the movers available."""
        return min(self.slot.have - self.slot.need, len(self.movers))


@dataclass(frozen=True)
class Network:
    """Supply and demand nodes and the arcs between them (parallel arrays)."""

    supplies: tuple[Supply, ...]
    demands: tuple[Slot, ...]
    src: np.ndarray
    dst: np.ndarray
    cost: np.ndarray
    distance: np.ndarray
    cross_opd: np.ndarray


def _slot_order(slot: Slot) -> tuple:
    return sort_key(slot.unit), sort_key(slot.position)


def _hold_reason(person: Person, min_months: int) -> str | None:
    """Why a person may not move, or None when they may."""
    if person.protected:
        return "dilindungi" + (f": {person.protected_reason}" if person.protected_reason else "")
    if person.months_in_post < min_months:
        return (f"masa kerja di jabatan {person.months_in_post} bulan, kurang dari "
                f"minimal {min_months} bulan")
    return None


def _supply(slot: Slot, people: list[Person], min_months: int) -> Supply:
    """Split a surplus slot's people: movers longest in post first (then by id), and held."""
    movers, held = [], []
    for person in sorted(people, key=lambda p: (-p.months_in_post, sort_key(p.id))):
        reason = _hold_reason(person, min_months)
        if reason is None:
            movers.append(person)
        else:
            held.append((person, reason))
    return Supply(slot, tuple(movers), tuple(held))


def nodes(slots: dict[SlotKey, Slot], people: list[Person], min_months: int
          ) -> tuple[tuple[Supply, ...], tuple[Slot, ...]]:
    """Return the surplus slots as Supply and the shortage slots, both in canonical order."""
    by_slot: dict[SlotKey, list[Person]] = {}
    for person in people:
        by_slot.setdefault((person.unit, person.position), []).append(person)
    ordered = sorted(slots.values(), key=_slot_order)
    supplies = tuple(_supply(s, by_slot.get((s.unit, s.position), []), min_months)
                     for s in ordered if s.have > s.need)
    return supplies, tuple(s for s in ordered if s.need > s.have)


def _lookup(distance: object) -> Callable[[Key, Key], object]:
    """Return ``(a, b) -> raw cost`` for a callable, a mapping (both ways) or None (1.0)."""
    if distance is None:
        return lambda a, b: 1.0
    if isinstance(distance, Mapping):
        def find(a: Key, b: Key) -> object:
            value = distance.get((a, b), distance.get((b, a)))
            return 0.0 if value is None and a == b else value
        return find
    return distance  # type: ignore[return-value]


def distances(distance: object, pairs: list[tuple[Key, Key]]) -> np.ndarray:
    """Return the checked cost of each (from unit, to unit) pair; refuse a bad one by name."""
    find = _lookup(distance)
    raw = [find(a, b) for a, b in pairs]
    try:
        values = np.asarray(raw, dtype=float).reshape(len(raw))
        ok = np.isfinite(values) & (values >= 0)
    except (TypeError, ValueError):  # None or text among them: check one by one
        values, ok = np.zeros(len(raw)), np.zeros(len(raw), dtype=bool)
    for k in np.flatnonzero(~ok):
        a, b = pairs[k]
        missing = " (tidak ada di tabel jarak)" if raw[k] is None else ""
        values[k] = check_cost(raw[k], f"Biaya jarak unit {label(a)} → unit {label(b)}{missing}")
    return values


def codes(values: list[Key]) -> tuple[np.ndarray, list[Key]]:
    """Return integer codes of ``values`` in canonical order, and the distinct values."""
    distinct = sorted(set(values), key=sort_key)
    index = {v: i for i, v in enumerate(distinct)}
    return np.asarray([index[v] for v in values], dtype=np.int64), distinct
