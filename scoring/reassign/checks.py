"""Refuse input that makes no sense, naming the offending item in Indonesian."""

from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Integral, Real

from .types import Key, Person, Policy, ReassignInputError, Slot, label, sort_key

SlotKey = tuple[Key, Key]


def _whole(value: object, what: str) -> int:
    """Return ``value`` as an int ≥ 0, or raise naming ``what``."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise ReassignInputError(f"{what} harus bilangan bulat ≥ 0, bukan {value!r}.")
    if not isinstance(value, Integral) and not float(value).is_integer():
        raise ReassignInputError(f"{what} harus bilangan bulat ≥ 0, bukan {value!r}.")
    if value < 0:
        raise ReassignInputError(f"{what} tidak boleh negatif ({value!r}).")
    return int(value)


def _slot_name(unit: Key, position: Key) -> str:
    return f"Slot unit {label(unit)} jabatan {label(position)}"


def check_slots(slots: Iterable[Slot]) -> dict[SlotKey, Slot]:
    """Return the slots by (unit, position) with need and have as ints; refuse duplicates."""
    out: dict[SlotKey, Slot] = {}
    for slot in slots:
        if not isinstance(slot, Slot):
            raise ReassignInputError(f"Bukan Slot: {slot!r}.")
        key = (slot.unit, slot.position)
        if key in out:
            raise ReassignInputError(f"{_slot_name(*key)} tercantum lebih dari sekali.")
        need = _whole(slot.need, f"{_slot_name(*key)}: kebutuhan")
        have = _whole(slot.have, f"{_slot_name(*key)}: jumlah pegawai")
        out[key] = Slot(slot.unit, slot.position, need, have)
    return out


def _check_person(person: Person, slots: dict[SlotKey, Slot]) -> Person:
    """Return the person with months as an int; refuse a person without a slot."""
    if not isinstance(person, Person):
        raise ReassignInputError(f"Bukan Person: {person!r}.")
    name = f"Pegawai {label(person.id)}"
    months = _whole(person.months_in_post, f"{name}: masa kerja di jabatan (bulan)")
    if (person.unit, person.position) not in slots:
        raise ReassignInputError(f"{name} berada di unit {label(person.unit)} jabatan "
                                 f"{label(person.position)} yang tidak ada di daftar slot.")
    return Person(person.id, person.unit, person.position, months, bool(person.protected),
                  person.protected_reason or "", person.opd)


def check_people(people: Iterable[Person], slots: dict[SlotKey, Slot]) -> list[Person]:
    """Return the people checked; refuse duplicate ids and more people than a slot has."""
    seen: set = set()
    out, counts = [], dict.fromkeys(slots, 0)
    for person in people:
        checked = _check_person(person, slots)
        if checked.id in seen:
            raise ReassignInputError(f"ID pegawai ganda: {label(checked.id)}.")
        seen.add(checked.id)
        counts[(checked.unit, checked.position)] += 1
        out.append(checked)
    for key, count in counts.items():
        if count > slots[key].have:
            raise ReassignInputError(f"{_slot_name(*key)}: {count} pegawai terdaftar, lebih "
                                     f"dari jumlah pegawai {slots[key].have}.")
    return out


def check_policy(policy: Policy) -> None:
    """Refuse a negative minimum, cap or cross-OPD cost, or a NaN cost."""
    if not isinstance(policy, Policy):
        raise ReassignInputError(f"Bukan Policy: {policy!r}.")
    _whole(policy.min_months_in_post, "Masa minimal di jabatan")
    if policy.max_moves is not None:
        _whole(policy.max_moves, "Batas jumlah mutasi")
    check_cost(policy.cross_opd_cost, "Biaya lintas OPD")
    for position, allowed in policy.compatible.items():
        if isinstance(allowed, str | bytes):
            raise ReassignInputError(f"Jabatan yang sesuai untuk {label(position)} harus "
                                     f"himpunan jabatan, bukan teks {allowed!r}.")


def check_cost(value: object, what: str) -> float:
    """Return a cost as a finite float ≥ 0, or raise naming ``what``."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value) \
            or value < 0:
        raise ReassignInputError(f"{what} harus angka ≥ 0, bukan {value!r}.")
    return float(value)


def unit_opds(policy: Policy, people: list[Person], slots: dict[SlotKey, Slot]
              ) -> dict[Key, Key]:
    """Return each unit's OPD: ``policy.unit_opd``, then the people's ``opd``.

    Refuses a person whose OPD clashes with the unit's, and, when the policy forbids or
    prices leaving the OPD, a unit whose OPD is unknown.
    """
    opd = dict(policy.unit_opd)
    for person in people:
        if person.opd is None:
            continue
        known = opd.setdefault(person.unit, person.opd)
        if known != person.opd:
            raise ReassignInputError(
                f"Pegawai {label(person.id)}: OPD {label(person.opd)} berbeda dengan OPD "
                f"unit {label(person.unit)} ({label(known)}).")
    if not policy.cross_opd_allowed or policy.cross_opd_cost > 0:
        units = sorted({unit for unit, _ in slots if unit not in opd}, key=sort_key)
        if units:
            raise ReassignInputError(f"OPD unit {label(units[0])} tidak diketahui; diperlukan "
                                     "untuk aturan lintas OPD.")
    return opd
