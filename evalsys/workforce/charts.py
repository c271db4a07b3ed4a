"""Plotly figures of the workforce pages: pure builders, DataFrame in, Figure out."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

# Red (short) → white (balanced) → blue (surplus); ratios above 2 share the darkest blue.
RATIO_SCALE = [[0.0, "#b42318"], [0.35, "#f4a582"], [0.5, "#f7f7f7"], [0.75, "#92c5de"],
               [1.0, "#0b5394"]]
FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 12}


def to_html(fig: go.Figure) -> str:
    """Return the figure as an HTML fragment; the page loads the vendored plotly.min.js."""
    return fig.to_html(full_html=False, include_plotlyjs=False,
                       config={"displaylogo": False, "responsive": True,
                               "modeBarButtonsToRemove": ["select2d", "lasso2d"]},
                       default_width="100%", default_height=f"{fig.layout.height or 420}px")


def _fmt(value: float, decimals: int = 2) -> str:
    """Indonesian decimal comma for hover and cell text."""
    return "–" if value is None or np.isnan(value) else f"{value:.{decimals}f}".replace(".", ",")


def ratio_heatmap(cells: pd.DataFrame) -> go.Figure:
    """Heatmap of existing ÷ required per unit (rows) × position (columns).

    ``cells``: unit, position, existing, need_rounded, need_unrounded. A position nobody is
    needed for but someone holds is drawn as the top of the scale (surplus), with its text.
    """
    ratio = np.where(cells["need_rounded"] > 0,
                     cells["existing"] / cells["need_rounded"].where(cells["need_rounded"] > 0),
                     np.where(cells["existing"] > 0, np.inf, np.nan))
    data = cells.assign(z=np.clip(ratio, 0, 2),
                        text=[("∞" if np.isinf(r) else _fmt(r)) for r in ratio],
                        hover=[f"{u}<br>{p}<br>ada {int(e)} · dibutuhkan {int(n)} "
                               f"({_fmt(x, 3)})" for u, p, e, n, x in zip(
                                   cells["unit"], cells["position"], cells["existing"],
                                   cells["need_rounded"], cells["need_unrounded"], strict=True)])
    z = data.pivot(index="unit", columns="position", values="z")
    text = data.pivot(index="unit", columns="position", values="text").reindex_like(z)
    hover = data.pivot(index="unit", columns="position", values="hover").reindex_like(z)
    fig = go.Figure(go.Heatmap(
        z=z.to_numpy(dtype=float), x=list(z.columns), y=list(z.index), zmin=0, zmax=2,
        colorscale=RATIO_SCALE, text=text.fillna("").to_numpy(), texttemplate="%{text}",
        customdata=hover.fillna("").to_numpy(), hovertemplate="%{customdata}<extra></extra>",
        colorbar={"title": {"text": "ada ÷ butuh", "side": "right"},
                  "tickvals": [0, 0.5, 1, 1.5, 2], "ticktext": ["0", "0,5", "1", "1,5", "≥ 2"]},
        xgap=1, ygap=1))
    fig.update_layout(height=max(320, 28 * len(z.index) + 180), font=FONT,
                      margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      xaxis={"side": "top", "tickangle": -30},
                      yaxis={"autorange": "reversed"}, plot_bgcolor="#fff")
    return fig


def need_vs_existing(rows: pd.DataFrame, title: str = "") -> go.Figure:
    """Grouped bars of required (ABK, rounded) and existing staff per position.

    ``rows``: position, need_rounded, need_unrounded, existing.
    """
    hover = [f"kebutuhan {_fmt(x, 3)}" for x in rows["need_unrounded"]]
    fig = go.Figure([
        go.Bar(name="Kebutuhan (ABK)", x=rows["position"], y=rows["need_rounded"],
               marker_color="#0b5394", customdata=hover,
               hovertemplate="%{x}: %{y} orang<br>%{customdata}<extra></extra>"),
        go.Bar(name="Pegawai yang ada", x=rows["position"], y=rows["existing"],
               marker_color="#f4a582", hovertemplate="%{x}: %{y} orang<extra></extra>"),
    ])
    fig.update_layout(barmode="group", height=380, font=FONT, title={"text": title},
                      margin={"l": 10, "r": 10, "t": 60 if title else 40, "b": 10},
                      legend={"orientation": "h", "x": 0, "y": 1.12}, yaxis={"title": "orang"},
                      separators=",.", plot_bgcolor="#fff")
    return fig
