"""Draw an SOP's procedure as a swim-lane flowchart in the SOP AP format (pure: data → SVG).

Columns, left to right: No, Kegiatan, one lane per actor (in order of first appearance), the
mutu baku (Kelengkapan, Waktu, Output) and Keterangan. Each step is one row with one shape in
its actor's lane: a terminator for the first and last step, a diamond for a decision, a
rectangle otherwise. Consecutive shapes are joined by elbow connectors through the row
boundary (where no shape sits); a decision's "Tidak" branch leaves the diamond's right corner,
runs down or up a routing track at the lanes' right edge and enters the target shape from the
right.
"""

from collections.abc import Mapping, Sequence
from html import escape
from textwrap import wrap

FONT = 11
LINE = 14
CHAR = FONT * 0.56  # average glyph width of a sans-serif face, for wrapping
PAD = 6
LANE = 112
SHAPE_W, SHAPE_H, DIAMOND_H = 64, 26, 38
COLUMNS_LEFT = (("no", "No", 34), ("activity", "Kegiatan", 230))
COLUMNS_RIGHT = (("requirements", "Kelengkapan", 140), ("duration", "Waktu", 76),
                 ("output", "Output", 120), ("note", "Keterangan", 120))
HEAD1 = 24
# Inline SVG styles apply to the whole HTML page, so every rule is scoped to the chart.
STYLE = " ".join(f".sop-flow {rule}" for rule in (
    f"text{{font:{FONT}px sans-serif;fill:#1f2933}}", ".th{font-weight:600}",
    "line{stroke:#7b8794;stroke-width:.8}", ".frame{fill:none;stroke:#3e4c59}",
    ".head{fill:#eef2f7}", ".shape{fill:#fff;stroke:#1f2933;stroke-width:1.3}",
    ".flow{fill:none;stroke:#1f2933;stroke-width:1.1}", ".flow.no{stroke-dasharray:4 2}",
    ".branch{font-size:9px;fill:#52606d}", "marker path{fill:#1f2933}"))


def _lines(text: str | None, width: float) -> list[str]:
    """Wrap text to a column width (in pixels), keeping the writer's line breaks."""
    chars = max(4, int((width - 2 * PAD) / CHAR))
    out: list[str] = []
    for para in str(text or "").splitlines() or [""]:
        out += wrap(para, chars, break_long_words=True) or [""]
    return out


def _text(x: float, y: float, lines: list[str], anchor: str = "start", cls: str = "") -> str:
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else LINE}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{cls}">'
            f"{spans}</text>")


def lanes_of(steps: Sequence[Mapping]) -> list[str]:
    """Return the actors in order of first appearance: one swim lane each."""
    lanes: list[str] = []
    for step in steps:
        if step["actor"] not in lanes:
            lanes.append(step["actor"])
    return lanes


def _layout(steps: Sequence[Mapping], lanes: list[str]) -> dict:
    """Return column x positions, header height and each row's y and height."""
    xs, x = {}, 0.0
    for key, _, width in COLUMNS_LEFT:
        xs[key] = (x, width)
        x += width
    for i in range(len(lanes)):
        xs[f"lane{i}"] = (x, LANE)
        x += LANE
    for key, _, width in COLUMNS_RIGHT:
        xs[key] = (x, width)
        x += width
    head2 = max([len(_lines(lane, LANE)) for lane in lanes] + [1]) * LINE + 2 * PAD
    rows, y = [], HEAD1 + head2
    for step in steps:
        cells = [_lines(step.get(key), w) for key, _, w in COLUMNS_LEFT[1:] + COLUMNS_RIGHT]
        height = max([len(c) for c in cells] + [1]) * LINE + 2 * PAD
        height = max(height, (DIAMOND_H if step.get("is_decision") else SHAPE_H) + 24)
        rows.append((y, height))
        y += height
    return {"xs": xs, "width": x, "head2": head2, "rows": rows, "height": y}


def _shape(kind: str, cx: float, cy: float, number: int, lane: int) -> str:
    attrs = f'class="shape {kind}" data-step="{number}" data-lane="{lane}"'
    if kind == "decision":
        w, h = SHAPE_W * 0.85 / 2, DIAMOND_H / 2
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                          ((cx, cy - h), (cx + w, cy), (cx, cy + h), (cx - w, cy)))
        return f'<polygon {attrs} points="{points}"/>'
    radius = SHAPE_H / 2 if kind == "terminator" else 2
    return (f'<rect {attrs} x="{cx - SHAPE_W / 2:.1f}" y="{cy - SHAPE_H / 2:.1f}" '
            f'width="{SHAPE_W}" height="{SHAPE_H}" rx="{radius}"/>')


def _half_height(step: Mapping) -> float:
    return (DIAMOND_H if step.get("is_decision") else SHAPE_H) / 2


def _connectors(steps: Sequence[Mapping], centres: list[tuple[float, float]],
                rows: list[tuple[float, float]], track_x: float) -> list[str]:
    """Return the flow lines: next-step elbows, and each decision's "Tidak" branch."""
    out = []
    for i in range(len(steps) - 1):
        (x1, y1), (x2, y2) = centres[i], centres[i + 1]
        start, end = y1 + _half_height(steps[i]), y2 - _half_height(steps[i + 1])
        mid = rows[i][0] + rows[i][1]
        path = f"M{x1:.1f},{start:.1f} V{mid:.1f} H{x2:.1f} V{end:.1f}"
        out.append(f'<path class="flow" d="{path}" marker-end="url(#sop-arrow)"/>')
        if steps[i].get("is_decision"):
            out.append(_text(x1 + 4, start + 11, ["Ya"], cls="branch"))
    for k, (i, step) in enumerate((i, s) for i, s in enumerate(steps) if s.get("no_goto")):
        target = step["no_goto"] - 1
        (x1, y1), (x2, y2) = centres[i], centres[target]
        track = track_x - 5 - 5 * (k % 3)
        corner = x1 + SHAPE_W * 0.425
        out.append(f'<path class="flow no" d="M{corner:.1f},{y1:.1f} H{track:.1f} '
                   f'V{y2:.1f} H{x2 + SHAPE_W / 2 + 1:.1f}" marker-end="url(#sop-arrow)"/>')
        # The label sits on the side of the line the track does not run along.
        label_y = y1 + 11 if y2 < y1 else y1 - 4
        out.append(_text((corner + track) / 2, label_y, ["Tidak"], "middle", "branch"))
    return out


def _grid(layout: dict, lanes: list[str]) -> list[str]:
    """Return the table: header cells, column and row lines."""
    xs, width, height, head2 = layout["xs"], layout["width"], layout["height"], layout["head2"]
    lane_x = xs["lane0"][0] if lanes else xs["requirements"][0]
    mutu_x = xs["requirements"][0]
    out = [f'<rect class="head" x="0" y="0" width="{width:.1f}" height="{HEAD1 + head2}"/>',
           f'<rect class="frame" x="0" y="0" width="{width:.1f}" height="{height:.1f}"/>']
    heads = [(xs["no"], "No", True), (xs["activity"], "Kegiatan", True),
             ((lane_x, LANE * len(lanes)), "Pelaksana", False),
             ((mutu_x, sum(w for _, _, w in COLUMNS_RIGHT[:3])), "Mutu Baku", False),
             (xs["note"], "Keterangan", True)]
    for (x, w), label, full in heads:
        y = (HEAD1 + head2) / 2 + 4 if full else HEAD1 / 2 + 4
        out.append(_text(x + w / 2, y, [label], "middle", "th"))
        out.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height:.1f}"/>')
    out.append(f'<line x1="{lane_x:.1f}" y1="{HEAD1}" x2="{xs["note"][0]:.1f}" y2="{HEAD1}"/>')
    subheads = [(xs[f"lane{i}"], lane, "th lane-head") for i, lane in enumerate(lanes)]
    subheads += [(xs[key], label, "th") for key, label, _ in COLUMNS_RIGHT[:3]]
    for (x, w), label, cls in subheads:
        out.append(f'<line x1="{x:.1f}" y1="{HEAD1}" x2="{x:.1f}" y2="{height:.1f}"/>')
        out.append(_text(x + w / 2, HEAD1 + PAD + FONT, _lines(label, w), "middle", cls))
    for y, _ in layout["rows"]:
        out.append(f'<line x1="0" y1="{y:.1f}" x2="{width:.1f}" y2="{y:.1f}"/>')
    return out


def build_svg(steps: Sequence[Mapping], title: str = "") -> str:
    """Return the SOP flowchart as an SVG string.

    Each shape carries class "shape <kind>", data-step (its number) and data-lane (its actor's
    index in :func:`lanes_of`); lane headings carry class "lane-head".

    ``steps`` are mappings with ``activity``, ``actor``, ``is_decision``, ``no_goto`` (step
    number of the "Tidak" branch), ``requirements``, ``duration``, ``output`` and ``note``.
    """
    lanes = lanes_of(steps)
    layout = _layout(steps, lanes)
    xs, rows = layout["xs"], layout["rows"]
    body = _grid(layout, lanes)
    centres = []
    for n, (step, (y, h)) in enumerate(zip(steps, rows, strict=True), start=1):
        lane = lanes.index(step["actor"])
        lane_x, _ = xs[f"lane{lane}"]
        centres.append((lane_x + LANE / 2, y + h / 2))
        body.append(_text(xs["no"][0] + xs["no"][1] / 2, y + PAD + FONT, [str(n)], "middle"))
        for key, _, width in COLUMNS_LEFT[1:] + COLUMNS_RIGHT:
            body.append(_text(xs[key][0] + PAD, y + PAD + FONT, _lines(step.get(key), width)))
        last = n in (1, len(steps))
        kind = "decision" if step.get("is_decision") else "terminator" if last else "process"
        body.append(_shape(kind, *centres[-1], n, lane))
    body += _connectors(steps, centres, rows, xs["requirements"][0])
    return _wrap(body, layout["width"], layout["height"], title or "Diagram alir SOP")


def _wrap(body: list[str], width: float, height: float, title: str) -> str:
    """Return the finished SVG: root element, title, arrow marker, styles and body."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sop-flow" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
        '<defs><marker id="sop-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>'
        f"</defs><style>{STYLE}</style>" + "".join(body) + "</svg>")
