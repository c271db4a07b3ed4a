"""Before/after charts of an innovation's indicators: Plotly for the page, matplotlib for print.

Each indicator gets its own small panel, because the indicators are in different units
(minutes, %, index points). The print version is an SVG string (PDF) or PNG bytes (DOCX).
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
from plotly.subplots import make_subplots

BEFORE, AFTER = "#9ecae1", "#08519c"


@dataclass(frozen=True)
class Pair:
    """One indicator's values before and after, for a chart."""

    title: str
    unit: str
    before: float
    after: float


def _short(text: str, width: int = 28) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def plotly_figure(pairs: Sequence[Pair], before_label: str, after_label: str) -> go.Figure:
    """Return small multiples of grouped bars, one panel per indicator."""
    cols = max(1, min(len(pairs), 3))
    rows = -(-len(pairs) // cols) or 1
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[_short(p.title) for p in pairs])
    for i, pair in enumerate(pairs):
        r, c = divmod(i, cols)
        fig.add_trace(go.Bar(
            x=[before_label, after_label], y=[pair.before, pair.after],
            marker_color=[BEFORE, AFTER], text=[f"{pair.before:g}", f"{pair.after:g}"],
            textposition="outside", showlegend=False,
            hovertemplate=f"%{{x}}: %{{y}} {pair.unit}<extra></extra>"), row=r + 1, col=c + 1)
    fig.update_layout(height=280 * rows, margin={"l": 10, "r": 10, "t": 40, "b": 10},
                      separators=",.", plot_bgcolor="#fff")
    fig.update_yaxes(rangemode="tozero", gridcolor="#eee")
    return fig


def to_html(fig: go.Figure, div_id: str) -> str:
    """Return the figure as an HTML fragment; the page loads the vendored plotly.min.js."""
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True})


def _matplotlib_figure(pairs: Sequence[Pair], before_label: str, after_label: str):
    """Draw the print chart with matplotlib's Agg backend (no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    cols = max(1, min(len(pairs), 3))
    rows = -(-len(pairs) // cols) or 1
    fig = Figure(figsize=(2.4 * cols, 2.3 * rows))
    for i, pair in enumerate(pairs):
        ax = fig.add_subplot(rows, cols, i + 1)
        bars = ax.bar([before_label, after_label], [pair.before, pair.after],
                      color=[BEFORE, AFTER], width=0.6)
        ax.bar_label(bars, labels=[_num(pair.before), _num(pair.after)], fontsize=7)
        ax.set_title(_short(pair.title, 30), fontsize=7.5)
        ax.set_ylabel(pair.unit, fontsize=7)
        ax.tick_params(labelsize=7)
        ax.margins(y=0.18)
        ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def _num(value: float) -> str:
    """Format a number the Indonesian way (decimal comma) for chart labels."""
    return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "\0").replace(".", ",") \
        .replace("\0", ".")


def svg(pairs: Sequence[Pair], before_label: str, after_label: str) -> str:
    """Return the before/after chart as an inline SVG string ('' when there is nothing)."""
    if not pairs:
        return ""
    buffer = io.StringIO()
    _matplotlib_figure(pairs, before_label, after_label).savefig(buffer, format="svg")
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def png(pairs: Sequence[Pair], before_label: str, after_label: str) -> bytes:
    """Return the before/after chart as PNG bytes (for DOCX)."""
    buffer = io.BytesIO()
    _matplotlib_figure(pairs, before_label, after_label).savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()
