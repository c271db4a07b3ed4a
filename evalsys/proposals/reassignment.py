"""Staff-move proposals: the workforce gaps and roster handed to ``scoring.reassign``.

Slots are the ABK need versus counted staff per unit × position from
``evalsys.workforce.staffing.compute`` (today's roster: a move is made now, whatever period the
run scored), restricted to units whose ABK worksheet has tasks — a unit without any would
otherwise look like pure surplus. People are the active staff of those units; protection is
``Staff.is_protected`` (certified or scarce-skill staff, with ``protected_reason``) and time in
post counts from ``Staff.post_since`` (TMT jabatan). The policy comes from the
``reassignment_workload`` rule's parameters.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from models import Unit, db
from models.proposal import ProposalRule
from models.workforce import Position, Staff
from scoring import reassign

from ..standards.queries import today
from ..workforce import staffing


@dataclass(frozen=True)
class MovePlan:
    """The optimiser's plan with the names needed to word and store its moves."""

    plan: Any
    staff: dict[int, tuple[str, str]]  # id → (name, NIP)
    units: dict[int, str]
    positions: dict[int, str]
    slots: dict[tuple[int, int], tuple[int, int]]  # (unit, position) → (need, have)
    incoming: Counter  # (unit, position) → moves into it


def months_in_post(since: date, on: date) -> int:
    """Return whole months from TMT jabatan to ``on`` (never negative)."""
    months = (on.year - since.year) * 12 + on.month - since.month - (on.day < since.day)
    return max(months, 0)


def _slots(result: staffing.Staffing) -> list:
    """Return a Slot per unit × position of the units that have ABK tasks."""
    with_tasks = {int(u) for u, n in result.n_tasks.items() if n > 0}
    rows = result.by_position.reset_index()
    return [reassign.Slot(int(r.unit_id), int(r.position_id), int(r.need_rounded),
                          int(r.existing))
            for r in rows.itertuples() if int(r.unit_id) in with_tasks]


def _people(unit_ids: set[int], on: date) -> tuple[list, dict[int, tuple[str, str]]]:
    """Return the active staff of these units as Person, and their names (one query)."""
    rows = db.session.execute(
        select(Staff.id, Staff.name, Staff.nip, Staff.unit_id, Staff.position_id,
               Staff.post_since, Staff.is_protected, Staff.protected_reason)
        .where(Staff.status == "aktif", Staff.unit_id.in_(unit_ids)).order_by(Staff.id)).all()
    people = [reassign.Person(r.id, r.unit_id, r.position_id, months_in_post(r.post_since, on),
                              bool(r.is_protected), r.protected_reason or "") for r in rows]
    return people, {r.id: (r.name, r.nip) for r in rows}


def _policy(params: dict, unit_opd: dict[int, int | None]):
    """Return the optimiser's Policy from the rule's parameters."""
    compatible = {int(k): frozenset(int(v) for v in vs)
                  for k, vs in (params.get("compatible") or {}).items()}
    return reassign.Policy(
        min_months_in_post=int(params.get("min_months_in_post", reassign.MIN_MONTHS_IN_POST)),
        max_moves=params.get("max_moves"), compatible=compatible,
        unit_opd={u: o for u, o in unit_opd.items() if o is not None},
        cross_opd_allowed=bool(params.get("cross_opd_allowed", True)),
        cross_opd_cost=float(params.get("cross_opd_cost", 0.0)))


def plan(rule: ProposalRule) -> MovePlan | None:
    """Plan the moves under the rule; None when no unit has ABK tasks to plan from."""
    slots = _slots(staffing.compute())
    if not slots:
        return None
    unit_ids = {s.unit for s in slots}
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))}
    positions = dict(db.session.execute(select(Position.id, Position.name)).all())
    people, staff = _people(unit_ids, today())
    unit_opd = {u.id: u.parent_id or u.id for u in units.values()}
    names = {u.id: u.name for u in units.values()}
    result = reassign.plan_moves(slots, people, _policy(rule.params, unit_opd),
                                 unit_names=names, position_names=positions)
    return MovePlan(result, staff, names, positions,
                    {(s.unit, s.position): (s.need, s.have) for s in slots},
                    Counter((m.to_unit, m.to_position) for m in result.moves))


def summary(moves: MovePlan | None) -> dict | None:
    """Return the run-level note of a plan (also stored in each move's detail)."""
    if moves is None:
        return None
    p = moves.plan
    return {"status": p.status, "message": p.message, "moves": len(p.moves),
            "shortage_before": p.shortage_before, "shortage_after": p.shortage_after,
            "surplus_before": p.surplus_before, "surplus_after": p.surplus_after,
            "total_cost": p.total_cost, "held_staff": len(p.held)}


def move_detail(moves: MovePlan, move) -> dict:
    """Return the detail JSON of one move's proposal."""
    name, nip = moves.staff.get(move.person_id, ("", ""))
    target = (move.to_unit, move.to_position)
    need, have = moves.slots.get(target, (None, None))
    short = None if need is None else max(need - have, 0)
    filled = moves.incoming.get(target, 0)
    p = moves.plan
    return {"staff_id": move.person_id, "staff_name": name, "nip": nip,
            "from_unit_id": move.from_unit, "to_unit_id": move.to_unit,
            "from_unit_name": moves.units.get(move.from_unit),
            "to_unit_name": moves.units.get(move.to_unit),
            "position_id": move.from_position, "to_position_id": move.to_position,
            "position_name": moves.positions.get(move.from_position),
            "to_position_name": moves.positions.get(move.to_position), "cost": move.cost,
            "to_shortage_before": short,
            "to_shortage_after": None if short is None else max(short - filled, 0),
            "total_shortage_before": p.shortage_before,
            "total_shortage_after": p.shortage_after, "plan_status": p.status}
