"""Local competitions: set-up by admins, only assigned judges score, ranking with weights."""

from datetime import date

import pytest
from sqlalchemy import select

from evalsys.innovations import competitions
from models import db
from models.innovation import Competition, CompetitionEntry, Innovation, JudgeScore
from tests.conftest import login


def innovation(unit, name):
    row = Innovation(unit_id=unit.id, name=name, category="kesehatan", group="umum",
                     stage="penerapan", started_on=date(2020, 1, 6),
                     implemented_on=date(2020, 6, 1), sections={"ringkasan": "Ringkas."})
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def contest(client, make_unit, make_user):
    """An admin sets up a competition with two judges and two weighted criteria."""
    admin, judge1, judge2 = make_user("admin"), make_user("viewer"), make_user("leader")
    unit = make_unit()
    first, second = innovation(unit, "Antrean WA"), innovation(unit, "Jemput Bola")
    login(client, admin)
    response = client.post("/innovations/competitions/new", data={
        "name": "Lomba Inovasi 2025", "year": "2025", "criteria": "Kebaruan; 40\nEfektif; 60",
        "min_umum": "2", "min_replikasi": "1", "min_khusus": "2", "is_open": "y",
        "judge_ids": [str(judge1.id), str(judge2.id)]})
    assert response.status_code == 302
    comp = db.session.scalar(select(Competition))
    for item in (first, second):
        client.post(f"/innovations/competitions/{comp.id}/entries",
                    data={"innovation_id": str(item.id)})
    client.post("/auth/logout")
    entries = {e.innovation.name: e for e in db.session.scalars(select(CompetitionEntry))}
    return comp, entries, admin, judge1, judge2


def score(client, entry, kebaruan, efektif):
    return client.post(f"/innovations/entries/{entry.id}/score",
                       data={"score_kebaruan": kebaruan, "score_efektif": efektif})


def test_competition_set_up_with_weights_and_judges(contest):
    comp, entries, _admin, judge1, judge2 = contest
    assert comp.criteria == [{"code": "kebaruan", "name": "Kebaruan", "weight": 40.0},
                             {"code": "efektif", "name": "Efektif", "weight": 60.0}]
    assert comp.judge_ids() == {judge1.id, judge2.id}
    assert comp.reference_date == date(2025, 12, 31)
    assert set(entries) == {"Antrean WA", "Jemput Bola"}


def test_only_assigned_judges_score_and_only_their_own(client, contest, make_user):
    _comp, entries, admin, judge1, _judge2 = contest
    entry = entries["Antrean WA"]
    for outsider in (make_user("viewer"), admin):  # an admin who is not a judge is refused too
        login(client, outsider)
        assert client.get(f"/innovations/entries/{entry.id}/score").status_code == 403
        assert score(client, entry, "90", "90").status_code == 403
        client.post("/auth/logout")
    login(client, judge1)
    assert score(client, entry, "80", "70,5").status_code == 302
    rows = db.session.scalars(select(JudgeScore)).all()
    assert {(r.judge_id, r.criterion, r.score) for r in rows} == {
        (judge1.id, "kebaruan", 80.0), (judge1.id, "efektif", 70.5)}


def test_scores_out_of_range_or_not_numbers_are_refused(client, contest):
    _comp, entries, _admin, judge1, _judge2 = contest
    login(client, judge1)
    page = score(client, entries["Antrean WA"], "120", "50").get_data(as_text=True)
    assert "Nilai harus antara 0 dan 100." in page
    page = score(client, entries["Antrean WA"], "baik", "50").get_data(as_text=True)
    assert "Nilai bukan angka: Kebaruan" in page
    assert db.session.scalar(select(JudgeScore)) is None


def test_closed_competition_refuses_scores(client, contest):
    comp, entries, _admin, judge1, _judge2 = contest
    comp.is_open = False
    db.session.commit()
    login(client, judge1)
    page = score(client, entries["Antrean WA"], "80", "80").get_data(as_text=True)
    assert "Kompetisi sudah ditutup" in page


def test_ranking_uses_weights_and_reports_missing_judges(client, contest, make_user):
    comp, entries, _admin, judge1, judge2 = contest
    wa, jb = entries["Antrean WA"], entries["Jemput Bola"]
    login(client, judge1)
    score(client, wa, "90", "70")   # 0.4·90 + 0.6·70 = 78
    score(client, jb, "60", "90")   # 24 + 54 = 78 → tie broken by Efektif (heavier)
    client.post("/auth/logout")
    login(client, judge2)
    score(client, wa, "80", "")     # incomplete: not counted
    ranked = competitions.ranking(db.session.get(Competition, comp.id))
    result = {e.innovation.name: r for e, r in ranked}
    assert result["Jemput Bola"].rank == 1 and result["Antrean WA"].rank == 2
    assert result["Antrean WA"].score == pytest.approx(78.0)
    assert result["Antrean WA"].missing_judges == [judge2.id]
    page = client.get(f"/innovations/competitions/{comp.id}").get_data(as_text=True)
    assert "78,00" in page and "Juri belum lengkap" in page
    client.post("/auth/logout")
    login(client, make_user("viewer"))  # not a judge, not a leader: entries, no scores
    page = client.get(f"/innovations/competitions/{comp.id}").get_data(as_text=True)
    assert "Jemput Bola" in page and "78,00" not in page


def test_criteria_cannot_be_replaced_after_scoring_but_weights_can(client, contest):
    comp, entries, admin, judge1, judge2 = contest
    login(client, judge1)
    score(client, entries["Antrean WA"], "90", "70")
    client.post("/auth/logout")
    login(client, admin)
    form = {"name": comp.name, "year": "2025", "min_umum": "2", "min_replikasi": "1",
            "min_khusus": "2", "is_open": "y", "judge_ids": [str(judge1.id), str(judge2.id)]}
    page = client.post(f"/innovations/competitions/{comp.id}/edit",
                       data=dict(form, criteria="Dampak; 100")).get_data(as_text=True)
    assert "Kriteria tidak dapat diganti setelah juri memberi nilai" in page
    client.post(f"/innovations/competitions/{comp.id}/edit",
                data=dict(form, criteria="Kebaruan; 50\nEfektif; 50"))
    db.session.expire_all()
    assert [c["weight"] for c in db.session.get(Competition, comp.id).criteria] == [50, 50]


def test_duplicate_entry_and_bad_criteria_lines_are_refused(client, contest):
    comp, entries, admin, _judge1, _judge2 = contest
    login(client, admin)
    page = client.post(f"/innovations/competitions/{comp.id}/entries",
                       data={"innovation_id": str(entries["Antrean WA"].innovation_id)},
                       follow_redirects=True).get_data(as_text=True)
    assert "sudah terdaftar" in page
    page = client.post("/innovations/competitions/new", data={
        "name": "X", "year": "2025", "criteria": "Kebaruan 40", "min_umum": "2",
        "min_replikasi": "1", "min_khusus": "2"}).get_data(as_text=True)
    assert "baris 1: tulis" in page
