"""Why a unit sits where it does: contributions, peers, another unit, the previous period.

Everything is recomputed from the runs' stored inputs and specs, so the explanation is exactly
the calculation that produced the published rank.
"""

from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import defer

from models import Indicator, Unit, db
from models.scoring import ScoreRun, UnitScore
from scoring.composite import explain_change, explain_difference, strengths_weaknesses
from scoring.grades import grade_ipp, ombudsman_zone
from scoring.skm import grade_ikm

from .operations import compute


def rebuild(run: ScoreRun):
    """Re-run the engine on the run's stored inputs and spec; return the IndexResult."""
    data = pd.DataFrame.from_dict(run.inputs["values"], orient="index").sort_index()
    groups = pd.Series(run.inputs.get("groups", {})).reindex(data.index)
    return compute(run.spec, data.astype(float), groups)[0]


def previous_run(run: ScoreRun) -> ScoreRun | None:
    """Return the official (else latest) run of the closest earlier period with the same scheme."""
    from models import Period

    return db.session.scalar(
        select(ScoreRun).options(defer(ScoreRun.inputs)).join(Period).where(
            ScoreRun.scheme_id == run.scheme_id, ScoreRun.status == "done",
            ScoreRun.is_sandbox.is_(False), Period.end_date < run.period.start_date)
        .order_by(Period.end_date.desc(), ScoreRun.is_official.desc(), ScoreRun.id.desc()))


@dataclass
class Explanation:
    """What the "why this rank" page and the API show for one unit in one run."""

    unit: Unit
    score: UnitScore
    n_ranked: int
    contributions: list[dict] = field(default_factory=list)
    strengths: list[dict] = field(default_factory=list)
    weaknesses: list[dict] = field(default_factory=list)
    change: list[dict] = field(default_factory=list)
    previous: UnitScore | None = None
    comparison: list[dict] = field(default_factory=list)
    other: UnitScore | None = None


def category(code: str, value: float | None) -> str | None:
    """Return the regulation's category for a value of IKM, IPP or the Ombudsman score."""
    if value is None:
        return None
    try:
        if code == "ikm":
            grade, label = grade_ikm(value)
            return f"{grade} ({label})"
        if code == "ipp":
            band = grade_ipp(value)
            return f"{band.code} ({band.label})"
        if code == "ombudsman_score":
            band = ombudsman_zone(value)
            return f"zona {band.code} ({band.label.lower()})"
    except ValueError:
        return None
    return None


def _names() -> dict[str, str]:
    return dict(db.session.execute(select(Indicator.code, Indicator.name_id)).all())


def explain(run: ScoreRun, unit: Unit, other: Unit | None = None) -> Explanation:
    """Explain a unit's score and rank in a run; optionally against another unit."""
    scores = {s.unit_id: s for s in db.session.scalars(
        select(UnitScore).where(UnitScore.run_id == run.id))}
    mine = scores[unit.id]
    exp = Explanation(unit=unit, score=mine,
                      n_ranked=sum(1 for s in scores.values() if s.rank is not None))
    names, raw = _names(), run.inputs["values"].get(unit.code, {})
    exp.contributions = contributions_of(mine, raw, names)
    if mine.rank is None:
        return exp
    result = rebuild(run)
    add_strengths(exp, result, raw, names)
    before = previous_run(run)
    if before is not None:
        exp.previous = db.session.scalar(select(UnitScore).where(
            UnitScore.run_id == before.id, UnitScore.unit_id == exp.unit.id))
        if exp.previous is not None and exp.previous.rank is not None:
            exp.change = change_rows(before, rebuild(before), result, unit, raw, names)
    if other is not None and other.id in scores and scores[other.id].rank is not None:
        exp.other = scores[other.id]
        diff = explain_difference(result, unit.code, other.code)
        exp.comparison = [{"code": c, "name": names.get(c, c), **row}
                          for c, row in diff.to_dict(orient="index").items()]
    return exp


def contributions_of(score: UnitScore, raw: dict, names: dict) -> list[dict]:
    """Return each indicator's points with its raw value and category, largest first."""
    return sorted(
        ({"code": c, "name": names.get(c, c), "points": p, "raw": raw.get(c),
          "category": category(c, raw.get(c))}
         for c, p in score.contributions.items()), key=lambda r: -abs(r["points"]))


def add_strengths(exp: Explanation, result, raw: dict, names: dict) -> None:
    """Fill the unit's three strengths and weaknesses against its peers."""
    table = strengths_weaknesses(result, exp.unit.code, n=3)
    for row in table.to_dict(orient="records"):
        row.update(name=names.get(row["indicator"], row["indicator"]),
                   raw=raw.get(row["indicator"]))
        (exp.strengths if row["kind"] == "strength" else exp.weaknesses).append(row)


def change_rows(before: ScoreRun, before_result, result, unit: Unit, raw: dict,
                names: dict) -> list[dict]:
    """Return what each indicator added to the unit's score change since the earlier run."""
    old_raw = before.inputs["values"].get(unit.code, {})
    table = explain_change(before_result, result, unit.code)
    return [{"code": c, "name": names.get(c, c), "points": row["change"],
             "raw_before": old_raw.get(c), "raw_now": raw.get(c)}
            for c, row in table.to_dict(orient="index").items()]


def narrative(exp: Explanation, fmt) -> list[str]:
    """Plain-Indonesian sentences for leaders; `fmt` formats numbers (evalsys.i18n.number)."""
    s = exp.score
    if s.rank is None:
        return [f"{exp.unit.name} tidak diberi peringkat: {s.excluded_reason or 'data kurang'}."]
    lines = [f"{exp.unit.name} berada di peringkat {s.rank} dari {exp.n_ranked} unit "
             f"dengan skor {fmt(s.score, 1)}."]
    if s.rank_p05 is not None:
        lines.append(
            f"Dengan bobot dan metode yang diubah-ubah secara acak, peringkatnya berkisar "
            f"{fmt(s.rank_p05, 0)}–{fmt(s.rank_p95, 0)} (90% simulasi); peluang masuk 10% "
            f"teratas {fmt(100 * s.p_top_decile, 0)}%, 10% terbawah "
            f"{fmt(100 * s.p_bottom_decile, 0)}%.")
    if exp.strengths:
        lines.append("Kekuatan dibanding unit sejenis: "
                     + ", ".join(r["name"] for r in exp.strengths) + ".")
    if exp.weaknesses:
        lines.append("Kelemahan dibanding unit sejenis: "
                     + ", ".join(r["name"] for r in exp.weaknesses) + ".")
    if exp.previous is not None and exp.previous.rank is not None and exp.change:
        lines += _change_sentences(exp, fmt)
    return lines


def _change_sentences(exp: Explanation, fmt) -> list[str]:
    """Say how rank and score moved, and which indicators pushed up and pulled down."""
    before, now = exp.previous, exp.score
    moved = before.rank - now.rank
    verb = (f"naik {moved} peringkat" if moved > 0 else
            f"turun {-moved} peringkat" if moved < 0 else "tetap di peringkat yang sama")
    lines = [f"Dibanding periode sebelumnya unit ini {verb} ({before.rank} → {now.rank}); "
             f"skornya {fmt(before.score, 1)} → {fmt(now.score, 1)}."]
    ups = [r for r in exp.change if r["points"] > 0]
    downs = [r for r in exp.change if r["points"] < 0]
    for label, rows in (("Paling menaikkan", ups), ("Paling menurunkan", downs)):
        if rows:
            top = max(rows, key=lambda r: abs(r["points"]))
            detail = ""
            if top["raw_before"] is not None and top["raw_now"] is not None:
                detail = f" ({fmt(top['raw_before'], 1)} → {fmt(top['raw_now'], 1)})"
            elif top["raw_now"] is None:
                detail = " (belum ada nilai yang diajukan periode ini)"
            sign = "+" if top["points"] > 0 else "−"
            lines.append(f"{label}: {top['name']}{detail}, {sign}"
                         f"{fmt(abs(top['points']), 1)} poin.")
    return lines


ASSUMPTION_LABELS = {"weights": "bobot", "normalisation": "metode normalisasi",
                     "aggregation": "metode agregasi",
                     "remove_one_indicator": "membuang satu indikator"}


def sensitivity(run: ScoreRun) -> dict | None:
    """Say which assumption moves this run's ranks most (one assumption varied at a time).

    A finished run never changes, so its summary is computed once per process and reused:
    the league page is read far more often than runs are made.
    """
    if run.status != "done":
        return None
    # The database and start time are in the key: ids repeat across databases (tests, restores).
    return _sensitivity_of(str(db.engine.url), run.id, run.started_at.isoformat())


@lru_cache(maxsize=64)
def _sensitivity_of(database: str, run_id: int, started: str) -> dict | None:
    from scoring.composite import sensitivity_summary

    run = db.session.get(ScoreRun, run_id)
    result = rebuild(run)
    if result.rank.notna().sum() < 3:
        return None
    settings = run.spec.get("uncertainty") or {}
    fw = result.framework.table
    data = pd.DataFrame.from_dict(run.inputs["values"], orient="index").astype(float)
    summary = sensitivity_summary(
        data[list(result.framework.indicators)].sort_index(), fw,
        n_samples=min(int(settings.get("n_samples", 200)), 200),
        weight_perturbation=float(settings.get("weight_perturbation", 0.25)),
        random_state=settings.get("random_state"), min_coverage=run.spec.get("min_coverage"))
    names = _names()
    rows = [{"assumption": ASSUMPTION_LABELS.get(k, k), "mean": r["mean_abs_rank_shift"],
             "max": r["max_abs_rank_shift"]}
            for k, r in summary.by_assumption.to_dict(orient="index").items()]
    removed = [{"name": names.get(c, c), "shift": v}
               for c, v in summary.by_removed_indicator.head(3).items()]
    return {"rows": rows, "removed": removed,
            "most": ASSUMPTION_LABELS.get(summary.most_influential, summary.most_influential)}
