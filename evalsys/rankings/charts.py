"""Pure Plotly builders for the ranking pages: data in, Figure out."""

import plotly.graph_objects as go

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
POSITIVE, NEGATIVE, TOTAL = "#0072B2", "#D55E00", "#009E73"


def contribution_waterfall(contributions: list[dict], score: float, title: str) -> go.Figure:
    """Waterfall from 0 to the unit's score, one step per indicator contribution."""
    steps = sorted(contributions, key=lambda r: -r["points"])
    fig = go.Figure(go.Waterfall(
        x=[r["name"] for r in steps] + ["Skor"],
        y=[r["points"] for r in steps] + [score],
        measure=["relative"] * len(steps) + ["total"],
        text=[f"{r['points']:+.1f}".replace(".", ",") for r in steps]
        + [f"{score:.1f}".replace(".", ",")],
        textposition="outside",
        increasing={"marker": {"color": POSITIVE}},
        decreasing={"marker": {"color": NEGATIVE}},
        totals={"marker": {"color": TOTAL}},
    ))
    fig.update_layout(title=title, showlegend=False, margin={"l": 40, "r": 20, "t": 50, "b": 120},
                      yaxis_title="poin", height=420, separators=",.")
    return fig


def rank_intervals(rows: list[dict]) -> go.Figure:
    """Each unit's rank with its 5–95 % Monte Carlo interval (1 = best, at the top)."""
    rows = [r for r in rows if r["rank"] is not None and r["p05"] is not None]
    fig = go.Figure(go.Scatter(
        x=[r["rank"] for r in rows], y=[r["name"] for r in rows], mode="markers",
        marker={"color": POSITIVE, "size": 8},
        error_x={"type": "data", "symmetric": False,
                 "array": [r["p95"] - r["rank"] for r in rows],
                 "arrayminus": [r["rank"] - r["p05"] for r in rows], "color": "#999"},
        hovertemplate="%{y}: peringkat %{x}<extra></extra>",
    ))
    fig.update_layout(height=max(300, 18 * len(rows)), margin={"l": 220, "r": 20, "t": 30},
                      xaxis_title="peringkat (interval 5–95 %)", yaxis={"autorange": "reversed"},
                      separators=",.")
    return fig


def to_html(fig: go.Figure) -> str:
    """Embed a figure; plotly.js comes from static/plotly.min.js, loaded once by the page."""
    return fig.to_html(full_html=False, include_plotlyjs=False,
                       config={"displaylogo": False, "responsive": True})
