"""Benchmark: staff reassignment over 500 units × 40 positions × 20,000 staff.

Run ``.venv/bin/python bench/reassign_bench.py [--seed N]``. Target: each plan in under 10 s.
Data are synthetic (numpy, fixed seed): 25 OPDs, each unit uses 16 of the 40 positions with an
ABK need of 1–5; staff per slot scatter around the need (about a third short, a third over);
about 10 % of staff are protected and about a fifth have less than 24 months in post. Units
sit on a 60 × 60 km map, cost = kilometres ÷ 10, plus 5 for leaving the OPD; positions come
in pairs (0–1, 2–3, …, up to 18–19) whose holders may fill each other's post.
"""

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere, no install

from scoring.reassign import Person, Policy, Slot, plan_moves  # noqa: E402

N_UNITS, N_POSITIONS, N_STAFF, N_OPD, PER_UNIT = 500, 40, 20_000, 25, 16


def _slots(rng: np.random.Generator) -> list[Slot]:
    """Return every unit's slots; ``have`` scaled so the staff total is exactly N_STAFF."""
    units = np.repeat(np.arange(N_UNITS), PER_UNIT)
    positions = np.concatenate([rng.choice(N_POSITIONS, PER_UNIT, replace=False)
                                for _ in range(N_UNITS)])
    need = rng.integers(1, 6, units.size)
    have = np.maximum(0, need + rng.choice([-2, -1, 0, 0, 1, 2], units.size))
    have = np.floor(have * N_STAFF / have.sum()).astype(int)
    extra = rng.choice(np.flatnonzero(have > 0), N_STAFF - have.sum(), replace=False)
    have[extra] += 1
    return [Slot(int(u), int(p), int(n), int(h))
            for u, p, n, h in zip(units, positions, need, have, strict=True)]


def _people(rng: np.random.Generator, slots: list[Slot]) -> list[Person]:
    """Return one Person per counted staff member of every slot."""
    months = rng.integers(0, 180, N_STAFF)
    protected = rng.random(N_STAFF) < 0.10
    people, k = [], 0
    for slot in slots:
        for _ in range(slot.have):
            people.append(Person(f"P{k:05d}", slot.unit, slot.position, int(months[k]),
                                 bool(protected[k]), "Sertifikat keahlian" if protected[k]
                                 else ""))
            k += 1
    return people


def _policy(rng: np.random.Generator, max_moves: int | None) -> Policy:
    """Return the policy: pairs of compatible positions, distances on a map, OPD cost 5."""
    xy = rng.uniform(0, 60, (N_UNITS, 2)).tolist()

    def distance(a: int, b: int) -> float:
        return math.hypot(xy[a][0] - xy[b][0], xy[a][1] - xy[b][1]) / 10

    compatible = {p: {p ^ 1} for p in range(20)}
    unit_opd = {u: u % N_OPD for u in range(N_UNITS)}
    return Policy(max_moves=max_moves, compatible=compatible, unit_opd=unit_opd,
                  cross_opd_cost=5.0, distance=distance)


def run(seed: int, max_moves: int | None) -> None:
    """Generate the data, plan, and print the figures."""
    rng = np.random.default_rng(seed)
    slots = _slots(rng)
    people = _people(rng, slots)
    policy = _policy(rng, max_moves)
    start = time.perf_counter()
    plan = plan_moves(slots, people, policy)
    seconds = time.perf_counter() - start
    cap = "tanpa batas" if max_moves is None else f"batas {max_moves}"
    print(f"{cap:>12}: {seconds:6.2f} s  kekurangan {plan.shortage_before} → "
          f"{plan.shortage_after} (−{plan.shortage_before - plan.shortage_after}), kelebihan "
          f"{plan.surplus_before} → {plan.surplus_after}, mutasi {len(plan.moves)}, biaya "
          f"{plan.total_cost:,.1f}, ditahan {len(plan.held)}, lintas OPD "
          f"{sum(policy.unit_opd[m.from_unit] != policy.unit_opd[m.to_unit] for m in plan.moves)}"
          f", status {plan.status}")


def main() -> None:
    """Run the plan capped at 2,000 moves and uncapped."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    print(f"{N_UNITS} unit × {N_POSITIONS} jabatan × {N_STAFF:,} pegawai (seed {args.seed})")
    for cap in (2_000, None):
        run(args.seed, cap)


if __name__ == "__main__":
    main()
