"""Assemble the dashboard: a per-run base (cards, league rows, trend data) and per-filter
league and charts, each computed once and cached until the data stamp changes.

Queries on a cold cache, whatever the number of units: catalogue, previous run, previous
period, aggregates, targets, league, organisation, previous ranks, trend runs, trend scores,
status counts, raw values. On a warm cache: the data stamp only.
"""

from types import SimpleNamespace

from flask_babel import get_locale
from flask_babel import gettext as _

from models import Period, db
from scoring.targets import percent_achieved

from ..home.operations import status_counts
from ..rankings import explain
from ..targets.queries import TargetBook, load_targets
from . import cache, cards, charts, league, queries


def _key(kind: str, period: Period, run, stamp: tuple, *extra) -> tuple:
    """Every key starts with (database, stamp): cache.retire drops a stamp's entries at once."""
    return (str(db.engine.url), stamp, kind, str(get_locale()), period.id,
            run.id if run else None, *extra)


def _stamp() -> tuple:
    """Read the data stamp; entries of older stamps of this database are dropped."""
    stamp = queries.data_stamp()
    cache.retire(str(db.engine.url), stamp)
    return stamp


def dashboard(period: Period, run, f: league.Filters) -> dict:
    """Return everything the dashboard page shows for a period, its run and the filters."""
    stamp = _stamp()
    base = _cached_base(period, run, stamp)
    league_key = _key("league", period, run, stamp, _league_key(f))
    table = cache.get_or_set(league_key, lambda: _league(period, base, f))
    chart_key = (f.unit_type, f.opd, f.q, f.view, f.avg, f.x, f.y)
    figures = cache.get_or_set(_key("charts", period, run, stamp, chart_key),
                               lambda: _charts(period, run, base, table["rows"], f))
    page_rows, pages = league.page_of(table["rows"], f.page)
    return {**base, **table, **figures, "page_rows": page_rows, "pages": pages,
            "complete": pages == 1, "cache_key": league_key}


def league_table(period: Period, run, f: league.Filters, serialise,
                 everything: bool = False) -> bytes:
    """Return one page (or all) of the filtered, sorted league as JSON bytes, cached.

    `serialise(data)` makes the bytes; data has the page's `rows`, `total`, `page`, `pages`.
    """
    stamp = _stamp()

    def compute() -> bytes:
        base = _cached_base(period, run, stamp)
        table = cache.get_or_set(_key("league", period, run, stamp, _league_key(f)),
                                 lambda: _league(period, base, f))
        rows, pages = (table["rows"], 1) if everything else league.page_of(table["rows"],
                                                                            f.page)
        return serialise({**base, **table, "rows": rows, "total": len(table["rows"]),
                          "page": 1 if everything else min(f.page, pages), "pages": pages})

    page = "all" if everything else f.page
    return cache.get_or_set(_key("json", period, run, stamp, _league_key(f), page), compute)


def _cached_base(period: Period, run, stamp: tuple) -> dict:
    key = _key("base", period, run, stamp)
    return cache.get_or_set(key, lambda: dict(_base(period, run), stamp_key=key))


def _league_key(f: league.Filters) -> tuple:
    return (f.unit_type, f.opd, f.q, f.view, f.avg, f.sort, f.dir, f.gap, f.targets)


def _base(period: Period, run) -> dict:
    catalogue = queries.catalogue()
    prev_run = explain.previous_run(run) if run else None
    prev_period = (db.session.get(Period, prev_run.period_id) if prev_run
                   else queries.previous_period(period))
    ids = [period.id] + ([prev_period.id] if prev_period else [])
    agg = queries.aggregates(ids, cards.CODES)
    wanted = [catalogue[c]["id"] for c in {*cards.CODES, "ikm"} if c in catalogue]
    book = _plain(load_targets(period.year, wanted))
    previous_ranks = queries.ranks_of(prev_run)
    rows = league.build_rows(queries.league_rows(run) if run else [], queries.org_nodes(),
                             previous_ranks)
    ranked = sum(1 for r in rows if r["rank"] is not None)
    headline = [cards.units_card(ranked if run else None, len(rows),
                                 len(previous_ranks) if prev_run else None)]
    headline += cards.build_cards(agg, period.id, prev_period.id if prev_period else None,
                                  catalogue, book)
    return {"catalogue": catalogue, "book": book, "rows_all": rows, "cards": headline,
            "previous_period": prev_period.code if prev_period else None,
            "previous_run_id": prev_run.id if prev_run else None,
            "trend": _trend_data(run, period), "status": status_counts(period),
            "aspects": _aspects(run, catalogue), "types": sorted({r["type"] for r in rows}),
            "opds": sorted({(r["opd_id"], r["opd"]) for r in rows if r["opd_id"]},
                           key=lambda o: o[1]),
            "incomplete": sum(1 for r in rows if (r["coverage"] or 0) < 1)}


def _plain(book: TargetBook) -> TargetBook:
    """Copy a target book without ORM objects, so it can outlive the session in the cache."""
    def copy(t):
        return SimpleNamespace(target=t.target, source_document=t.source_document)

    return TargetBook(book.year, {k: copy(t) for k, t in book.by_unit.items()},
                      {k: copy(t) for k, t in book.by_type.items()},
                      {k: copy(t) for k, t in book.general.items()})


def _aspects(run, catalogue: dict) -> dict:
    """Return the scheme's aspects with their indicators, and the indicators in order."""
    if run is None:
        return {"groups": [], "indicators": []}
    framework = run.spec.get("framework", [])
    indicators = [(n["code"], catalogue.get(n["code"], {}).get("name", n.get("name", n["code"])))
                  for n in framework if n["level"] == 1]
    groups = [(n["code"], n.get("name", n["code"]),
               [c["code"] for c in framework if c.get("parent") == n["code"]])
              for n in framework if n["level"] == 2]
    return {"groups": groups, "indicators": indicators}


def _trend_data(run, period: Period) -> dict:
    """Return the trend's periods and each run's unit → score (two queries)."""
    if run is None:
        return {"periods": [], "scores": []}
    runs = queries.trend_runs(run, period)
    ids = [rid for rid, _code in runs]
    by_run: dict[int, dict[int, float]] = {rid: {} for rid in ids}
    for run_id, unit_id, score in queries.trend_scores(ids):
        by_run[run_id][unit_id] = score
    return {"periods": [code for _rid, code in runs], "scores": [by_run[rid] for rid in ids]}


def _league(period: Period, base: dict, f: league.Filters) -> dict:
    rows = base["rows_all"]
    if f.targets:
        rows = _with_targets(period, base, rows)
    filtered, mean = league.apply(rows, f)
    return {"rows": filtered, "mean": mean}


def _raw(period: Period, base: dict, codes: tuple[str, ...]) -> dict[str, dict[int, float]]:
    """Return raw values of some indicators, shared by every filter of the same data."""
    return cache.get_or_set(base["stamp_key"] + ("raw", codes),
                            lambda: queries.raw_values(period, list(codes)))


def _with_targets(period: Period, base: dict, rows: list[dict]) -> list[dict]:
    """Add each unit's IKM, its IKM target (unit > type > kabupaten) and % achieved."""
    ikm = base["catalogue"].get("ikm")
    if ikm is None:
        return rows
    values = _raw(period, base, ("ikm",))["ikm"]
    out = []
    for r in rows:
        target = base["book"].lookup(ikm["id"], r["unit_id"], r["type"])
        value = values.get(r["unit_id"])
        goal = target.target if target else None
        out.append(dict(r, ikm=value, target=goal,
                        target_pct=percent_achieved(value, goal, ikm["direction"])))
    return out


def _charts(period: Period, run, base: dict, rows: list[dict], f: league.Filters) -> dict:
    shown, cut = charts.chart_units(rows)
    details = queries.score_details(run, [r["unit_id"] for r in shown]) if run else {}
    shown = [dict(r, nodes=details.get(r["unit_id"], ({}, {}))[0],
                  contributions=details.get(r["unit_id"], ({}, {}))[1]) for r in shown]
    out = {"chart_units": len(shown), "chart_cut": cut, "figures": {}}
    if shown:
        out["figures"] = {
            "contributions": charts.to_html(charts.contributions(shown,
                                                                 base["aspects"]["groups"])),
            "heatmap": charts.to_html(charts.heatmap(shown, base["aspects"]["indicators"])),
            "intervals": charts.to_html(charts.intervals(shown)),
        }
    if len(base["trend"]["periods"]):
        out["figures"]["trend"] = charts.to_html(_trend(base, rows, f))
    out.update(_scatter(period, base, rows, f))
    return out


def _mean(scores: dict[int, float], unit_ids) -> float | None:
    values = [scores[u] for u in unit_ids if u in scores]
    return sum(values) / len(values) if values else None


def _trend(base: dict, rows: list[dict], f: league.Filters):
    trend = base["trend"]
    series = [(_("Rata-rata kabupaten"), [_mean(s, s) for s in trend["scores"]])]
    narrowed = f.unit_type or f.opd or f.q or f.avg or f.view != "all"
    ids = [r["unit_id"] for r in rows]
    if narrowed and ids:
        series.append((_("Rata-rata unit terpilih"), [_mean(s, ids) for s in trend["scores"]]))
    if narrowed and len(rows) <= 5:
        series += [(r["name"], [s.get(r["unit_id"]) for s in trend["scores"]]) for r in rows]
    return charts.trend(trend["periods"], series)


def _scatter(period: Period, base: dict, rows: list[dict], f: league.Filters) -> dict:
    catalogue = base["catalogue"]
    if f.x not in catalogue or f.y not in catalogue:
        return {"scatter_n": 0}
    values = _raw(period, base, tuple(sorted({f.x, f.y})))
    points = [{"name": r["name"], "x": values[f.x][r["unit_id"]], "y": values[f.y][r["unit_id"]]}
              for r in rows if r["unit_id"] in values[f.x] and r["unit_id"] in values[f.y]]
    if not points:
        return {"scatter_n": 0}
    fig = charts.scatter(points, catalogue[f.x]["name"], catalogue[f.y]["name"])
    return {"scatter_n": len(points), "scatter": charts.to_html(fig)}
