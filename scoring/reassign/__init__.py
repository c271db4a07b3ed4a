"""Staff reassignment optimiser: move staff from surplus to shortage slots (issue 9).

The public API (pure: numpy and scipy/HiGHS only)::

    plan_moves(slots, people, policy=None, *, unit_names=None, position_names=None) -> Plan
    shortage(slots) -> int;  surplus(slots) -> int
    Slot(unit, position, need, have)
    Person(id, unit, position, months_in_post, protected=False, protected_reason="", opd=None)
    Policy(min_months_in_post=24, max_moves=None, compatible={}, unit_opd={},
           cross_opd_allowed=True, cross_opd_cost=0.0, distance=None)
    Move(person_id, from_unit, to_unit, from_position, to_position, cost, reason)
    Plan(moves, shortage_before, shortage_after, surplus_before, surplus_after, total_cost,
         held, status, message)
    ReassignInputError(ValueError)

Objective, lexicographic: fill as much shortage as possible (each move fills one), then
least total cost. Solved exactly as a min-cost flow LP with HiGHS over slot nodes; the people
who move are picked per slot longest in post first, then by id. Deterministic for the same
data in any input order. METHODOLOGY §7.4 [U] gives the 24-month minimum time in post.
"""

from .plan import plan_moves, shortage, surplus
from .types import (
    MIN_MONTHS_IN_POST,
    Move,
    Person,
    Plan,
    Policy,
    ReassignInputError,
    Slot,
)

__all__ = ["MIN_MONTHS_IN_POST", "Move", "Person", "Plan", "Policy", "ReassignInputError",
           "Slot", "plan_moves", "shortage", "surplus"]
