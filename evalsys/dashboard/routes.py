"""Views of the leadership dashboard: the page and its league table as JSON (read-only)."""

import json

from flask import abort, current_app, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.routing import BuildError

from models import Period, db

from ..home.operations import current_period
from ..rankings import queries as ranking_queries
from . import bp, cache, operations, queries
from .bands import BANDS, band_label
from .league import PER_PAGE, Filters, arrow


def _selection():
    """Return (period, run) from ?run= or ?period= (default: the current period)."""
    run_id = request.args.get("run", type=int)
    if run_id:
        run = queries.run_by_id(run_id) or abort(404)
        return db.session.get(Period, run.period_id), run
    period_id = request.args.get("period", type=int)
    period = db.session.get(Period, period_id) if period_id else current_period()
    if period is None:
        return None, None
    return period, ranking_queries.run_for_period(period)


@bp.get("/")
def index():
    """Show the leadership dashboard: cards, league table and charts of a period's run."""
    period, run = _selection()
    if period is None:
        if request.args.get("period"):
            abort(404)
        return redirect(url_for("periods.index"))
    f = Filters.from_args(request.args)
    data = operations.dashboard(period, run, f)
    periods = db.session.scalars(select(Period).order_by(Period.end_date.desc())).all()
    sel = {"run": run.id} if request.args.get("run") and run else {"period": period.id}
    context = {"period": period, "run": run, "f": f, "d": data, "bands": BANDS, "sel": sel,
               "band_label": band_label, "arrow": arrow, "per_page": PER_PAGE}
    # The table is the same for every user: render it once per filter, page and data stamp.
    table = cache.get_or_set(data["cache_key"] + ("html", f.page, tuple(sel.items())),
                             lambda: render_template("dashboard/_league.html", **context))
    return render_template("dashboard/index.html", periods=periods, league_html=table,
                           quality_url=_quality_url(period), **context)


def _quality_url(period: Period) -> str:
    """Link the data-quality panel; its blueprint may not have this endpoint yet."""
    try:
        return url_for("quality.index", period=period.id)
    except BuildError:
        return f"/quality/?period={period.id}"


_FIELDS = ("rank", "unit_id", "code", "name", "type", "opd_id", "opd", "score", "band",
           "previous_rank", "change", "p05", "p95", "coverage", "group_rank",
           "excluded_reason")


@bp.get("/league.json")
def league_json():
    """Return the league table with the same filters and sort as the page, as JSON.

    Paged like the page (`?page=`, 100 rows); `?all=1` returns every filtered row.
    """
    period, run = _selection()
    if period is None:
        abort(404)
    f = Filters.from_args(request.args)
    body = operations.league_table(period, run, f, lambda data: _serialise(period, run, f, data),
                                   everything=request.args.get("all") == "1")
    return current_app.response_class(body, mimetype="application/json")


def _serialise(period: Period, run, f: Filters, data: dict) -> bytes:
    """Turn league rows into the JSON document of league.json."""
    rows = []
    for r in data["rows"]:
        row = {k: r[k] for k in _FIELDS}
        row["band_label"] = band_label(r["band"])
        row["arrow"] = arrow(r["change"], f.gap)
        row["interval"] = None if r["p05"] is None else [r["p05"], r["p95"]]
        if f.targets:
            row.update(ikm=r.get("ikm"), target=r.get("target"), target_pct=r.get("target_pct"))
        rows.append(row)
    doc = {"period": {"id": period.id, "code": period.code},
           "run": {"id": run.id, "official": run.is_official} if run else None,
           "previous_period": data["previous_period"],
           "filters": {k: v for k, v in f.args().items() if k != "page"},
           "gap": f.gap, "average": data["mean"], "count": len(rows), "total": data["total"],
           "page": data["page"], "pages": data["pages"], "rows": rows}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
