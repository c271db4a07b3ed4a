"""Composite index engine: normalise, aggregate, rank and explain unit scores.

The public API (all pure: numpy, pandas, scipy and scikit-learn only)::

    build_index(data, framework, *, normalisation=None, aggregation="arithmetic",
                min_coverage=None, impute=None, treat=False, groups=None) -> IndexResult
    framework_from_coinr(imeta) -> DataFrame
    validate_framework(framework, indicators=None) -> Framework
    normalise(data, directions, normalisation=None) -> DataFrame
    winsorise(data, treat=True) -> (DataFrame, log)
    impute(data, impute, groups=None) -> (DataFrame, log)
    strengths_weaknesses(result, unit, n=3) -> DataFrame
    explain_difference(result, a, b) -> DataFrame
    explain_change(previous, current, unit) -> DataFrame
    data_quality(data, *, threshold=3.5, small_sample=None) -> DataQuality
    rank_uncertainty(data, framework, *, n_samples=1000, ...) -> UncertaintyResult
    sensitivity_summary(data, framework, *, n_samples=200, ...) -> SensitivitySummary

Decisions worth knowing: a zero-variance indicator gives every unit the midpoint of
the normalised scale; ranks break ties by data coverage (desc) then unit code (asc);
geometric aggregation refuses values <= 0 (normalise to e.g. (1, 100)).
"""

from .build import IndexResult, build_index
from .explain import explain_change, explain_difference, strengths_weaknesses
from .framework import Framework, framework_from_coinr, validate_framework
from .imputation import impute
from .normalisation import normalise
from .quality import DataQuality, data_quality, robust_z
from .treat import skew_kurtosis, winsorise
from .uncertainty import (
    SensitivitySummary,
    UncertaintyResult,
    rank_uncertainty,
    sensitivity_summary,
)

__all__ = [
    "DataQuality",
    "Framework",
    "IndexResult",
    "SensitivitySummary",
    "UncertaintyResult",
    "build_index",
    "data_quality",
    "explain_change",
    "explain_difference",
    "framework_from_coinr",
    "impute",
    "normalise",
    "rank_uncertainty",
    "robust_z",
    "sensitivity_summary",
    "skew_kurtosis",
    "strengths_weaknesses",
    "validate_framework",
    "winsorise",
]
