"""Pure Plotly builders for the unit profile: data in, Figure out."""

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

# Okabe–Ito: the unit in blue, its peers' median in grey dashes (readable in black and white).
UNIT, PEER, GOOD, BAD = "#0072B2", "#7f7f7f", "#009E73", "#D55E00"
COLUMNS = 3


def trend_multiples(trend: pd.DataFrame, peer: pd.DataFrame, unit_label: str,
                    peer_label: str) -> go.Figure:
    """One small chart per indicator: the unit's value per period and the peers' median.

    ``trend`` has columns indicator, period, value (periods in time order); ``peer`` has
    indicator, period, median. Each panel keeps its own y scale: indicators differ in units.
    """
    names = list(dict.fromkeys(trend["indicator"]))
    rows = max(1, math.ceil(len(names) / COLUMNS))
    fig = make_subplots(rows=rows, cols=COLUMNS, subplot_titles=names,
                        vertical_spacing=min(0.12, 0.5 / rows), horizontal_spacing=0.08)
    for i, name in enumerate(names):
        row, col = i // COLUMNS + 1, i % COLUMNS + 1
        mine = trend[trend["indicator"] == name]
        others = peer[peer["indicator"] == name]
        fig.add_trace(go.Scatter(x=others["period"], y=others["median"], mode="lines",
                                 line={"color": PEER, "dash": "dash"}, name=peer_label,
                                 legendgroup="peer", showlegend=i == 0), row=row, col=col)
        fig.add_trace(go.Scatter(x=mine["period"], y=mine["value"], mode="lines+markers",
                                 line={"color": UNIT}, name=unit_label, legendgroup="unit",
                                 showlegend=i == 0), row=row, col=col)
    fig.update_annotations(font_size=11)
    fig.update_xaxes(type="category", tickfont_size=9)
    height = 90 + 190 * rows
    # The legend goes under the panels: above them it would cover the first row's titles.
    fig.update_layout(height=height, margin={"l": 40, "r": 10, "t": 40, "b": 60},
                      legend={"orientation": "h", "y": -40 / height, "yanchor": "top"},
                      separators=",.")
    return fig


def peer_position(rows: list[dict], title: str) -> go.Figure:
    """Horizontal bars: the share (%) of peers each indicator beats (50 = the median)."""
    rows = [r for r in rows if r["percentile"] is not None]
    fig = go.Figure(go.Bar(
        x=[r["percentile"] for r in rows], y=[r["name"] for r in rows], orientation="h",
        marker={"color": [GOOD if r["percentile"] >= 50 else BAD for r in rows]},
        text=[f"{r['percentile']:.0f}%" for r in rows], textposition="auto",
        hovertemplate="%{y}: lebih baik dari %{x:.0f}% unit sejenis<extra></extra>"))
    fig.add_vline(x=50, line={"color": PEER, "dash": "dash"})
    fig.update_layout(title=title, height=max(260, 60 + 26 * len(rows)),
                      xaxis={"range": [0, 100], "title": "%"},
                      yaxis={"autorange": "reversed"}, separators=",.",
                      margin={"l": 240, "r": 20, "t": 50, "b": 40})
    return fig
