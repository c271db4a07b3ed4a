"""Pure Plotly builders of the dashboard: rows in, Figure out (no database, no request).

Colours are Okabe–Ito (distinguishable with the common colour-vision deficiencies); the
heatmap uses Cividis, a sequential scale designed for the same purpose. Numbers use the
Indonesian separators (`separators=",."`).
"""

import plotly.graph_objects as go

from ..rankings.charts import rank_intervals, to_html  # noqa: F401  (re-exported)

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000")
# How many units a per-unit chart shows when the filtered set is larger.
CHART_LIMIT = 30


def chart_units(rows: list[dict]) -> tuple[list[dict], bool]:
    """Return the ranked rows a per-unit chart shows (best first) and whether it is cut.

    Up to CHART_LIMIT units are shown; a larger set shows its best and worst halves.
    """
    ranked = sorted((r for r in rows if r["rank"] is not None), key=lambda r: r["rank"])
    if len(ranked) <= CHART_LIMIT:
        return ranked, False
    half = CHART_LIMIT // 2
    return ranked[:half] + ranked[-half:], True


def _layout(fig: go.Figure, height: int, **kw) -> go.Figure:
    fig.update_layout(height=height, separators=",.", margin=kw.pop("margin", {
        "l": 10, "r": 10, "t": 40, "b": 40}),
                      legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0}, **kw)
    return fig


def contributions(rows: list[dict], aspects: list[tuple[str, str, list[str]]]) -> go.Figure:
    """Stacked horizontal bars: each unit's score split into the points of each aspect.

    `aspects` is [(code, name, [indicator codes])] in the scheme's order.
    """
    names = [f"{r['rank']}. {r['name']}" for r in rows]
    fig = go.Figure()
    present = {c for r in rows for c in r["contributions"]}
    for i, (_code, name, codes) in enumerate(a for a in aspects if present & set(a[2])):
        points = [sum(float(r["contributions"].get(c) or 0.0) for c in codes) for r in rows]
        fig.add_bar(y=names, x=points, name=name, orientation="h",
                    marker_color=OKABE_ITO[i % len(OKABE_ITO)],
                    hovertemplate="%{y}<br>" + name + ": %{x:.1f} poin<extra></extra>")
    fig.update_layout(barmode="stack", xaxis_title="poin (jumlah = skor komposit)",
                      yaxis={"autorange": "reversed", "automargin": True})
    return _layout(fig, max(320, 22 * len(rows) + 120))


def heatmap(rows: list[dict], indicators: list[tuple[str, str]]) -> go.Figure:
    """Units × indicators, each cell the indicator's normalised score (0–100, 100 = best).

    Indicators no charted unit has a value for are left out.
    """
    indicators = [(c, n) for c, n in indicators if any(c in r["nodes"] for r in rows)]
    z = [[r["nodes"].get(code) for code, _ in indicators] for r in rows]
    fig = go.Figure(go.Heatmap(
        z=z, x=[name for _, name in indicators], y=[f"{r['rank']}. {r['name']}" for r in rows],
        zmin=0, zmax=100, colorscale="Cividis", colorbar={"title": {"text": "0–100"}},
        hovertemplate="%{y}<br>%{x}: %{z:.1f}<extra></extra>", hoverongaps=False))
    fig.update_layout(yaxis={"autorange": "reversed", "automargin": True},
                      xaxis={"automargin": True, "tickangle": -35})
    return _layout(fig, max(320, 22 * len(rows) + 180))


def trend(periods: list[str], series: list[tuple[str, list[float | None]]]) -> go.Figure:
    """One line per series (kabupaten average, filtered average, single units) over periods."""
    fig = go.Figure()
    for i, (name, values) in enumerate(series):
        fig.add_scatter(x=periods, y=values, name=name, mode="lines+markers",
                        line={"color": OKABE_ITO[i % len(OKABE_ITO)],
                              "width": 3 if i == 0 else 2},
                        hovertemplate=name + " %{x}: %{y:.1f}<extra></extra>")
    fig.update_layout(yaxis_title="skor komposit", xaxis={"type": "category"})
    return _layout(fig, 360)


def scatter(points: list[dict], x_label: str, y_label: str) -> go.Figure:
    """Each unit as a point at its values of two indicators; hover shows its name."""
    fig = go.Figure(go.Scatter(
        x=[p["x"] for p in points], y=[p["y"] for p in points], mode="markers",
        text=[p["name"] for p in points],
        marker={"color": OKABE_ITO[0], "size": 8, "opacity": 0.75},
        hovertemplate="%{text}<br>" + x_label + ": %{x}<br>" + y_label + ": %{y}<extra></extra>"))
    fig.update_layout(xaxis_title=x_label, yaxis_title=y_label)
    return _layout(fig, 420, margin={"l": 10, "r": 10, "t": 20, "b": 50})


def intervals(rows: list[dict]) -> go.Figure:
    """Rank and 5–95 % interval of each unit (rankings.charts.rank_intervals)."""
    fig = rank_intervals([{"name": r["name"], "rank": r["rank"], "p05": r["p05"],
                           "p95": r["p95"]} for r in rows])
    fig.update_layout(margin={"l": 10, "r": 10, "t": 30, "b": 40},
                      yaxis={"autorange": "reversed", "automargin": True})
    return fig
