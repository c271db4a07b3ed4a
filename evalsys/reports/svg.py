"""Charts for printed reports: matplotlib figures written as vector SVG (data → markup).

WeasyPrint draws the SVG as vectors, so charts stay sharp when printed. Colours are Okabe–Ito
(as on the ranking pages), distinguishable with the common colour-vision deficiencies; text
stays text (svg.fonttype "none") and the decimal separator is the Indonesian comma.
"""

import base64
import io

import matplotlib

matplotlib.use("Agg")  # no display: the reports run in web workers and CLI commands

import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
from markupsafe import Markup  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

BLUE, VERMILION, GREEN, GREY = "#0072B2", "#D55E00", "#009E73", "#999999"
STYLE = {"svg.fonttype": "none", "font.family": "DejaVu Sans", "font.size": 8,
         "axes.spines.top": False, "axes.spines.right": False, "svg.hashsalt": "evalsys"}


def _comma(decimals: int) -> FuncFormatter:
    return FuncFormatter(lambda x, _pos: f"{x:.{decimals}f}".replace(".", ","))


def _to_svg(fig) -> Markup:
    """Serialise a figure as an <img> holding the SVG document (still vector in the PDF).

    An image rather than inline <svg>: WeasyPrint then reads the SVG's own styles with its
    SVG renderer instead of warning about each one as an unknown HTML property.
    """
    out = io.BytesIO()
    fig.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    data = base64.b64encode(out.getvalue()).decode("ascii")
    return Markup(f'<img alt="" src="data:image/svg+xml;base64,{data}">')


def score_intervals(rows: list[dict]) -> Markup | None:
    """Plot each ranked unit at (rank, score) with its 5–95 % rank interval as a whisker."""
    rows = [r for r in rows if r["rank"] is not None and r["score"] is not None]
    if not rows:
        return None
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6.8, 3.4))
        with_interval = [r for r in rows if r["p05"] is not None]
        ax.hlines([r["score"] for r in with_interval], [r["p05"] for r in with_interval],
                  [r["p95"] for r in with_interval], color=GREY, linewidth=0.8,
                  label="interval peringkat 5–95 %")
        ax.scatter([r["rank"] for r in rows], [r["score"] for r in rows], s=10 if len(rows) < 100
                   else 4, color=BLUE, zorder=3, label="peringkat resmi")
        ax.set_xlabel("peringkat (1 = terbaik)")
        ax.set_ylabel("skor (0–100)")
        ax.yaxis.set_major_formatter(_comma(0))
        ax.set_xlim(0, len(rows) + 1)
        ax.legend(frameon=False, loc="upper right")
        ax.grid(axis="y", color="#dddddd", linewidth=0.5)
        return _to_svg(fig)


def aspect_bars(labels: list[str], values: list[float | None],
                compare: list[float | None] | None = None,
                names: tuple[str, str] = ("rata-rata", "")) -> Markup | None:
    """Plot one horizontal bar per aspect (0–100); optionally a second series beside it."""
    if not labels or all(v is None for v in values):
        return None
    clean = [v if v is not None else 0.0 for v in values]
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6.8, 0.35 * len(labels) + 0.8))
        positions = list(range(len(labels)))
        height = 0.38 if compare is not None else 0.6
        ax.barh([p - (height / 2 if compare else 0) for p in positions], clean, height=height,
                color=BLUE, label=names[0])
        _bar_labels(ax, positions, clean, -height / 2 if compare else 0)
        if compare is not None:
            other = [v if v is not None else 0.0 for v in compare]
            ax.barh([p + height / 2 for p in positions], other, height=height, color=GREY,
                    label=names[1])
            _bar_labels(ax, positions, other, height / 2)
            ax.legend(frameon=False, loc="lower right")
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 105)
        ax.xaxis.set_major_formatter(_comma(0))
        ax.set_xlabel("skor (0–100)")
        return _to_svg(fig)


def _bar_labels(ax, positions: list[int], values: list[float], offset: float) -> None:
    for pos, value in zip(positions, values, strict=True):
        ax.text(value + 1, pos + offset, f"{value:.1f}".replace(".", ","), va="center",
                fontsize=7)
