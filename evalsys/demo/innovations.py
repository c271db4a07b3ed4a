"""Demo innovations of Kabupaten Contoh and a local innovation competition with judges' scores.

Six innovations cover every case the registry shows: eligible Umum, Replikasi and Khusus
entries, a trial (uji coba) and an innovation too young to enter. Evidence is given as links
(no files are written while seeding). Scores are drawn with ctx.rng only; one judge leaves one
scoresheet incomplete, so the ranking shows how a missing score is treated.
"""

from datetime import date

from models import db
from models.innovation import (
    Competition,
    CompetitionEntry,
    CompetitionJudge,
    Innovation,
    InnovationEvidence,
    InnovationIndicator,
    JudgeScore,
)
from scoring.innovation import DEFAULT_CRITERIA, MIN_YEARS_2021

from ..innovations.demo_texts import INNOVATIONS

JUDGES = ("pimpinan", "admin")


def _indicator(ctx, spec: tuple) -> InnovationIndicator:
    """Build a linked indicator from (code or label, unit, direction, before, after, dates)."""
    key, uom, direction, before, after, before_on, after_on, source = spec
    catalogue = ctx.indicators.get(key)
    return InnovationIndicator(
        indicator=catalogue, label=None if catalogue else key,
        unit_of_measure=uom or (catalogue.unit_of_measure if catalogue else None),
        direction=catalogue.direction if catalogue else direction,
        before_value=before, after_value=after, before_on=before_on, after_on=after_on,
        source=source)


def _innovation(ctx, units: dict, spec: dict) -> Innovation:
    """Build one innovation with its indicators and evidence links."""
    item = Innovation(
        unit=units[spec["unit"]], name=spec["name"], category=spec["category"],
        group=spec["group"], stage=spec["stage"], started_on=spec["started_on"],
        implemented_on=spec.get("implemented_on"), initiator=spec.get("initiator"),
        replicated_from=spec.get("replicated_from"), prior_top=spec.get("prior_top", False),
        prior_award=spec.get("prior_award"), sections=dict(spec["sections"]),
        created_by_id=ctx.users["evaluator"].id)
    item.indicators = [_indicator(ctx, row) for row in spec.get("indicators", ())]
    item.evidence = [InnovationEvidence(kind=kind, title=title, url=url)
                     for kind, title, url in spec.get("evidence", ())]
    return item


def _scores(ctx, entry: CompetitionEntry, strength: float, incomplete: bool) -> None:
    """Add both judges' scores of an entry; the last judge may leave one criterion out."""
    for judge_index, username in enumerate(JUDGES):
        criteria = list(DEFAULT_CRITERIA)
        if incomplete and judge_index == len(JUDGES) - 1:
            criteria = criteria[:-1]
        for criterion in criteria:
            score = min(100.0, max(50.0, round(strength + ctx.rng.gauss(0, 5), 0)))
            entry.scores.append(JudgeScore(judge_id=ctx.users[username].id,
                                           criterion=criterion["code"], score=score))


def seed(ctx) -> None:
    """Add the demo innovations and the 2025 local competition."""
    units = {u.code: u for u in ctx.units}
    items = [_innovation(ctx, units, spec) for spec in INNOVATIONS]
    db.session.add_all(items)
    competition = Competition(
        name="Lomba Inovasi Pelayanan Publik Kabupaten Contoh 2025", year=2025,
        criteria=[dict(c) for c in DEFAULT_CRITERIA], min_years=dict(MIN_YEARS_2021),
        word_limit=None, reference_date=date(2025, 12, 31), is_open=True)
    competition.judges = [CompetitionJudge(user_id=ctx.users[u].id) for u in JUDGES]
    db.session.add(competition)
    for index, (item, spec) in enumerate(zip(items, INNOVATIONS, strict=True)):
        if spec.get("strength") is None:
            continue
        entry = CompetitionEntry(competition=competition, innovation=item)
        db.session.add(entry)
        _scores(ctx, entry, spec["strength"], incomplete=index == 3)
