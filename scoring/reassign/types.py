"""Inputs, outputs and the input error of the staff reassignment optimiser."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from numbers import Real

Key = str | int  # a unit, position or OPD id as the caller stores it
Distance = Callable[[Key, Key], float] | Mapping[tuple[Key, Key], float] | None

# METHODOLOGY §7.4 [U]: PNS rotate at least every 2 years and at most every 5 years in one post
# (commonly cited as PP 11/2017 as amended by PP 17/2020; unverified), so nobody is proposed for
# a move before 24 months in the post. A policy setting, not a verified legal rule.
MIN_MONTHS_IN_POST = 24


class ReassignInputError(ValueError):
    """Input that makes no sense; the message (Indonesian) names the offending item."""


@dataclass(frozen=True)
class Slot:
    """One unit × position: ``need`` from ABK/WISN (whole staff), ``have`` counted staff."""

    unit: Key
    position: Key
    need: int
    have: int


@dataclass(frozen=True)
class Person:
    """One counted staff member in a slot; ``opd`` fills in a unit missing from unit_opd."""

    id: Key
    unit: Key
    position: Key
    months_in_post: int
    protected: bool = False
    protected_reason: str = ""
    opd: Key | None = None


@dataclass(frozen=True)
class Policy:
    """Rules of a reassignment round.

    ``compatible[p]``: the positions a person holding ``p`` may fill, besides ``p`` itself.
    ``distance``: a callable ``(from_unit, to_unit) -> cost`` or a mapping keyed by the pair
    (looked up both ways; a unit to itself is 0 when missing); ``None`` costs 1.0 per move.
    OPDs (``unit_opd``, else ``Person.opd``) must be known for every unit when leaving the
    OPD is forbidden or priced; otherwise an unknown OPD never counts as leaving it.
    """

    min_months_in_post: int = MIN_MONTHS_IN_POST
    max_moves: int | None = None
    compatible: Mapping[Key, frozenset[Key] | set[Key]] = field(default_factory=dict)
    unit_opd: Mapping[Key, Key] = field(default_factory=dict)
    cross_opd_allowed: bool = True
    cross_opd_cost: float = 0.0
    distance: Distance = None


@dataclass(frozen=True)
class Move:
    """One proposed move of one person, with its cost and the reason in words."""

    person_id: Key
    from_unit: Key
    to_unit: Key
    from_position: Key
    to_position: Key
    cost: float
    reason: str


@dataclass(frozen=True)
class Plan:
    """The optimiser's answer; ``status`` is "optimal", "nothing_to_do" or "infeasible"."""

    moves: tuple[Move, ...]
    shortage_before: int
    shortage_after: int
    surplus_before: int
    surplus_after: int
    total_cost: float
    held: tuple[tuple[Key, str], ...]
    status: str
    message: str


def sort_key(value: object) -> tuple:
    """Order mixed ids deterministically: numbers by value first, then the rest as text."""
    if isinstance(value, Real) and not isinstance(value, bool):
        return (0, float(value), "")
    return (1, 0.0, str(value))


def label(value: Key) -> str:
    """Render an id for a message: text quoted, numbers bare."""
    return repr(value) if isinstance(value, str) else str(value)
