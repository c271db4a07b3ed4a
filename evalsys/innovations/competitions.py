"""Local innovation competitions: set-up, entries, judges' scores and the ranking.

Judges are users linked to a competition (CompetitionJudge). Admins set competitions up and
add entries; only an assigned judge enters scores, and only their own, while the competition
is open. The ranking follows scoring.innovation.rank_entries.
"""

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import User, db
from models.innovation import (
    GROUPS,
    Competition,
    CompetitionEntry,
    CompetitionJudge,
    Innovation,
    JudgeScore,
)
from scoring.innovation import (
    DEFAULT_CRITERIA,
    MIN_YEARS_2021,
    SCORE_MAX,
    SCORE_MIN,
    Criterion,
    EntryResult,
    rank_entries,
)

from ..errors import DomainError, NotAllowed

_LINE = re.compile(r"^(?P<name>.+?)\s*[;|]\s*(?P<weight>\d+(?:[.,]\d+)?)\s*$")


def criteria_text(criteria: list[dict]) -> str:
    """Return criteria as editable lines "Nama; bobot"."""
    return "\n".join(f"{c['name']}; {c['weight']:g}" for c in criteria)


def parse_criteria(text: str) -> list[dict]:
    """Parse "Nama; bobot" lines into criteria; refuse bad lines with their line number."""
    criteria, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line.strip())
        if not match:
            errors.append(f"baris {number}: tulis \"Nama kriteria; bobot\"")
            continue
        name, weight = match["name"].strip(), float(match["weight"].replace(",", "."))
        code = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:40] or f"k{number}"
        criteria.append({"code": code, "name": name, "weight": weight})
    if errors:
        raise DomainError("Kriteria tidak valid: " + "; ".join(errors) + ".")
    if not criteria or sum(c["weight"] for c in criteria) <= 0:
        raise DomainError("Isi minimal satu kriteria dengan bobot lebih dari nol.")
    if len({c["code"] for c in criteria}) != len(criteria):
        raise DomainError("Nama kriteria tidak boleh kembar.")
    return criteria


def _scored(competition: Competition) -> bool:
    return competition.id is not None and db.session.scalar(
        select(JudgeScore.id).join(CompetitionEntry)
        .where(CompetitionEntry.competition_id == competition.id).limit(1)) is not None


def save_competition(competition: Competition | None, data: dict) -> Competition:
    """Create or update a competition: name, year, criteria, rule, judges, open/closed."""
    criteria = parse_criteria(data["criteria"]) if data.get("criteria") \
        else [dict(c) for c in DEFAULT_CRITERIA]
    if competition is None:
        competition = Competition()
        db.session.add(competition)
    elif {c["code"] for c in criteria} != {c["code"] for c in competition.criteria or []} \
            and _scored(competition):
        raise DomainError("Kriteria tidak dapat diganti setelah juri memberi nilai; "
                          "yang dapat diubah hanya bobotnya.")
    competition.name, competition.year = data["name"].strip(), data["year"]
    competition.criteria = criteria
    competition.min_years = {g: int(data.get(f"min_{g}", MIN_YEARS_2021[g])) for g in GROUPS}
    competition.word_limit = data.get("word_limit") or None
    competition.reference_date = data.get("reference_date") or date(data["year"], 12, 31)
    competition.is_open = bool(data.get("is_open"))
    _set_judges(competition, data.get("judge_ids") or [])
    db.session.flush()
    return competition


def _set_judges(competition: Competition, user_ids: list[int]) -> None:
    """Make the competition's judges exactly these active users."""
    wanted = set(db.session.scalars(select(User.id).where(
        User.id.in_(user_ids or [-1]), User.is_active.is_(True))))
    competition.judges = [j for j in competition.judges if j.user_id in wanted]
    have = competition.judge_ids()
    competition.judges += [CompetitionJudge(user_id=u) for u in sorted(wanted - have)]


def add_entry(competition: Competition, innovation: Innovation) -> CompetitionEntry:
    """Enter an innovation; refuse duplicates and an identical name in the same competition."""
    names = {e.innovation.name.strip().lower(): e.innovation_id for e in competition.entries}
    if innovation.id in names.values():
        raise DomainError("Inovasi ini sudah terdaftar pada kompetisi ini.")
    if innovation.name.strip().lower() in names:
        raise DomainError("Sudah ada peserta dengan judul inovasi yang sama (judul ganda).")
    entry = CompetitionEntry(competition=competition, innovation=innovation)
    db.session.add(entry)
    db.session.flush()
    return entry


def remove_entry(entry: CompetitionEntry) -> None:
    """Withdraw an entry with its scores."""
    db.session.delete(entry)
    db.session.flush()


def require_judge(entry: CompetitionEntry, user: User) -> None:
    """Refuse (NotAllowed) anyone who is not a judge of the entry's competition."""
    if user.id not in entry.competition.judge_ids():
        raise NotAllowed("Hanya juri yang ditugaskan pada kompetisi ini yang dapat menilai.")


def judge_scores(entry: CompetitionEntry, judge: User) -> dict[str, JudgeScore]:
    """Return one judge's scores of an entry keyed by criterion."""
    return {s.criterion: s for s in entry.scores if s.judge_id == judge.id}


def save_scores(entry: CompetitionEntry, judge: User,
                values: dict[str, tuple[float | None, str | None]]) -> int:
    """Store a judge's scores (criterion → (score, note)); a blank score removes it."""
    require_judge(entry, judge)
    if not entry.competition.is_open:
        raise DomainError("Kompetisi sudah ditutup; nilai tidak dapat diubah.")
    out = [c for c, (s, _n) in values.items() if s is not None and not SCORE_MIN <= s <= SCORE_MAX]
    if out:
        raise DomainError(f"Nilai harus antara {SCORE_MIN:g} dan {SCORE_MAX:g}.")
    existing, changed = judge_scores(entry, judge), 0
    for criterion in (c["code"] for c in entry.competition.criteria):
        score, note = values.get(criterion, (None, None))
        row = existing.get(criterion)
        if score is None:
            if row is not None:
                entry.scores.remove(row)
                changed += 1
            continue
        if row is None:
            row = JudgeScore(judge_id=judge.id, criterion=criterion, score=score)
            entry.scores.append(row)
        changed += row.score != score or row.note != note or row.id is None
        row.score, row.note = score, (note or "").strip() or None
    db.session.flush()
    return changed


def ranking(competition: Competition) -> list[tuple[CompetitionEntry, EntryResult]]:
    """Return the competition's entries with their results, best first (two queries)."""
    entries = list(db.session.scalars(
        select(CompetitionEntry).where(CompetitionEntry.competition_id == competition.id)
        .options(selectinload(CompetitionEntry.scores),
                 selectinload(CompetitionEntry.innovation).selectinload(Innovation.unit))))
    criteria = [Criterion(c["code"], float(c["weight"])) for c in competition.criteria]
    rows = [(s.entry_id, s.judge_id, s.criterion, s.score) for e in entries for s in e.scores]
    judges = sorted(competition.judge_ids())
    by_id = {e.id: e for e in entries}
    return [(by_id[r.entry_id], r)
            for r in rank_entries(by_id, judges, criteria, rows)]
