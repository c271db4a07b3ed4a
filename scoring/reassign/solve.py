"""Solve the transport problem exactly: most shortage filled first, then least cost.

Phase 1 is a maximum flow (``scipy.sparse.csgraph.maximum_flow``, integral) from a source
capped at ``max_moves``, through surplus slots and arcs, to shortage slots. Phase 2 minimises
cost with the total flow fixed to that maximum: a network LP (supply rows, demand rows and
one total row are the incidence matrix of a flow network with a super-source, hence totally
unimodular), solved by HiGHS with column generation: start from each node's cheapest arcs
plus the phase-1 flow, add every arc whose reduced cost is negative, and stop when none is,
which proves optimality over all arcs. The LP solution is rounded and verified; if it were
not integral the restricted problem is re-solved as a MILP. Ties between equally cheap plans
are broken by the solver on the canonically ordered model (slots sorted by unit then
position, arcs in that order), so the same data give the same plan in any input order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse.csgraph import maximum_flow

from .network import Network

START_ARCS = 5  # cheapest arcs per node in the first restricted problem
_TOL = 1e-6


def _limits(net: Network) -> np.ndarray:
    """Return the row limits: each surplus slot's capacity, then each shortage."""
    supply = [s.capacity for s in net.supplies]
    demand = [d.need - d.have for d in net.demands]
    return np.asarray(supply + demand, dtype=np.int64)


def max_flow(net: Network, limits: np.ndarray, max_moves: int | None) -> np.ndarray:
    """Return an integral maximum flow per arc, its total at most ``max_moves``."""
    n_s, n_d = len(net.supplies), len(net.demands)
    sink = n_s + n_d + 2
    most = int(limits[:n_s].sum())
    total = most if max_moves is None else min(max_moves, most)  # fits in int32
    rows = np.concatenate([[0], np.ones(n_s, np.int64), net.src + 2, np.arange(n_d) + n_s + 2])
    cols = np.concatenate([[1], np.arange(n_s) + 2, net.dst + n_s + 2, np.full(n_d, sink)])
    caps = np.concatenate([[total], limits[:n_s],
                           np.minimum(limits[net.src], limits[n_s + net.dst]), limits[n_s:]])
    graph = sparse.csr_array((caps.astype(np.int32), (rows, cols)), shape=(sink + 1,) * 2)
    flow = maximum_flow(graph, 0, sink).flow.tocsr()
    return np.asarray(flow[net.src + 2, net.dst + n_s + 2]).ravel().astype(float)


def _cheapest(group: np.ndarray, cost: np.ndarray, k: int) -> np.ndarray:
    """Return a mask of the ``k`` cheapest arcs of every group (ties by arc order)."""
    order = np.lexsort((np.arange(cost.size), cost, group))
    sorted_group = group[order]
    rank = np.arange(order.size) - np.searchsorted(sorted_group, sorted_group)
    mask = np.zeros(cost.size, dtype=bool)
    mask[order[rank < k]] = True
    return mask


@dataclass(frozen=True)
class _Model:
    """The restricted LP: x per chosen arc, then y per surplus slot (its outflow)."""

    c: np.ndarray
    a_ub: sparse.csr_matrix  # shortage rows: inflow <= shortage
    b_ub: np.ndarray
    a_eq: sparse.csr_matrix  # balance rows (outflow - y = 0), then the total row (sum y)
    b_eq: np.ndarray
    bounds: np.ndarray


def _model(net: Network, arcs: np.ndarray, limits: np.ndarray, total: float) -> _Model:
    """Build the LP over ``arcs`` in network form, so no row spans all arcs."""
    n, n_s, n_d = arcs.size, len(net.supplies), len(net.demands)
    cols, ones = np.arange(n), np.ones(n)
    out = sparse.csr_matrix((ones, (net.src[arcs], cols)), shape=(n_s, n))
    into = sparse.csr_matrix((ones, (net.dst[arcs], cols)), shape=(n_d, n))
    balance = sparse.hstack([out, -sparse.eye(n_s)])
    row = sparse.hstack([sparse.csr_matrix((1, n)), sparse.csr_matrix(np.ones((1, n_s)))])
    bounds = np.column_stack([np.zeros(n + n_s), np.r_[np.full(n, np.inf), limits[:n_s]]])
    return _Model(np.r_[net.cost[arcs], np.zeros(n_s)],
                  sparse.hstack([into, sparse.csr_matrix((n_d, n_s))], format="csr"),
                  limits[n_s:].astype(float), sparse.vstack([balance, row], format="csr"),
                  np.r_[np.zeros(n_s), total], bounds)


def _integral(x: np.ndarray, m: _Model) -> bool:
    """Whether ``x`` is whole and satisfies the model exactly once rounded."""
    whole = np.rint(x)
    return bool(np.all(np.abs(x - whole) <= _TOL) and np.all(whole >= m.bounds[:, 0])
                and np.all(whole <= m.bounds[:, 1]) and np.all(m.a_ub @ whole <= m.b_ub)
                and np.array_equal(m.a_eq @ whole, m.b_eq))


def _whole(res, m: _Model) -> np.ndarray:
    """Return the LP solution rounded, or the MILP's if it were fractional."""
    if _integral(res.x, m):
        return np.rint(res.x)
    cons = [LinearConstraint(m.a_ub, -np.inf, m.b_ub), LinearConstraint(m.a_eq, m.b_eq, m.b_eq)]
    out = milp(m.c, constraints=cons, integrality=np.ones(m.c.size),
               bounds=Bounds(m.bounds[:, 0], m.bounds[:, 1]))
    return np.rint(out.x)


def min_cost(net: Network, limits: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Return the cheapest integral flow with the same total as ``start`` (column generation)."""
    total, n_s = float(start.sum()), len(net.supplies)
    tol = _TOL * max(1.0, float(net.cost.max()))
    chosen = (start > 0) | _cheapest(net.src, net.cost, START_ARCS) \
        | _cheapest(net.dst, net.cost, START_ARCS)
    while True:
        arcs = np.flatnonzero(chosen)
        model = _model(net, arcs, limits, total)
        res = linprog(model.c, A_ub=model.a_ub, b_ub=model.b_ub, A_eq=model.a_eq,
                      b_eq=model.b_eq, bounds=model.bounds, method="highs-ds")
        if res.status != 0:  # cannot happen: the phase-1 flow is feasible
            raise RuntimeError(f"HiGHS: {res.message}")
        price = res.eqlin.marginals[:n_s][net.src] + res.ineqlin.marginals[net.dst]
        entering = (net.cost - price < -tol) & ~chosen
        if not entering.any():
            break
        chosen |= entering
    flow = np.zeros(net.src.size)
    flow[arcs] = _whole(res, model)[:arcs.size]
    return flow


def solve(net: Network, max_moves: int | None) -> np.ndarray:
    """Return the number of people moved along each arc (whole numbers)."""
    if net.src.size == 0 or max_moves == 0:
        return np.zeros(net.src.size)
    limits = _limits(net)
    start = max_flow(net, limits, max_moves)
    return start if start.sum() == 0 else min_cost(net, limits, start)
