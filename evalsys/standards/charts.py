"""Pure Plotly builders of the coverage page: DataFrame in, Figure out."""

import pandas as pd
import plotly.graph_objects as go

# Sequential blues (colour-vision safe) from a little done to all done; exactly 0 % stands out
# in pale red, so "nothing at all" is not mistaken for "a little".
SCALE = [[0.0, "#fcbba1"], [0.001, "#deebf7"], [0.5, "#6baed6"], [1.0, "#08519c"]]


def component_heatmap(share: pd.DataFrame, columns: list[str]) -> go.Figure:
    """Heatmap of units (rows) × the 14 components (columns): % of service types done.

    Parameters
    ----------
    share : DataFrame
        Index: unit names; columns: component codes; values 0–100.
    columns : list of str
        Column labels to show, in the same order as ``share.columns``.
    """
    z = share.to_numpy(dtype=float)
    fig = go.Figure(go.Heatmap(
        z=z, x=columns, y=list(share.index), zmin=0, zmax=100, colorscale=SCALE, xgap=1, ygap=1,
        colorbar={"title": {"text": "% layanan"}, "ticksuffix": " %", "thickness": 12},
        hovertemplate="%{y}<br>%{x}: %{z:.0f} % jenis layanan<extra></extra>",
    ))
    fig.update_layout(
        height=max(320, 22 * len(share.index) + 170),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"side": "top", "tickangle": -40, "automargin": True},
        yaxis={"autorange": "reversed", "automargin": True, "tickfont": {"size": 11}},
        separators=",.", plot_bgcolor="#fff",
    )
    return fig


def to_html(fig: go.Figure, div_id: str) -> str:
    """Return the figure as an HTML fragment; the page loads the vendored plotly.min.js."""
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True})
