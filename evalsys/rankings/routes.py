"""Ranking views: league table, runs, why-this-rank, methodology and what-if weights."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Indicator, Period, Unit, db
from models.scoring import ScoreRun, ScoringScheme
from models.unit import UNIT_TYPES

from ..auth.decorators import role_required
from ..errors import DomainError
from ..home.operations import current_period
from ..i18n import number
from . import bp, charts, explain, jobs, operations, queries


def _period() -> Period | None:
    period_id = request.values.get("period", type=int)
    return db.session.get(Period, period_id) if period_id else current_period()


def _render_league(run: ScoreRun | None, period: Period):
    unit_type = request.args.get("type") or None
    rows = queries.league(run, unit_type) if run else []
    previous = explain.previous_run(run) if run else None
    chart = charts.to_html(charts.rank_intervals([
        {"name": u.name, "rank": s.rank, "p05": s.rank_p05, "p95": s.rank_p95}
        for s, u in rows])) if rows else None
    return render_template(
        "rankings/league.html", run=run, period=period, rows=rows, chart=chart,
        previous=previous, previous_ranks=queries.previous_ranks(previous),
        runs=queries.runs_of(period), unit_types=UNIT_TYPES, unit_type=unit_type,
        sensitivity=explain.sensitivity(run) if run else None,
        periods=db.session.scalars(select(Period).order_by(Period.end_date.desc())).all(),
        scheme=run.scheme if run else operations.ensure_default_scheme())


@bp.get("/")
def index():
    """Show the league table of a period's official run (else its latest run)."""
    period = _period()
    if period is None:
        return redirect(url_for("periods.index"))
    return _render_league(queries.run_for_period(period), period)


@bp.get("/runs/<int:run_id>")
def run(run_id: int):
    """Show the league table of one run, or its progress while it is computed."""
    score_run = db.get_or_404(ScoreRun, run_id)
    if score_run.status == "running" and jobs.expire_stale_runs():
        db.session.commit()  # a run nobody computes any more ends as failed (retriable)
        db.session.refresh(score_run)
    if score_run.status != "done":
        return render_template("rankings/progress.html", run=score_run)
    return _render_league(score_run, score_run.period)


@bp.post("/runs")
@role_required("leader", "admin")
def start_run():
    """Compute the scheme on a period's submitted and approved values (leader, admin)."""
    period = _period() or abort(404)
    scheme = db.session.get(ScoringScheme, request.form.get("scheme", type=int) or 0) \
        or operations.ensure_default_scheme(current_user)
    jobs.expire_stale_runs()
    try:
        new_run = operations.create_run(scheme, period, current_user)
    except DomainError as err:
        db.session.rollback()
        flash(str(err), "danger")
        return redirect(url_for("rankings.index", period=period.id))
    db.session.commit()
    jobs.launch(current_app._get_current_object(), new_run.id)
    return redirect(url_for("rankings.run", run_id=new_run.id))


@bp.post("/runs/<int:run_id>/official")
@role_required("leader", "admin")
def make_official(run_id: int):
    """Mark the run as the period's official ranking (leader, admin)."""
    score_run = db.get_or_404(ScoreRun, run_id)
    try:
        operations.mark_official(score_run)
    except DomainError as err:
        flash(str(err), "danger")
    else:
        db.session.commit()
        flash(_("Perhitungan ini sekarang peringkat resmi periode %(p)s.",
                p=score_run.period.code), "success")
    return redirect(url_for("rankings.run", run_id=run_id))


@bp.get("/runs/<int:run_id>/units/<int:unit_id>")
def unit(run_id: int, unit_id: int):
    """Explain why a unit sits where it does, how sure that is, and what changed."""
    score_run = db.get_or_404(ScoreRun, run_id)
    target = db.get_or_404(Unit, unit_id)
    other_id = request.args.get("with", type=int)
    other = db.session.get(Unit, other_id) if other_id else None
    try:
        exp = explain.explain(score_run, target, other)
    except KeyError:
        abort(404)
    waterfall = charts.to_html(charts.contribution_waterfall(
        exp.contributions, exp.score.score or 0.0, _("Sumbangan tiap indikator terhadap skor")))
    peers = [u for _s, u in queries.league(score_run) if u.id != target.id]
    return render_template("rankings/unit.html", run=score_run, exp=exp, waterfall=waterfall,
                           sentences=explain.narrative(exp, number), peers=peers,
                           other=other)


@bp.get("/schemes/<int:scheme_id>")
def methodology(scheme_id: int):
    """Describe the scheme: tree, weights, directions, methods and legal bases."""
    scheme = db.get_or_404(ScoringScheme, scheme_id)
    catalogue = {i.code: i for i in db.session.scalars(select(Indicator))}
    return render_template("rankings/methodology.html", scheme=scheme, catalogue=catalogue)


@bp.route("/schemes/<int:scheme_id>/whatif", methods=["GET", "POST"])
@role_required("leader", "admin")
def whatif(scheme_id: int):
    """Try other weights in a sandbox run; the official ranking is never touched."""
    scheme = db.get_or_404(ScoringScheme, scheme_id)
    period = _period() or abort(404)
    if request.method == "POST":
        spec = dict(scheme.spec)
        spec["framework"] = [dict(row, weight=_weight(row)) for row in scheme.spec["framework"]]
        if request.form.get("action") == "save":
            if current_user.role != "admin":
                abort(403)
            new = operations.save_version(scheme, spec, current_user)
            db.session.commit()
            flash(_("Skema disimpan sebagai versi %(v)d; perhitungan lama tetap memakai versi "
                    "lamanya.", v=new.version), "success")
            return redirect(url_for("rankings.methodology", scheme_id=new.id))
        try:
            sandbox = operations.create_run(scheme, period, current_user, spec=spec,
                                            sandbox=True)
        except DomainError as err:
            db.session.rollback()
            flash(str(err), "danger")
        else:
            db.session.commit()
            jobs.launch(current_app._get_current_object(), sandbox.id)
            flash(_("Simulasi bobot: peringkat resmi tidak berubah."), "info")
            return redirect(url_for("rankings.run", run_id=sandbox.id))
    return render_template("rankings/whatif.html", scheme=scheme, period=period)


def _weight(row: dict) -> float:
    """Read a posted weight (Indonesian or English decimals), keeping the old one if blank."""
    raw = (request.form.get(f"w-{row['code']}") or "").strip().replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        return row["weight"]
    return value if value >= 0 else row["weight"]
