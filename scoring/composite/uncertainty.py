"""How far ranks can be trusted: Monte Carlo rank uncertainty and sensitivity.

Each Monte Carlo sample draws one normalisation and one aggregation from the lists
given (uniformly) and multiplies every node weight by a factor drawn uniformly from
``[1 - p, 1 + p]`` (``p = weight_perturbation``). The work is vectorised across
samples: each normalisation is computed once, the samples of one
(normalisation, aggregation) pair are scored together in blocks -- one matrix
product per first-level aggregate, array arithmetic above it -- and ranked with one
``argsort`` per block. Pre-processing (exclusion, imputation, treatment) is done
once, exactly as in :func:`build_index`. Ranks follow the same tie-break rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .aggregate import evaluate, resolve_aggregation
from .normalisation import normalise_array, resolve_normalisation
from .pipeline import prepare
from .rank import rank_matrix, tie_break_order

DEFAULT_NORMALISATIONS = ({"method": "minmax", "range": (1, 100)}, {"method": "rank"})
DEFAULT_AGGREGATIONS = ("arithmetic", "geometric")
NOMINAL_NORMALISATION = {"method": "minmax", "range": (1, 100)}
_BLOCK_CELLS = 2_000_000  # units x samples scored at once: bounds memory to ~100 MB


@dataclass(frozen=True)
class UncertaintyResult:
    """Monte Carlo rank distribution.

    Attributes
    ----------
    summary : pandas.DataFrame
        Per unit: ``nominal_rank``, ``median_rank``, ``p05_rank``, ``p95_rank``
        (linear-interpolated percentiles), ``p_top_decile`` and ``p_bottom_decile``
        (share of samples ranked in the best / worst ``ceil(n / 10)``). NaN for
        units without a score.
    sample_ranks : numpy.ndarray
        Shape (n_samples, n_units), float32, in ``summary.index`` order.
    samples : pandas.DataFrame
        Per sample, the position (in the lists given) of the normalisation and
        aggregation drawn.
    weights : pandas.DataFrame
        Per sample, the perturbed weight of every node.
    """

    summary: pd.DataFrame
    sample_ranks: np.ndarray
    samples: pd.DataFrame
    weights: pd.DataFrame


@dataclass(frozen=True)
class SensitivitySummary:
    """Which assumption moves ranks most.

    Attributes
    ----------
    by_assumption : pandas.DataFrame
        Index ``weights``, ``normalisation``, ``aggregation``,
        ``remove_one_indicator``; columns ``mean_abs_rank_shift`` (mean over the
        assumption's scenarios of the mean absolute rank change against the nominal
        ranks), ``max_abs_rank_shift`` (largest scenario mean), ``scenarios``,
        ``worst_scenario``. Sorted, most influential first.
    by_removed_indicator : pandas.Series
        Mean absolute rank shift when each indicator is dropped, descending.
    most_influential : str
        The first row of ``by_assumption``.
    """

    by_assumption: pd.DataFrame
    by_removed_indicator: pd.Series
    most_influential: str


@dataclass(frozen=True)
class _Context:
    prep: object
    base: np.ndarray
    matrices: list
    norm_specs: list
    agg_methods: list
    nominal_x: np.ndarray
    nominal_specs: dict
    nominal_methods: dict
    nominal_ranks: np.ndarray


def rank_uncertainty(
    data: pd.DataFrame,
    framework,
    *,
    n_samples: int = 1000,
    weight_perturbation: float = 0.25,
    normalisations=DEFAULT_NORMALISATIONS,
    aggregations=DEFAULT_AGGREGATIONS,
    random_state=None,
    normalisation=NOMINAL_NORMALISATION,
    aggregation="arithmetic",
    min_coverage=None,
    impute=None,
    treat=False,
) -> UncertaintyResult:
    """Distribution of each unit's rank under uncertain weights and methods.

    Parameters
    ----------
    data, framework :
        As for :func:`build_index`.
    n_samples : int
        Number of Monte Carlo samples.
    weight_perturbation : float
        Each weight is multiplied by U(1 - p, 1 + p); ``0 <= p < 1``.
    normalisations : sequence of dict
        Normalisations to draw from (specs as for :func:`build_index`). The defaults,
        min-max [1, 100] and ranks, are positive so they suit geometric means.
    aggregations : sequence of str or dict
        Aggregations to draw from.
    random_state : int or numpy.random.Generator, optional
        Seed: the same seed gives the same result.
    normalisation, aggregation, min_coverage, impute, treat :
        The nominal settings, as for :func:`build_index` (they give
        ``nominal_rank``). The default min-max range (1, 100) ranks exactly like
        ``build_index``'s default (0, 100) under arithmetic aggregation -- an
        affine change common to all indicators -- and, being positive, also allows
        geometric aggregation.

    Returns
    -------
    UncertaintyResult
        Rank summary per unit plus every sample's ranks.
    """
    ctx = _context(
        data,
        framework,
        normalisations,
        aggregations,
        normalisation,
        aggregation,
        {"min_coverage": min_coverage, "impute": impute, "treat": treat},
    )
    _check_sampling(n_samples, weight_perturbation)
    rng = np.random.default_rng(random_state)
    norm_pick = rng.integers(len(ctx.matrices), size=n_samples)
    agg_pick = rng.integers(len(ctx.agg_methods), size=n_samples)
    weights = _perturbed(ctx, rng, n_samples, weight_perturbation)
    ranks = np.empty((n_samples, len(ctx.base)), dtype=np.float32)
    for a in range(len(ctx.matrices)):
        for b in range(len(ctx.agg_methods)):
            rows = np.flatnonzero((norm_pick == a) & (agg_pick == b))
            if rows.size:
                ranks[rows] = _ranks(ctx, ctx.matrices[a], ctx.agg_methods[b], weights[rows])
    # Excluded units have no rank in any sample: place the ranks among all units.
    where = ctx.prep.units.get_indexer(ctx.prep.data.index)
    full = np.full((n_samples, len(ctx.prep.units)), np.nan, dtype=np.float32)
    full[:, where] = ranks
    summary = _summarise(ranks, ctx.nominal_ranks, ctx.prep.data.index)
    samples = pd.DataFrame({"normalisation": norm_pick, "aggregation": agg_pick})
    nodes = pd.Index(ctx.prep.framework.nodes)
    return UncertaintyResult(
        summary.reindex(ctx.prep.units), full, samples, pd.DataFrame(weights, columns=nodes)
    )


def sensitivity_summary(
    data: pd.DataFrame,
    framework,
    *,
    n_samples: int = 200,
    weight_perturbation: float = 0.25,
    normalisations=DEFAULT_NORMALISATIONS,
    aggregations=DEFAULT_AGGREGATIONS,
    random_state=None,
    normalisation=NOMINAL_NORMALISATION,
    aggregation="arithmetic",
    min_coverage=None,
    impute=None,
    treat=False,
) -> SensitivitySummary:
    """Vary one assumption at a time and measure how much ranks move.

    Against the nominal ranks: ``weights`` perturbs all weights (``n_samples``
    draws); ``normalisation`` and ``aggregation`` swap in each listed alternative
    that differs from the nominal one; ``remove_one_indicator`` drops each
    indicator in turn (its weight set to 0, the rest renormalised).

    Parameters
    ----------
    data, framework, n_samples, weight_perturbation, normalisations, aggregations, \
random_state, normalisation, aggregation, min_coverage, impute, treat :
        As for :func:`rank_uncertainty`.

    Returns
    -------
    SensitivitySummary
        Mean absolute rank shift per assumption and per removed indicator.
    """
    ctx = _context(
        data,
        framework,
        normalisations,
        aggregations,
        normalisation,
        aggregation,
        {"min_coverage": min_coverage, "impute": impute, "treat": treat},
    )
    _check_sampling(n_samples, weight_perturbation)
    weight_draws = _perturbed(
        ctx, np.random.default_rng(random_state), n_samples, weight_perturbation
    )
    return _sensitivity_table(_scenarios(ctx, weight_draws, normalisations, aggregations))


def _scenarios(ctx, weight_draws, normalisations, aggregations) -> dict:
    """Mean absolute rank shift of every one-at-a-time scenario, by assumption."""
    fw = ctx.prep.framework
    nominal = (ctx.nominal_x, ctx.nominal_methods)
    single = fw.weights[None, :]
    removed = np.repeat(single, len(fw.indicators), axis=0)
    removed[np.arange(len(fw.indicators)), np.arange(len(fw.indicators))] = 0.0  # indicators first
    return {
        "weights": {f"sample {i}": v for i, v in enumerate(_shifts(ctx, *nominal, weight_draws))},
        "normalisation": {
            _label(normalisations[k], k): _shifts(ctx, x, ctx.nominal_methods, single)[0]
            for k, (x, s) in enumerate(zip(ctx.matrices, ctx.norm_specs, strict=True))
            if s != ctx.nominal_specs
        },
        "aggregation": {
            _label(aggregations[k], k): _shifts(ctx, ctx.nominal_x, m, single)[0]
            for k, m in enumerate(ctx.agg_methods)
            if m != ctx.nominal_methods
        },
        "remove_one_indicator": dict(
            zip(fw.indicators, _shifts(ctx, *nominal, removed), strict=True)
        ),
    }


def _context(data, framework, normalisations, aggregations, normalisation, aggregation, steps):
    prep = prepare(data, framework, **steps)
    fw = prep.framework
    if not normalisations or not aggregations:
        raise ValueError("normalisations and aggregations must each list at least one option")
    raw = prep.data.to_numpy(dtype=float)
    specs = [resolve_normalisation(s, fw.indicators) for s in normalisations]
    nominal_specs = resolve_normalisation(normalisation, fw.indicators)

    def norm(spec):
        return normalise_array(raw, fw.directions, [spec[c] for c in fw.indicators])[0]

    base = tie_break_order(prep.data.index, prep.coverage.loc[prep.data.index].to_numpy())
    ctx = _Context(
        prep,
        base,
        [norm(s) for s in specs],
        specs,
        [resolve_aggregation(a, fw) for a in aggregations],
        norm(nominal_specs),
        nominal_specs,
        resolve_aggregation(aggregation, fw),
        np.empty(0),
    )
    _check_combinations(ctx, normalisations, aggregations)
    nominal = _ranks(ctx, ctx.nominal_x, ctx.nominal_methods, fw.weights[None, :])[0]
    return replace(ctx, nominal_ranks=nominal.astype(float))


def _check_combinations(ctx, normalisations, aggregations) -> None:
    # Fail before sampling, and whatever the draws, if a normalisation cannot feed
    # an aggregation (geometric means of values <= 0); one cheap nominal pass each.
    fw = ctx.prep.framework
    for a, x in enumerate(ctx.matrices):
        for b, methods in enumerate(ctx.agg_methods):
            if "geometric" not in methods.values():
                continue
            try:
                evaluate(x, fw, methods, fw.weights[None, :], keep=False)
            except ValueError as error:
                pair = f"{_label(normalisations[a], a)} with {_label(aggregations[b], b)}"
                raise ValueError(f"cannot combine {pair}: {error}") from error


def _check_sampling(n_samples, weight_perturbation) -> None:
    if int(n_samples) < 1:
        raise ValueError("n_samples must be at least 1")
    if not 0 <= float(weight_perturbation) < 1:
        raise ValueError("weight_perturbation must be in [0, 1) so weights stay positive")


def _perturbed(ctx, rng, n_samples, p) -> np.ndarray:
    fw = ctx.prep.framework
    return fw.weights * rng.uniform(1.0 - p, 1.0 + p, size=(int(n_samples), len(fw.nodes)))


def _ranks(ctx, x, methods, weights) -> np.ndarray:
    """Ranks of the included units for each weight row: shape (S, n)."""
    n = max(x.shape[0], 1)
    block = max(1, _BLOCK_CELLS // n)
    root = ctx.prep.framework.root
    out = np.empty((len(weights), x.shape[0]), dtype=np.float32)
    for start in range(0, len(weights), block):
        values, _ = evaluate(
            x, ctx.prep.framework, methods, weights[start : start + block], keep=False
        )
        out[start : start + block] = rank_matrix(values[root], ctx.base).T
    return out


def _summarise(ranks: np.ndarray, nominal: np.ndarray, units: pd.Index) -> pd.DataFrame:
    scored = ~np.isnan(nominal)  # the same units are scored in every sample
    r = ranks[:, scored].astype(float)
    n = int(scored.sum())
    decile = max(1, math.ceil(n / 10))
    columns = {
        "nominal_rank": nominal[scored],
        **dict(
            zip(
                ("p05_rank", "median_rank", "p95_rank"),
                np.percentile(r, [5, 50, 95], axis=0),
                strict=True,
            )
        ),
        "p_top_decile": (r <= decile).mean(axis=0),
        "p_bottom_decile": (r > n - decile).mean(axis=0),
    }
    table = pd.DataFrame(columns, index=units[scored])
    table = table.loc[
        :,
        ["nominal_rank", "median_rank", "p05_rank", "p95_rank", "p_top_decile", "p_bottom_decile"],
    ]
    return table.reindex(units)


def _shifts(ctx, x, methods, weights) -> np.ndarray:
    """Mean |rank - nominal rank| per weight row, over units scored in both."""
    diff = np.abs(_ranks(ctx, x, methods, weights) - ctx.nominal_ranks)
    valid = ~np.isnan(diff)
    total = np.where(valid, diff, 0.0).sum(axis=1)
    count = valid.sum(axis=1)
    return np.divide(total, count, out=np.full(len(total), np.nan), where=count > 0)


def _label(option, k: int) -> str:
    if isinstance(option, str):
        return option
    if isinstance(option, dict) and "method" in option:
        params = ", ".join(f"{key}={value}" for key, value in option.items() if key != "method")
        return f"{option['method']}({params})"
    return f"option {k}"


def _sensitivity_table(scenarios: dict) -> SensitivitySummary:
    rows = {}
    for name, shifts in scenarios.items():
        values = pd.Series(shifts, dtype=float)
        finite = values.dropna()
        rows[name] = {
            "mean_abs_rank_shift": finite.mean() if len(finite) else np.nan,
            "max_abs_rank_shift": finite.max() if len(finite) else np.nan,
            "scenarios": len(values),
            "worst_scenario": finite.idxmax() if len(finite) else None,
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table = table.sort_values("mean_abs_rank_shift", ascending=False, na_position="last")
    removed = pd.Series(scenarios["remove_one_indicator"], dtype=float)
    removed = removed.sort_values(ascending=False).rename("mean_abs_rank_shift")
    top = table["mean_abs_rank_shift"].dropna()
    return SensitivitySummary(table, removed, str(top.index[0]) if len(top) else "none")
