"""Unit report cards: everything one card shows, loaded once for a whole batch of cards.

`CardBatch.load(run)` reads the run's scores, the previous run, the catalogue and the year's
targets in a handful of queries and re-runs the engine once per run; every card of the batch
then reads from memory. The "why this rank" sentences are `rankings.explain.narrative` on an
`Explanation` built from the same pieces as `rankings.explain.explain` (a test checks they agree).
"""

from dataclasses import dataclass
from functools import cached_property
from statistics import mean, median

from sqlalchemy import select

from models import Indicator, Unit, db
from models.scoring import ScoreRun, UnitScore
from scoring.targets import percent_achieved

from ..i18n import number
from ..rankings import explain
from ..targets.queries import TargetBook, load_targets
from . import svg
from .data import ikm_grade, region_name


@dataclass
class CardBatch:
    """What every card of a run needs, read once."""

    run: ScoreRun
    scores: dict[int, UnitScore]
    unit_map: dict[int, Unit]
    catalogue: dict[str, Indicator]
    targets: TargetBook
    result: object
    previous: ScoreRun | None
    previous_scores: dict[int, UnitScore]
    previous_result: object | None
    region: str

    @classmethod
    def load(cls, run: ScoreRun) -> "CardBatch":
        """Read the run's scores, units, catalogue, targets and the previous run."""
        pairs = db.session.execute(
            select(UnitScore, Unit).join(Unit, Unit.id == UnitScore.unit_id)
            .where(UnitScore.run_id == run.id)).tuples().all()
        before = explain.previous_run(run)
        previous = {} if before is None else {s.unit_id: s for s in db.session.scalars(
            select(UnitScore).where(UnitScore.run_id == before.id))}
        return cls(run=run, scores={s.unit_id: s for s, _u in pairs},
                   unit_map={u.id: u for _s, u in pairs},
                   catalogue={i.code: i for i in db.session.scalars(select(Indicator))},
                   targets=load_targets(run.period.year), result=explain.rebuild(run),
                   previous=before, previous_scores=previous,
                   previous_result=explain.rebuild(before) if previous else None,
                   region=region_name())

    def units(self) -> list[Unit]:
        """Return the run's units, best rank first, unranked last (by code)."""
        def key(unit: Unit):
            rank = self.scores[unit.id].rank
            return (rank is None, rank or 0, unit.code)

        return sorted(self.unit_map.values(), key=key)

    @property
    def n_ranked(self) -> int:
        """Return how many units the run ranked."""
        return sum(1 for s in self.scores.values() if s.rank is not None)

    def group_of(self, unit: Unit) -> str:
        """Return the unit's peer group in the run (its unit type when the run lacks one)."""
        return self.run.inputs.get("groups", {}).get(unit.code) or unit.unit_type

    @cached_property
    def peer_medians(self) -> dict[tuple[str, str], float]:
        """Return (peer group, indicator) → median raw value over the run's inputs."""
        groups = self.run.inputs.get("groups", {})
        pooled: dict[tuple[str, str], list[float]] = {}
        for code, values in self.run.inputs["values"].items():
            for indicator, value in values.items():
                pooled.setdefault((groups.get(code), indicator), []).append(value)
        return {key: median(values) for key, values in pooled.items()}

    @cached_property
    def peer_node_means(self) -> dict[tuple[str, str], float]:
        """Return (peer group, aggregate) → mean score of the group's ranked units."""
        pooled: dict[tuple[str, str], list[float]] = {}
        for unit_id, score in self.scores.items():
            if score.rank is None:
                continue
            group = self.group_of(self.unit_map[unit_id])
            for node, value in (score.nodes or {}).items():
                pooled.setdefault((group, node), []).append(value)
        return {key: mean(values) for key, values in pooled.items()}

    @cached_property
    def used_codes(self) -> set[str]:
        """Return the indicator codes that have a value for at least one unit in the run."""
        return {code for values in self.run.inputs["values"].values() for code in values}

    @cached_property
    def group_sizes(self) -> dict[str, int]:
        """Return peer group → number of its units that have a group rank."""
        sizes: dict[str, int] = {}
        for unit_id, score in self.scores.items():
            if score.group_rank is not None:
                group = self.group_of(self.unit_map[unit_id])
                sizes[group] = sizes.get(group, 0) + 1
        return sizes

    def name(self, code: str) -> str:
        """Return an indicator's Indonesian name (its code when unknown)."""
        return self.catalogue[code].name_id if code in self.catalogue else code

    @cached_property
    def names(self) -> dict[str, str]:
        """Return indicator code → Indonesian name."""
        return {code: indicator.name_id for code, indicator in self.catalogue.items()}


def explanation(batch: CardBatch, unit: Unit) -> explain.Explanation:
    """Build the unit's Explanation from the batch with rankings.explain's own pieces."""
    mine = batch.scores[unit.id]
    exp = explain.Explanation(unit=unit, score=mine, n_ranked=batch.n_ranked)
    raw = batch.run.inputs["values"].get(unit.code, {})
    exp.contributions = explain.contributions_of(mine, raw, batch.names)
    if mine.rank is None:
        return exp
    explain.add_strengths(exp, batch.result, raw, batch.names)
    exp.previous = batch.previous_scores.get(unit.id)
    if exp.previous is not None and exp.previous.rank is not None:
        exp.change = explain.change_rows(batch.previous, batch.previous_result, batch.result,
                                         unit, raw, batch.names)
    return exp


def indicator_rows(batch: CardBatch, unit: Unit) -> list[dict]:
    """Return one row per indicator of the scheme: value, peer median, target, points."""
    raw = batch.run.inputs["values"].get(unit.code, {})
    group, points = batch.group_of(unit), batch.scores[unit.id].contributions or {}
    used = batch.used_codes
    rows = []
    for node in batch.run.spec["framework"]:
        if node["level"] != 1 or node["code"] not in used:
            continue  # aggregates, and indicators the run left out for want of any data
        code, indicator = node["code"], batch.catalogue.get(node["code"])
        target = batch.targets.lookup(indicator.id, unit.id, unit.unit_type) \
            if indicator is not None else None
        value = raw.get(code)
        rows.append({
            "code": code, "name": batch.name(code), "value": value,
            "uom": indicator.unit_of_measure if indicator else "",
            "decimals": min(indicator.decimals, 2) if indicator else 2,
            "direction": node.get("direction", 1), "category": explain.category(code, value),
            "peer_median": batch.peer_medians.get((group, code)),
            "target": target.target if target else None,
            "achieved": percent_achieved(value, target.target if target else None,
                                         node.get("direction", 1)),
            "points": points.get(code)})
    return rows


def aspect_rows(batch: CardBatch, unit: Unit) -> list[dict]:
    """Return the unit's score on each aspect beside its peer group's mean."""
    framework = batch.run.spec["framework"]
    top = max(row["level"] for row in framework)
    nodes, group = batch.scores[unit.id].nodes or {}, batch.group_of(unit)
    return [{"code": row["code"], "name": row.get("name") or row["code"],
             "value": nodes.get(row["code"]),
             "peer_mean": batch.peer_node_means.get((group, row["code"]))}
            for row in framework if row["level"] == top - 1]


def card_context(run: ScoreRun, unit: Unit, batch: CardBatch) -> dict:
    """Return the template context of one unit's report card."""
    exp = explanation(batch, unit)
    aspects = aspect_rows(batch, unit)
    raw = run.inputs["values"].get(unit.code, {})
    chart = svg.aspect_bars([a["name"] for a in aspects], [a["value"] for a in aspects],
                            [a["peer_mean"] for a in aspects],
                            names=("unit ini", f"rata-rata {batch.group_of(unit)}"))
    return {"run": run, "unit": unit, "exp": exp, "score": exp.score, "region": batch.region,
            "sentences": explain.narrative(exp, number), "indicators": indicator_rows(batch, unit),
            "aspects": aspects, "chart": chart, "ikm_grade": ikm_grade(raw.get("ikm")),
            "ipp": explain.category("ipp", raw.get("ipp")),
            "ombudsman": explain.category("ombudsman_score", raw.get("ombudsman_score")),
            "group": batch.group_of(unit), "n_group": batch.group_sizes.get(batch.group_of(unit))}
