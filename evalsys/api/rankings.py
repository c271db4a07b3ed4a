"""API endpoints for score runs: the league table and a unit's explanation."""

from flask import abort, request
from sqlalchemy import select

from models import Unit, db
from models.scoring import ScoreRun

from ..i18n import number
from ..rankings import explain, queries
from . import bp


def _score_dict(score, unit) -> dict:
    return {"unit_id": unit.id, "unit_code": unit.code, "unit_name": unit.name,
            "unit_type": unit.unit_type, "score": score.score, "rank": score.rank,
            "group_rank": score.group_rank, "rank_p05": score.rank_p05,
            "rank_p95": score.rank_p95, "rank_median": score.rank_median,
            "p_top_decile": score.p_top_decile, "p_bottom_decile": score.p_bottom_decile,
            "coverage": score.coverage, "nodes": score.nodes,
            "excluded_reason": score.excluded_reason}


@bp.get("/runs/<int:run_id>/scores")
def run_scores(run_id: int):
    """Return a run's league table: every unit's score, rank and rank interval."""
    run = db.get_or_404(ScoreRun, run_id)
    return {"run": {"id": run.id, "period_id": run.period_id, "is_official": run.is_official,
                    "is_sandbox": run.is_sandbox, "code_version": run.code_version,
                    "spec": run.spec},
            "items": [_score_dict(s, u) for s, u in queries.league(run)]}


@bp.get("/units/<int:unit_id>/explanation")
def unit_explanation(unit_id: int):
    """Return why a unit ranks where it does in a run (?run=<id>, else official or latest)."""
    unit = db.get_or_404(Unit, unit_id)
    run_id = request.args.get("run", type=int)
    run = db.session.get(ScoreRun, run_id) if run_id else db.session.scalar(
        select(ScoreRun).where(ScoreRun.status == "done", ScoreRun.is_sandbox.is_(False))
        .order_by(ScoreRun.is_official.desc(), ScoreRun.id.desc()))
    if run is None:
        abort(404, description="Perhitungan peringkat tidak ditemukan.")
    try:
        exp = explain.explain(run, unit)
    except KeyError:
        abort(404, description="Unit ini tidak ada dalam perhitungan tersebut.")
    return {**_score_dict(exp.score, unit), "run_id": run.id, "n_ranked": exp.n_ranked,
            "contributions": exp.contributions, "strengths": exp.strengths,
            "weaknesses": exp.weaknesses, "change_since_previous": exp.change,
            "sentences": explain.narrative(exp, number)}
