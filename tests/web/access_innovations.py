"""Access expectations for the innovation registry and competitions (merged by
test_access_control.py).

Reading is open to every signed-in user; changing an innovation, its indicators and evidence
is "scoped" (admins and the unit's own evaluators); competitions are set up by admins.
Scoring is allowed only to the competition's assigned judges: make_args makes the leader and
the admin judges, so the walk sees the "leader" pattern (viewer and evaluator get 403). That
an admin who is not a judge is refused is tested in test_innovations_competition.py.
The walk goes in endpoint order: "evidence" is served before "remove_evidence", and
"judge_score" runs before "remove_entry".
"""

import atexit
import io
import shutil
import tempfile
from datetime import date

from flask import current_app

from evalsys.innovations import uploads
from models import db
from models.innovation import (
    Competition,
    CompetitionEntry,
    CompetitionJudge,
    Innovation,
    InnovationEvidence,
    InnovationIndicator,
)
from scoring.innovation import DEFAULT_CRITERIA, MIN_YEARS_2021

EXPECT: dict[tuple[str, str], str] = {
    ("innovations.index", "GET"): "login",
    ("innovations.create", "GET"): "evaluator",
    ("innovations.create", "POST"): "evaluator",
    ("innovations.detail", "GET"): "login",
    ("innovations.edit", "GET"): "scoped",
    ("innovations.edit", "POST"): "scoped",
    ("innovations.add_indicator", "POST"): "scoped",
    ("innovations.remove_indicator", "POST"): "scoped",
    ("innovations.add_evidence", "POST"): "scoped",
    ("innovations.evidence", "GET"): "login",
    ("innovations.remove_evidence", "POST"): "scoped",
    ("innovations.dossier_pdf", "GET"): "login",
    ("innovations.dossier_docx", "GET"): "login",
    ("innovations.dossier_zip", "GET"): "login",
    ("api.innovation_dossier", "GET"): "login",
    ("innovations.competitions_index", "GET"): "login",
    ("innovations.competition", "GET"): "login",
    ("innovations.competition_new", "GET"): "admin",
    ("innovations.competition_new", "POST"): "admin",
    ("innovations.competition_edit", "GET"): "admin",
    ("innovations.competition_edit", "POST"): "admin",
    ("innovations.add_entry", "POST"): "admin",
    ("innovations.remove_entry", "POST"): "admin",
    ("innovations.judge_score", "GET"): "leader",  # assigned judges: leader and admin here
    ("innovations.judge_score", "POST"): "leader",
}
BODIES: dict[str, dict] = {}
PDF = b"%PDF-1.4\n% evalsys test\n%%EOF\n"


def _innovation(unit, name: str) -> Innovation:
    return Innovation(unit_id=unit.id, name=name, category="kesehatan", group="umum",
                      stage="penerapan", started_on=date(2021, 1, 4),
                      implemented_on=date(2021, 7, 1), sections={"ringkasan": "Antrean daring."})


def make_args(target_unit, period, users) -> dict:
    """Create two innovations on the target unit (one entered), evidence and a competition."""
    folder = tempfile.mkdtemp(prefix="evalsys-inov-access-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    # Its own setting: access_standards.py points UPLOAD_DIR elsewhere after this runs.
    current_app.config["INNOVATION_UPLOAD_DIR"] = folder
    innovation, spare = _innovation(target_unit, "Antrean WA"), _innovation(target_unit, "Lain")
    innovation.indicators = [InnovationIndicator(label="Waktu tunggu", unit_of_measure="menit",
                                                 direction=-1, before_value=45, after_value=20)]
    stored = uploads.save(io.BytesIO(PDF), "sk.pdf")
    innovation.evidence = [InnovationEvidence(
        kind="sk", title="SK Inovasi", stored_name=stored.stored_name,
        original_name=stored.original_name, content_type=stored.content_type,
        size_bytes=stored.size_bytes)]
    competition = Competition(name="Lomba Inovasi 2025", year=2025,
                              criteria=[dict(c) for c in DEFAULT_CRITERIA],
                              min_years=dict(MIN_YEARS_2021), reference_date=date(2025, 12, 31),
                              is_open=True)
    competition.judges = [CompetitionJudge(user_id=users[r].id) for r in ("leader", "admin")]
    entry = CompetitionEntry(competition=competition, innovation=innovation)
    db.session.add_all([innovation, spare, competition, entry])
    db.session.commit()
    _bodies(target_unit, users, spare)
    return {"innovation_id": innovation.id, "inov_indicator_id": innovation.indicators[0].id,
            "inov_evidence_id": innovation.evidence[0].id, "competition_id": competition.id,
            "entry_id": entry.id, "kind": "docx"}


def _bodies(unit, users, spare) -> None:
    """Fill BODIES with valid posts, so an allowed role really changes something."""
    profile = {"name": "Antrean WA", "category": "kesehatan", "group": "umum",
               "stage": "penerapan", "started_on": "2021-01-04", "implemented_on": "2021-07-01",
               "s_ringkasan": "Antrean daring lewat WhatsApp."}
    competition = {"name": "Lomba Inovasi 2025", "year": "2025",
                   "criteria": "Kebaruan; 20\nEfektif; 20\nBermanfaat; 20\n"
                               "Mudah disebarkan (dapat direplikasi); 20\nBerkelanjutan; 20",
                   "min_umum": "2", "min_replikasi": "1", "min_khusus": "2", "is_open": "y",
                   "judge_ids": [str(users["leader"].id), str(users["admin"].id)]}
    BODIES.clear()
    BODIES.update({
        "innovations.create": {"data": dict(profile, name="Inovasi baru",
                                            unit_id=str(users["evaluator_other"].units[0].id))},
        "innovations.edit": {"data": dict(profile, unit_id=str(unit.id))},
        "innovations.add_indicator": {"data": {"label": "IKM", "before_value": "78,5",
                                               "after_value": "86"}},
        "innovations.add_evidence": {"data": {"kind": "video", "title": "Video",
                                              "url": "https://www.youtube.com/watch?v=abc"}},
        "innovations.competition_new": {"data": dict(competition, name="Lomba 2026",
                                                     year="2026")},
        "innovations.competition_edit": {"data": competition},
        "innovations.add_entry": {"data": {"innovation_id": str(spare.id)}},
        "innovations.judge_score": {"data": {"score_kebaruan": "80", "score_efektif": "85,5"}},
    })
