"""Pure Plotly builders for the survey pages: DataFrame in, Figure out."""

import pandas as pd
import plotly.graph_objects as go

from scoring.skm import IKM_BANDS_2017, NIK_FACTOR

from .choices import GRADE_COLOURS

FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13}


def _bands(scale: float) -> list[tuple[float, float, str, str]]:
    """Return (low, high, grade, label) of each mutu band on a scale (NIK ÷ scale)."""
    ascending = list(IKM_BANDS_2017)[::-1]
    tops = [b.lower for b in ascending[1:]] + [100.0]
    return [(b.lower / scale, top / scale, b.grade, b.label)
            for b, top in zip(ascending, tops, strict=True)]


def _band_shapes(fig: go.Figure, scale: float, axis: str) -> None:
    for low, high, grade, label in _bands(scale):
        colour = GRADE_COLOURS[grade]
        if axis == "x":
            fig.add_vrect(x0=low, x1=high, fillcolor=colour, opacity=0.16, line_width=0,
                          layer="below", annotation_text=grade, annotation_position="outside top",
                          annotation_font={"size": 12, "color": colour})
        else:
            fig.add_hrect(y0=low, y1=high, fillcolor=colour, opacity=0.10, line_width=0,
                          layer="below", annotation_text=f"{grade} · {label}",
                          annotation_position="right", annotation_font_size=11)


def nrr_chart(nrr: pd.DataFrame, weakest: set[str]) -> go.Figure:
    """Bar chart of NRR per unsur (1–4) over the mutu bands; the weakest bars are red.

    nrr has columns code, name and nrr in questionnaire order.
    """
    frame = nrr.iloc[::-1]  # first unsur on top
    colours = ["#b42318" if c in weakest else "#0b5394" for c in frame["code"]]
    fig = go.Figure(go.Bar(
        x=frame["nrr"], y=frame["code"], customdata=frame["name"], orientation="h",
        marker_color=colours, text=[f"{v:.3f}".replace(".", ",") for v in frame["nrr"]],
        textposition="outside", hovertemplate="%{y} %{customdata}: NRR %{x:.3f}<extra></extra>"))
    _band_shapes(fig, NIK_FACTOR, "x")
    fig.update_layout(
        height=80 + 30 * len(frame), margin={"l": 10, "r": 20, "t": 30, "b": 40}, font=FONT,
        xaxis={"range": [1, 4.25], "title": "NRR (1–4)", "dtick": 0.5},
        yaxis={"automargin": True}, plot_bgcolor="#fff", showlegend=False)
    return fig


def trend_chart(trend: pd.DataFrame) -> go.Figure:
    """Line of the unit's IKM per period (columns period and ikm) over the mutu bands."""
    fig = go.Figure(go.Scatter(
        x=trend["period"], y=trend["ikm"], mode="lines+markers+text",
        text=[f"{v:.2f}".replace(".", ",") if v == v else "" for v in trend["ikm"]],
        textposition="top center", line={"color": "#0b5394", "width": 3},
        hovertemplate="%{x}: IKM %{y:.2f}<extra></extra>"))
    _band_shapes(fig, 1.0, "y")
    fig.update_layout(
        height=300, margin={"l": 10, "r": 110, "t": 20, "b": 40}, font=FONT,
        yaxis={"range": [25, 102], "title": "IKM"}, xaxis={"type": "category"},
        plot_bgcolor="#fff", showlegend=False)
    return fig


def to_html(fig: go.Figure, div_id: str) -> str:
    """Return the figure as an HTML fragment; plotly.min.js is loaded by the page."""
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                       config={"displayModeBar": False, "responsive": True})
