"""Pure Plotly builders for the SLA pages: DataFrame in, Figure out."""

import json

import pandas as pd
import plotly.graph_objects as go

# Okabe–Ito colours, as on the ranking pages: readable with colour-vision deficiencies.
RESPONSE, RESOLUTION, BARS = "#56B4E9", "#0072B2", "#009E73"
# Default (Indonesian) texts; routes pass translated ones.
TEXTS = {"response": "Tanggapan tepat waktu", "resolution": "Selesai tepat waktu",
         "days": "hari kerja sampai selesai (di luar jeda)", "count": "pengaduan",
         "working_days": "hari kerja"}
_LAYOUT = {"separators": ",.", "plot_bgcolor": "#fff", "paper_bgcolor": "#fff",
           "font": {"family": "system-ui, sans-serif", "size": 12}}


def sla_by_unit(table: pd.DataFrame, texts: dict = TEXTS) -> go.Figure:
    """Horizontal bars of % within SLA per unit (response and resolution), in table order.

    ``table`` (sorted best first) has ``name``, ``pct_response_within_sla`` and
    ``pct_resolved_within_sla``; units without a resolution rate are left out.
    """
    # Plotly draws the first category at the bottom: reverse the table's order (best first).
    rows = table.dropna(subset=["pct_resolved_within_sla"]).iloc[::-1]
    labels = _unique([_short(name) for name in rows["name"]])
    fig = go.Figure()
    for column, label, colour in (("pct_response_within_sla", texts["response"], RESPONSE),
                                  ("pct_resolved_within_sla", texts["resolution"], RESOLUTION)):
        fig.add_trace(go.Bar(
            y=labels, x=rows[column], name=label, orientation="h", customdata=rows["name"],
            marker={"color": colour},
            hovertemplate="%{customdata}: %{x:.1f} %<extra>" + label + "</extra>"))
    fig.update_layout(**_LAYOUT, barmode="group", height=max(320, 30 * len(rows) + 100),
                      margin={"l": 10, "r": 10, "t": 70, "b": 20},
                      legend={"orientation": "h", "yref": "container", "y": 1, "yanchor": "top",
                              "x": 0, "traceorder": "reversed"},
                      xaxis={"range": [0, 104], "ticksuffix": " %", "gridcolor": "#e4e7eb",
                             "side": "top"},
                      yaxis={"automargin": True})
    return fig


def _short(name: str, limit: int = 28) -> str:
    """Shorten a unit name for an axis label (the full name is in the hover and the table)."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _unique(labels: list[str]) -> list[str]:
    """Number repeated labels: Plotly would stack two units with the same label on one bar."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def trend(rows: pd.DataFrame, texts: dict = TEXTS) -> go.Figure:
    """Lines of % within SLA per period for one unit (``period``, the two pct columns)."""
    fig = go.Figure()
    for column, label, colour in (("pct_response_within_sla", texts["response"], RESPONSE),
                                  ("pct_resolved_within_sla", texts["resolution"], RESOLUTION)):
        fig.add_trace(go.Scatter(x=rows["period"], y=rows[column], name=label,
                                 mode="lines+markers", line={"color": colour}))
    fig.update_layout(**_LAYOUT, height=300, margin={"l": 50, "r": 10, "t": 30, "b": 40},
                      yaxis={"title": "%", "range": [0, 105], "gridcolor": "#e4e7eb"},
                      legend={"orientation": "h", "y": 1.08, "x": 0})
    return fig


def resolution_histogram(days: pd.Series, texts: dict = TEXTS) -> go.Figure:
    """Histogram of resolution times in working days (resolved complaints of the period)."""
    fig = go.Figure(go.Histogram(x=days.dropna(), marker={"color": BARS}, xbins={"size": 1},
                                 hovertemplate="%{x} " + texts["working_days"]
                                 + ": %{y}<extra></extra>"))
    fig.update_layout(**_LAYOUT, height=300, margin={"l": 50, "r": 10, "t": 30, "b": 50},
                      xaxis={"title": texts["days"]},
                      yaxis={"title": texts["count"], "gridcolor": "#e4e7eb"}, bargap=0.05)
    return fig


def as_dict(fig: go.Figure) -> dict:
    """Return a figure as plain JSON data for ``Plotly.newPlot`` (embedded with ``tojson``)."""
    return json.loads(fig.to_json())
