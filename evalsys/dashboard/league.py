"""The league table: rows of a run, the filters a leader sets, sorting and the change arrows.

Everything here works on plain lists of dicts built once per run (and cached), so a filter
or a sort never goes back to the database.
"""

from dataclasses import astuple, dataclass, replace

from .bands import band_of

SORTS = ("rank", "name", "type", "opd", "score", "change", "interval", "coverage", "target")
VIEWS = ("all", "ends")  # ends: the 10 best and the 10 worst
ENDS = 10
PER_PAGE = 100
DEFAULT_GAP = 2


@dataclass(frozen=True)
class Filters:
    """What the leader asked for; every field comes from the query string."""

    unit_type: str = ""
    opd: int = 0
    q: str = ""
    view: str = "all"
    avg: str = ""  # "", "above" or "below" the peer set's average
    sort: str = "rank"
    dir: str = "asc"
    gap: int = DEFAULT_GAP
    targets: bool = False
    x: str = "ikm"
    y: str = "sla_resolution_pct"
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "Filters":
        """Read filters from request.args, falling back to defaults for anything invalid."""
        sort = args.get("sort", "rank")
        return cls(
            unit_type=args.get("type", "").strip(), opd=args.get("opd", 0, type=int) or 0,
            q=args.get("q", "").strip()[:80], view=args.get("view", "all") if
            args.get("view") in VIEWS else "all",
            avg=args.get("avg", "") if args.get("avg") in ("above", "below") else "",
            sort=sort if sort in SORTS else "rank",
            dir="desc" if args.get("dir") == "desc" else "asc",
            gap=max(1, min(args.get("gap", DEFAULT_GAP, type=int) or DEFAULT_GAP, 1000)),
            targets=args.get("targets") in ("1", "on", "true"),
            x=args.get("x", "ikm")[:40] or "ikm",
            y=args.get("y", "sla_resolution_pct")[:40] or "sla_resolution_pct",
            page=max(1, args.get("page", 1, type=int) or 1))

    def key(self) -> tuple:
        """Return the filters as a hashable tuple (part of the cache key)."""
        return astuple(self)

    def args(self, **changes) -> dict:
        """Return query-string arguments for a link with some filters changed."""
        f = replace(self, **changes)
        out = {"type": f.unit_type, "opd": f.opd or "", "q": f.q, "view": f.view, "avg": f.avg,
               "sort": f.sort, "dir": f.dir, "gap": f.gap, "targets": "1" if f.targets else "",
               "x": f.x, "y": f.y, "page": f.page if f.page > 1 else ""}
        defaults = {"view": "all", "sort": "rank", "dir": "asc", "gap": DEFAULT_GAP,
                    "x": "ikm", "y": "sla_resolution_pct"}
        return {k: v for k, v in out.items() if v not in ("", None) and defaults.get(k) != v}


def _opd_of(parent_id: int | None, nodes: dict[int, tuple]) -> tuple[int | None, str]:
    """Walk up the tree to the unit's perangkat daerah (no queries: nodes are preloaded)."""
    seen = 0
    while parent_id is not None and parent_id in nodes and seen < 20:
        parent, level, name = nodes[parent_id]
        if level == "opd":
            return parent_id, name
        parent_id, seen = parent, seen + 1
    return None, ""


def build_rows(scores: list, nodes: dict[int, tuple], previous: dict[int, int]) -> list[dict]:
    """Turn a run's scores into league rows with OPD, band, previous rank and change."""
    rows = []
    for s in scores:
        opd_id, opd_name = _opd_of(s.parent_id, nodes)
        band = band_of(s.score)
        before = previous.get(s.unit_id)
        change = before - s.rank if before is not None and s.rank is not None else None
        rows.append({
            "unit_id": s.unit_id, "code": s.code, "name": s.name, "type": s.unit_type,
            "opd_id": opd_id, "opd": opd_name, "rank": s.rank, "group_rank": s.group_rank,
            "score": s.score, "band": band.code if band else None,
            "band_colour": band.colour if band else None, "previous_rank": before,
            "change": change, "p05": s.rank_p05, "p95": s.rank_p95,
            "coverage": s.coverage, "excluded_reason": s.excluded_reason})
    return rows


def arrow(change: int | None, gap: int) -> str | None:
    """Return "up", "down" or "same" (a move smaller than the gap), None without a change."""
    if change is None:
        return None
    if change >= gap:
        return "up"
    if change <= -gap:
        return "down"
    return "same"


def apply(rows: list[dict], f: Filters) -> tuple[list[dict], float | None]:
    """Filter, select and sort league rows; return them and the peer set's average score."""
    peers = [r for r in rows if (not f.unit_type or r["type"] == f.unit_type)
             and (not f.opd or r["opd_id"] == f.opd)]
    ranked = [r["score"] for r in peers if r["rank"] is not None and r["score"] is not None]
    mean = sum(ranked) / len(ranked) if ranked else None
    out = peers
    if f.q:
        needle = f.q.casefold()
        out = [r for r in out if needle in r["name"].casefold() or needle in r["code"].casefold()]
    if f.avg and mean is not None:
        above = f.avg == "above"
        out = [r for r in out if r["score"] is not None and r["rank"] is not None
               and (r["score"] > mean if above else r["score"] < mean)]
    if f.view == "ends":
        out = _ends(out)
    # Rows are shared with the cached base (no copies); the arrow is drawn from change and gap.
    return sort_rows(out, f.sort, f.dir), mean


def _ends(rows: list[dict]) -> list[dict]:
    """Keep the ENDS best and ENDS worst ranked rows (all of them when there are few)."""
    ranked = sorted((r for r in rows if r["rank"] is not None), key=lambda r: r["rank"])
    if len(ranked) <= 2 * ENDS:
        return ranked
    return ranked[:ENDS] + ranked[-ENDS:]


def _sort_value(row: dict, column: str):
    if column == "interval":
        return None if row["p05"] is None else row["p95"] - row["p05"]
    if column == "target":
        return row.get("target_pct")
    if column in ("name", "type", "opd"):
        return (row[column] or "").casefold() or None
    return row[column]


def sort_rows(rows: list[dict], column: str, direction: str) -> list[dict]:
    """Sort rows by a column; rows without a value always go last, ties keep rank order."""
    by_rank = sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["code"]))
    present = [r for r in by_rank if _sort_value(r, column) is not None]
    missing = [r for r in by_rank if _sort_value(r, column) is None]
    present.sort(key=lambda r: _sort_value(r, column), reverse=direction == "desc")
    return present + missing


def page_of(rows: list[dict], page: int) -> tuple[list[dict], int]:
    """Return one page of rows and the number of pages."""
    pages = max(1, -(-len(rows) // PER_PAGE))
    page = min(page, pages)
    return rows[(page - 1) * PER_PAGE: page * PER_PAGE], pages
