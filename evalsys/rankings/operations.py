"""Run a scoring scheme on a period's values, store the run, and read runs back.

The only glue between the database and scoring.composite: values → DataFrame → engine →
UnitScore rows. A run stores its whole spec and its exact inputs, so every page that explains
it re-runs the engine on the stored inputs instead of trusting numbers nobody can trace.
"""

import math

import pandas as pd
from flask import current_app
from sqlalchemy import select

from models import Indicator, IndicatorValue, Period, Unit, User, db
from models.base import utcnow
from models.scoring import ScoreRun, ScoringScheme, UnitScore
from scoring.composite import IndexResult, build_index, rank_uncertainty

from .. import audit
from ..errors import DomainError
from .spec import DEFAULT_SCHEME_NAME, default_spec, framework_frame, indicator_codes, prune

# Values a run takes: drafts are still being typed and do not count.
COUNTED_STATUSES = ("submitted", "approved")


def ensure_default_scheme(user: User | None = None) -> ScoringScheme:
    """Return the default scheme, creating it from the catalogue the first time."""
    scheme = db.session.scalar(select(ScoringScheme).where(
        ScoringScheme.name == DEFAULT_SCHEME_NAME, ScoringScheme.is_active.is_(True))
        .order_by(ScoringScheme.version.desc()))
    if scheme is not None:
        return scheme
    indicators = db.session.scalars(select(Indicator)).all()
    spec = default_spec({i.code: i.direction for i in indicators},
                        {i.code: i.name_id for i in indicators})
    scheme = ScoringScheme(name=DEFAULT_SCHEME_NAME, version=1, spec=spec,
                           description="Skema bawaan evalsys; bobot dapat diubah admin.",
                           created_by_id=user.id if user else None)
    db.session.add(scheme)
    db.session.flush()
    return scheme


def load_inputs(period: Period, codes: list[str]) -> tuple[pd.DataFrame, pd.Series]:
    """Return (units × indicators values, unit type per unit), indexed by unit code."""
    rows = db.session.execute(
        select(Unit.code, Unit.unit_type, Indicator.code, IndicatorValue.value)
        .join(IndicatorValue, IndicatorValue.unit_id == Unit.id)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(IndicatorValue.period_id == period.id, Indicator.code.in_(codes),
               IndicatorValue.status.in_(COUNTED_STATUSES), IndicatorValue.value.is_not(None),
               Unit.level == "unit", Unit.is_active.is_(True))).all()
    frame = pd.DataFrame(rows, columns=["unit", "unit_type", "indicator", "value"])
    data = frame.pivot_table(index="unit", columns="indicator", values="value", aggfunc="first")
    data = data.reindex(columns=[c for c in codes if c in data.columns]).sort_index()
    groups = frame.drop_duplicates("unit").set_index("unit")["unit_type"].reindex(data.index)
    return data.astype(float), groups


def compute(spec: dict, data: pd.DataFrame, groups: pd.Series) -> tuple[IndexResult, list]:
    """Run the engine on the spec and data; return the result and the codes left out."""
    framework, dropped = prune(framework_frame(spec), set(data.columns))
    if framework.empty or (framework["level"] == 1).sum() == 0:
        raise DomainError("Tidak ada nilai indikator untuk dihitung pada periode ini.")
    result = build_index(data[framework.loc[framework["level"] == 1, "code"].tolist()],
                         framework[["code", "parent", "level", "weight", "direction"]],
                         normalisation=_normalisation(spec),
                         aggregation=spec.get("aggregation", "arithmetic"),
                         min_coverage=spec.get("min_coverage"), groups=groups)
    return result, dropped


def _normalisation(spec: dict) -> dict:
    norm = dict(spec.get("normalisation") or {"method": "minmax", "range": [0, 100]})
    if "range" in norm:
        norm["range"] = tuple(norm["range"])
    return norm


def create_run(scheme: ScoringScheme, period: Period, user: User | None, *,
               spec: dict | None = None, sandbox: bool = False) -> ScoreRun:
    """Freeze the spec and the period's counted values into a new run, not yet computed."""
    spec = spec or scheme.spec
    data, groups = load_inputs(period, indicator_codes(spec))
    if data.empty:
        raise DomainError(f"Belum ada nilai indikator yang diajukan pada periode {period.code}.")
    run = ScoreRun(scheme_id=scheme.id, period_id=period.id, spec=spec,
                   inputs={"values": _records(data), "groups": groups.to_dict()},
                   code_version=current_app.config.get("VERSION", "dev"),
                   user_id=user.id if user else None, is_sandbox=sandbox, progress=0)
    db.session.add(run)
    db.session.flush()
    return run


def _noop(progress: int) -> None:
    return None


def execute_run(run: ScoreRun, report=_noop) -> ScoreRun:
    """Compute a created run from its frozen inputs and store every unit's result.

    `report(percent)` is called between stages so a job can show progress; nothing is
    flushed before the final stage, so a run that fails leaves no partial scores.
    """
    data = pd.DataFrame.from_dict(run.inputs["values"], orient="index").astype(float)
    groups = pd.Series(run.inputs["groups"]).reindex(data.index)
    result, dropped = compute(run.spec, data.sort_index(), groups)
    report(30)
    uncertainty = _uncertainty(run.spec, result, data.sort_index(), groups)
    report(80)
    _store_scores(run, result, uncertainty)
    run.status, run.progress, run.finished_at = "done", 100, utcnow()
    run.message = (f"Komponen tanpa data pada periode ini dilewati: {', '.join(dropped)}."
                   if dropped else None)
    db.session.flush()
    return run


def run_scheme(scheme: ScoringScheme, period: Period, user: User | None, *,
               spec: dict | None = None, sandbox: bool = False) -> ScoreRun:
    """Create and compute a run in one go (seeders, tests, small kabupaten)."""
    return execute_run(create_run(scheme, period, user, spec=spec, sandbox=sandbox))


def _records(data: pd.DataFrame) -> dict:
    return {unit: {k: v for k, v in row.items() if not math.isnan(v)}
            for unit, row in data.to_dict(orient="index").items()}


def _uncertainty(spec: dict, result: IndexResult, data: pd.DataFrame, groups: pd.Series):
    settings = spec.get("uncertainty") or {}
    if not settings.get("n_samples") or result.rank.notna().sum() < 2:
        return None
    fw = result.framework.table
    return rank_uncertainty(data[fw.loc[fw["level"] == 1, "code"]], fw,
                            n_samples=int(settings["n_samples"]),
                            weight_perturbation=float(settings.get("weight_perturbation", 0.25)),
                            random_state=settings.get("random_state"),
                            min_coverage=spec.get("min_coverage"))


def _store_scores(run: ScoreRun, result: IndexResult, uncertainty) -> None:
    unit_ids = dict(db.session.execute(select(Unit.code, Unit.id).where(
        Unit.code.in_(list(result.scores.index)))).all())
    summary = uncertainty.summary if uncertainty is not None else None
    rows = []
    for code in result.scores.index:
        nodes = result.scores.loc[code].dropna().to_dict()
        rank = result.rank.get(code)
        interval = summary.loc[code] if summary is not None and code in summary.index else None
        rows.append(UnitScore(
            run_id=run.id, unit_id=unit_ids[code], score=_num(nodes.get(result.root)),
            rank=None if pd.isna(rank) else int(rank),
            group_rank=_int(result.group_rank.get(code)) if result.group_rank is not None
            else None,
            rank_median=_num(interval, "median_rank"), rank_p05=_num(interval, "p05_rank"),
            rank_p95=_num(interval, "p95_rank"), p_top_decile=_num(interval, "p_top_decile"),
            p_bottom_decile=_num(interval, "p_bottom_decile"),
            coverage=float(result.coverage.get(code, 0.0)), nodes=nodes,
            contributions=result.contributions.loc[code].dropna().to_dict(),
            excluded_reason=result.excluded.get(code)))
    db.session.add_all(rows)


def _num(value, key: str | None = None) -> float | None:
    if value is None:
        return None
    value = value[key] if key is not None else value
    return None if pd.isna(value) else float(value)


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def save_version(scheme: ScoringScheme, spec: dict, user: User) -> ScoringScheme:
    """Save an edited spec as the scheme's next version; runs keep the version they used."""
    framework_frame(spec)  # refuses a malformed framework before anything is stored
    new = ScoringScheme(name=scheme.name, version=scheme.version + 1, spec=spec,
                        description=scheme.description, created_by_id=user.id)
    scheme.is_active = False
    db.session.add(new)
    db.session.flush()
    return new


def mark_official(run: ScoreRun) -> None:
    """Make this run the official one of its period (a sandbox run never can be)."""
    if run.is_sandbox or run.status != "done":
        raise DomainError("Hanya perhitungan selesai yang bukan simulasi dapat dijadikan resmi.")
    for other in db.session.scalars(select(ScoreRun).where(
            ScoreRun.period_id == run.period_id, ScoreRun.is_official.is_(True))):
        other.is_official = False
    run.is_official = True
    audit.record("official", "ScoreRun", run.id, {"period": run.period_id})
    db.session.flush()
