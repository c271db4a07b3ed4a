"""The index framework: indicators (level 1) rolled up through aggregates to one root.

A framework is a table with one row per node and the columns ``code``, ``parent``,
``level``, ``weight`` and ``direction`` -- the shape of COINr's ``iMeta``. It is
validated once into an immutable :class:`Framework` that the rest of the package
works from, so every later step can trust that the tree is well formed.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

REQUIRED_COLUMNS = ("code", "parent", "level", "weight", "direction")
_COINR_RENAME = {
    "iCode": "code",
    "Parent": "parent",
    "Level": "level",
    "Weight": "weight",
    "Direction": "direction",
    "iName": "name",
}


@dataclass(frozen=True)
class Framework:
    """A validated framework tree.

    Attributes
    ----------
    table : pandas.DataFrame
        The validated rows (columns ``code``, ``parent``, ``level``, ``weight``,
        ``direction``), codes as strings, parent ``None`` for the root.
    indicators : tuple of str
        Level-1 codes in table order.
    aggregates : tuple of str
        Aggregate codes in evaluation order (level ascending, then table order), so
        every aggregate comes after all of its children. The root is last.
    root : str
        Code of the single node without a parent.
    """

    table: pd.DataFrame
    indicators: tuple[str, ...]
    aggregates: tuple[str, ...]
    root: str
    parent: MappingProxyType
    children: MappingProxyType
    weight: MappingProxyType
    direction: MappingProxyType
    level: MappingProxyType

    @property
    def nodes(self) -> tuple[str, ...]:
        """All codes: indicators first, then aggregates in evaluation order."""
        return self.indicators + self.aggregates

    @property
    def weights(self) -> np.ndarray:
        """Nominal weights in :attr:`nodes` order (root weight set to 1)."""
        return np.array([1.0 if c == self.root else self.weight[c] for c in self.nodes])

    @property
    def directions(self) -> np.ndarray:
        """Indicator directions (+1 / -1) in :attr:`indicators` order."""
        return np.array([self.direction[c] for c in self.indicators], dtype=float)


def framework_from_coinr(imeta: pd.DataFrame) -> pd.DataFrame:
    """Convert a COINr ``iMeta`` table to this package's framework table.

    Parameters
    ----------
    imeta : pandas.DataFrame
        COINr indicator metadata with ``Level``, ``iCode``, ``Direction``, ``Weight``
        and ``Parent`` (``iName`` and ``Type`` are used when present). Rows that are
        not part of the tree (``Type`` "Group", "Denominator", ...; or no ``Level``)
        are dropped.

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``parent``, ``level``, ``weight``, ``direction`` (and
        ``name`` when ``iName`` exists), ready for :func:`validate_framework`.
    """
    missing = [c for c in ("iCode", "Parent", "Level", "Weight", "Direction") if c not in imeta]
    if missing:
        raise ValueError(f"iMeta lacks the column(s) {missing}")
    rows = imeta["Level"].notna()
    if "Type" in imeta:
        rows &= imeta["Type"].isin(["Indicator", "Aggregate"])
    out = imeta.loc[rows, [c for c in _COINR_RENAME if c in imeta]].rename(columns=_COINR_RENAME)
    out["level"] = out["level"].astype(int)
    return out.reset_index(drop=True)


def validate_framework(framework: pd.DataFrame | Framework, indicators=None) -> Framework:
    """Check a framework table and build the :class:`Framework` tree.

    Parameters
    ----------
    framework : pandas.DataFrame or Framework
        One row per node: ``code``, ``parent`` (empty/NaN for the root), ``level``
        (1 = indicator, higher = aggregate), ``weight`` (>= 0, relative to siblings)
        and ``direction`` (+1 higher is better, -1 lower is better; indicators only).
        An already validated :class:`Framework` is accepted and re-checked against
        ``indicators`` only.
    indicators : iterable of str, optional
        Indicator codes present in the data; when given they must match the
        framework's level-1 codes exactly.

    Returns
    -------
    Framework
        The validated tree.

    Raises
    ------
    ValueError
        With a message naming the offending codes: missing columns, duplicate or
        empty codes, unknown parents, cycles, not exactly one root, children not
        below their parent's level, aggregates without children, negative or
        non-finite weights, all-zero sibling weights, directions other than +/-1,
        or indicators in the data that the framework lacks (and vice versa).
    """
    fw = framework if isinstance(framework, Framework) else _build(_clean_table(framework))
    if indicators is not None:
        _check_data_match(fw, [str(c) for c in indicators])
    return fw


def _clean_table(framework: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(framework, pd.DataFrame):
        raise ValueError("framework must be a pandas DataFrame or a Framework")
    missing = [c for c in REQUIRED_COLUMNS if c not in framework.columns]
    if missing:
        raise ValueError(f"framework lacks the column(s) {missing}; need {list(REQUIRED_COLUMNS)}")
    table = framework.loc[:, list(REQUIRED_COLUMNS)].copy()
    if table["code"].isna().any() or (table["code"].astype(str).str.strip() == "").any():
        raise ValueError("framework has a row without a code")
    table["code"] = table["code"].astype(str)
    dupes = sorted(table.loc[table["code"].duplicated(), "code"].unique())
    if dupes:
        raise ValueError(f"framework codes must be unique; duplicated: {dupes}")
    # Empty strings and NaN both mean "no parent": spreadsheets produce either.
    parents = [None if pd.isna(p) or str(p).strip() == "" else str(p) for p in table["parent"]]
    table["parent"] = pd.Series(parents, index=table.index, dtype=object)
    for col in ("level", "weight", "direction"):
        table[col] = pd.to_numeric(table[col], errors="coerce")
    return table.reset_index(drop=True)


def _build(table: pd.DataFrame) -> Framework:
    parent = dict(zip(table["code"], table["parent"], strict=True))
    root = _check_tree(parent)
    level = _check_levels(table, parent)
    children = {c: tuple(k for k in table["code"] if parent[k] == c) for c in table["code"]}
    weight = _check_weights(table, children, root)
    indicators = tuple(c for c in table["code"] if level[c] == 1)
    direction = _check_directions(table, indicators)
    order = sorted((level[c], i, c) for i, c in enumerate(table["code"]) if level[c] > 1)
    return Framework(
        table=table,
        indicators=indicators,
        aggregates=tuple(c for _, _, c in order),
        root=root,
        parent=MappingProxyType(parent),
        children=MappingProxyType({c: ch for c, ch in children.items() if ch}),
        weight=MappingProxyType(weight),
        direction=MappingProxyType(direction),
        level=MappingProxyType(level),
    )


def _check_tree(parent: dict) -> str:
    unknown = sorted({p for p in parent.values() if p is not None and p not in parent})
    if unknown:
        raise ValueError(f"framework refers to unknown parent code(s): {unknown}")
    for start in parent:
        seen = [start]
        node = parent[start]
        while node is not None:
            if node in seen:
                cycle = " -> ".join(seen[seen.index(node) :] + [node])
                raise ValueError(f"framework has a cycle: {cycle}")
            seen.append(node)
            node = parent[node]
    roots = [c for c, p in parent.items() if p is None]
    if len(roots) != 1:
        raise ValueError(f"framework needs exactly one root (a node without parent); found {roots}")
    return roots[0]


def _check_levels(table: pd.DataFrame, parent: dict) -> dict:
    lv = table["level"]
    bad = table.loc[lv.isna() | (lv < 1) | (lv != lv.round()), "code"].tolist()
    if bad:
        raise ValueError(f"level must be an integer >= 1 (1 = indicator); invalid for {bad}")
    level = {c: int(v) for c, v in zip(table["code"], lv, strict=True)}
    below = [c for c, p in parent.items() if p is not None and level[p] <= level[c]]
    if below:
        raise ValueError(f"a parent must sit at a higher level than its child; violated by {below}")
    has_children = {p for p in parent.values() if p is not None}
    childless = [c for c in level if level[c] > 1 and c not in has_children]
    if childless:
        raise ValueError(f"aggregate(s) without children: {childless}")
    return level


def _check_weights(table: pd.DataFrame, children: dict, root: str) -> dict:
    weight = dict(zip(table["code"], table["weight"].astype(float), strict=True))
    weight[root] = 1.0  # the root has no siblings, so its weight never matters
    invalid = [c for c, w in weight.items() if not np.isfinite(w)]
    if invalid:
        raise ValueError(f"weights must be finite numbers; missing or invalid for {invalid}")
    negative = [c for c, w in weight.items() if w < 0]
    if negative:
        raise ValueError(f"weights must not be negative; negative for {negative}")
    zero = [p for p, ch in children.items() if ch and sum(weight[c] for c in ch) == 0]
    if zero:
        raise ValueError(f"all children of {zero} have zero weight, so it cannot be scored")
    return weight


def _check_directions(table: pd.DataFrame, indicators: tuple) -> dict:
    direction = dict(zip(table["code"], table["direction"], strict=True))
    bad = [c for c in indicators if direction[c] not in (1, -1)]
    if bad:
        raise ValueError(f"indicator direction must be +1 or -1; invalid for {bad}")
    return {c: int(direction[c]) for c in indicators}


def _check_data_match(fw: Framework, columns: list) -> None:
    dupes = sorted({c for c in columns if columns.count(c) > 1})
    if dupes:
        raise ValueError(f"data has duplicated indicator columns: {dupes}")
    aggregate_cols = [c for c in columns if c in fw.level and fw.level[c] > 1]
    if aggregate_cols:
        raise ValueError(
            f"data columns {aggregate_cols} are aggregates in the framework, not indicators"
        )
    extra = [c for c in columns if c not in fw.level]
    if extra:
        raise ValueError(f"data has indicator(s) missing from the framework: {extra}")
    absent = [c for c in fw.indicators if c not in set(columns)]
    if absent:
        raise ValueError(f"framework indicator(s) missing from the data: {absent}")
