"""Views of the unit profile and the drill-down: index → aspect → indicator → raw records.

Read-only for every signed-in user. Personal data follow the feature pages' rules: complaint
lists never show the complainant (the complaint's own page decides), and a survey
respondent's profile is shown only to those who may edit the unit.
"""

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Indicator, Period, Unit, db
from models.scoring import ScoreRun
from scoring.skm import UNSUR_2017

from ..complaints.labels import SEVERITY_LABELS, STATUS_LABELS
from ..home.operations import current_period
from ..i18n import number
from ..innovations import queries as innovation_queries
from ..innovations.labels import GROUP_LABELS, STAGE_LABELS
from ..rankings import explain, queries
from ..rankings.charts import to_html
from . import bp, charts, drill, profile, records


@bp.app_context_processor
def _drill_helpers() -> dict:
    """Let the ranking pages link each indicator to its aspect in the run's framework."""
    return {"drill_aspects": drill.aspect_of}


def _period_arg() -> Period:
    period_id = request.args.get("period", type=int)
    period = db.session.get(Period, period_id) if period_id else current_period()
    return period or abort(404)


def _explanation(run: ScoreRun | None, unit: Unit):
    """Return (explanation, sentences) of the unit in the run, or (None, []) if not in it."""
    if run is None:
        return None, []
    try:
        exp = explain.explain(run, unit)
    except KeyError:
        return None, []
    return exp, explain.narrative(exp, number)


@bp.get("/<int:unit_id>")
def unit(unit_id: int):
    """Profile of a unit: indicators with trend, peers and targets; why this rank; proposals."""
    target = db.get_or_404(Unit, unit_id)
    period = _period_arg()
    data = profile.build(target, period)
    all_periods = profile.periods()
    trend, peer = profile.trend_frames(data, all_periods)
    run = queries.run_for_period(period)
    exp, sentences = _explanation(run, target)
    named = [dict(r, name=r["indicator"].name_id) for r in data.rows]
    return render_template(
        "profiles/unit.html", unit=target, period=period, periods=all_periods, data=data,
        run=run, exp=exp, sentences=sentences, proposals=profile.proposals(target),
        innovations=innovation_queries.registry({"unit": target.id}),
        stage_labels=STAGE_LABELS, group_labels=GROUP_LABELS,
        trend_chart=to_html(charts.trend_multiples(trend, peer, target.name,
                                                   _("Median unit sejenis")))
        if not trend.empty else None,
        peer_chart=to_html(charts.peer_position(named, _("Posisi di antara unit sejenis")))
        if any(r["percentile"] is not None for r in named) else None,
        aspects=drill.aspect_of(run) if run else {})


@bp.get("/<int:unit_id>/aspect/<aspect_code>")
def aspect(unit_id: int, aspect_code: str):
    """One aspect of a unit's score in a run: its indicators, values, weights and points."""
    target = db.get_or_404(Unit, unit_id)
    run_id = request.args.get("run", type=int)
    run = db.session.get(ScoreRun, run_id) if run_id else queries.run_for_period(_period_arg())
    if run is None or run.status != "done":
        abort(404)
    try:
        view = drill.aspect_view(run, target, aspect_code)
    except KeyError:
        abort(404)
    return render_template("profiles/aspect.html", unit=target, run=run, view=view)


@bp.get("/<int:unit_id>/indicator/<indicator_code>")
def indicator(unit_id: int, indicator_code: str):
    """One indicator of a unit in a period: value, status, provenance and the raw records."""
    target = db.get_or_404(Unit, unit_id)
    ind = db.session.scalar(select(Indicator).where(Indicator.code == indicator_code)) \
        or abort(404)
    period = _period_arg()
    value = records.stored_value(target, period, ind)
    kind = records.kind_of(ind)
    run = queries.run_for_period(period)
    context = {"unit": target, "period": period, "indicator": ind, "value": value,
               "kind": kind, "history": records.history(value), "periods": profile.periods(),
               "run": run, "aspect": drill.aspect_of(run).get(ind.code) if run else None}
    context.update(_raw_records(kind, target, period))
    return render_template("profiles/indicator.html", **context)


def _raw_records(kind: str, unit: Unit, period: Period) -> dict:
    """Return the template variables of the raw records behind an indicator kind."""
    if kind == "complaints":
        return {"complaints": records.complaint_rows(unit, period),
                "status_labels": STATUS_LABELS, "severity_labels": SEVERITY_LABELS}
    if kind == "surveys":
        page = db.paginate(records.survey_query(unit, period),
                           per_page=current_app.config["PAGE_SIZE"], error_out=False)
        return {"responses": page, "services": records.service_names(unit),
                "unsur": UNSUR_2017, "show_respondent": current_user.can_edit_unit(unit.id)}
    if kind == "standards":
        return {"standards": records.standard_rows(unit, period)}
    if kind == "staffing":
        return {"staffing": records.staffing_view(unit, period)}
    return {}


@bp.get("/<int:unit_id>/complaints")
def complaints(unit_id: int):
    """The complaints behind a unit's score in a period (the complaint-handling indicators)."""
    target = db.get_or_404(Unit, unit_id)
    # sla_resolution_pct first: "resolved within the service level" is what leaders ask.
    present = set(db.session.scalars(select(Indicator.code).where(
        Indicator.code.in_(records.COMPLAINT_CODES))))
    code = next((c for c in records.COMPLAINT_CODES if c in present), None)
    if code is None:  # no complaint indicator in the catalogue: the register, filtered
        return redirect(url_for("complaints.index", unit=target.id, period=_period_arg().id))
    return indicator(target.id, code)

