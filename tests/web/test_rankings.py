"""Scoring runs in the app: league table, explanation, official run, sandbox, API."""

import pytest
from sqlalchemy import select

from evalsys.rankings import operations
from evalsys.rankings.spec import framework_frame, prune
from models import db
from models.scoring import ScoreRun, UnitScore
from tests.conftest import login


@pytest.fixture
def scored(make_unit, make_period, make_indicator, make_value, make_user):
    """Three puskesmas with hand-checkable values on two indicators (one lower-is-better)."""
    units = [make_unit(code=f"PKM-{c}", name=f"Puskesmas {c}") for c in "ABC"]
    make_indicator(code="ipp", min_value=0, max_value=5)
    make_indicator(code="waktu_tunggu_menit", min_value=0, max_value=600, direction=-1)
    period = make_period()
    from models import Indicator

    ipp, wait = (db.session.scalar(select(Indicator).where(Indicator.code == c))
                 for c in ("ipp", "waktu_tunggu_menit"))
    for unit, (ipp_v, wait_v) in zip(units, [(4.0, 10.0), (3.0, 30.0), (2.0, 20.0)],
                                     strict=True):
        make_value(unit, period, ipp, ipp_v, "approved")
        make_value(unit, period, wait, wait_v, "submitted")
    leader = make_user("leader")
    return units, period, leader


def _scores(run):
    return {s.unit.code: s for s in db.session.scalars(
        select(UnitScore).where(UnitScore.run_id == run.id))}


def test_run_matches_a_hand_computation(scored):
    units, period, leader = scored
    run = operations.run_scheme(operations.ensure_default_scheme(), period, leader)
    db.session.commit()
    scores = _scores(run)
    # Only "penilaian" (ipp) and "akses" (waiting time) have data; each aspect is the single
    # indicator's min-max value, and the index is their weighted mean with weights 0.20 and
    # 0.10 renormalised to 2/3 and 1/3.
    # A: ipp 100, wait 100 → 100;  B: ipp 50, wait 0 → 33.33;  C: ipp 0, wait 50 → 16.67
    assert scores["PKM-A"].score == pytest.approx(100.0)
    assert scores["PKM-B"].score == pytest.approx(100 / 3)
    assert scores["PKM-C"].score == pytest.approx(50 / 3)
    assert [scores[c].rank for c in ("PKM-A", "PKM-B", "PKM-C")] == [1, 2, 3]
    for s in scores.values():
        assert sum(s.contributions.values()) == pytest.approx(s.score)
        assert s.rank_p05 <= s.rank <= s.rank_p95
    assert "kepuasan" in run.message  # parts without data are named, not silently dropped
    assert run.inputs["values"]["PKM-B"] == {"ipp": 3.0, "waktu_tunggu_menit": 30.0}


def test_drafts_do_not_count(scored, make_value):
    units, period, leader = scored
    from models import Indicator

    ikm = Indicator(code="ikm", name_id="IKM", name_en="IKM", direction=1,
                    unit_of_measure="poin", source="computed", min_value=25, max_value=100)
    db.session.add(ikm)
    db.session.commit()
    make_value(units[2], period, ikm, 99.0, "draft")
    run = operations.run_scheme(operations.ensure_default_scheme(), period, leader)
    assert "ikm" not in run.inputs["values"]["PKM-C"]


def test_league_table_and_explanation_pages(client, scored):
    units, period, leader = scored
    login(client, leader)
    response = client.post("/rankings/runs", data={"period": period.id})
    assert response.status_code == 302
    run = db.session.scalar(select(ScoreRun))
    league = client.get(response.headers["Location"]).get_data(as_text=True)
    assert league.index("Puskesmas A") < league.index("Puskesmas B") < league.index(
        "Puskesmas C")
    assert 'id="sensitivity"' in league and "membuang satu indikator" in league
    page = client.get(f"/rankings/runs/{run.id}/units/{units[1].id}?with={units[0].id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "peringkat 2 dari 3" in text
    assert "33,3" in text  # the score, in Indonesian format
    assert "C (Cukup)" in text  # IPP 3.00 with its PEKPPP category (2,51–3,00)
    assert 'id="comparison"' in text


def test_only_one_official_run_per_period_and_sandbox_never(client, scored):
    units, period, leader = scored
    scheme = operations.ensure_default_scheme()
    first = operations.run_scheme(scheme, period, leader)
    second = operations.run_scheme(scheme, period, leader)
    sandbox = operations.run_scheme(scheme, period, leader, sandbox=True)
    db.session.commit()
    operations.mark_official(first)
    operations.mark_official(second)
    db.session.commit()
    assert [r.is_official for r in (first, second)] == [False, True]
    with pytest.raises(Exception, match="simulasi"):
        operations.mark_official(sandbox)


def test_whatif_weights_run_in_a_sandbox(client, scored):
    units, period, leader = scored
    login(client, leader)
    client.post("/rankings/runs", data={"period": period.id})
    official = db.session.scalar(select(ScoreRun))
    client.post(f"/rankings/runs/{official.id}/official")
    scheme_id = official.scheme_id
    response = client.post(f"/rankings/schemes/{scheme_id}/whatif",
                           data={"period": period.id, "w-akses": "0,9", "w-penilaian": "0,1"})
    sandbox = db.session.scalar(select(ScoreRun).where(ScoreRun.is_sandbox.is_(True)))
    assert response.headers["Location"].endswith(f"/rankings/runs/{sandbox.id}")
    scores = _scores(sandbox)
    # Waiting time now weighs 0.9/(0.9+0.1): C (wait 20) overtakes B (wait 30).
    assert scores["PKM-C"].rank == 2 and scores["PKM-B"].rank == 3
    db.session.refresh(official)
    assert official.is_official and not sandbox.is_official


def test_rank_changes_and_explanation_of_change(client, scored, make_period, make_value):
    units, period, leader = scored
    from models import Indicator

    later = make_period(number=2)
    ipp, wait = (db.session.scalar(select(Indicator).where(Indicator.code == c))
                 for c in ("ipp", "waktu_tunggu_menit"))
    # In the later semester C improves its waiting time and overtakes B.
    for unit, (ipp_v, wait_v) in zip(units, [(4.0, 10.0), (3.0, 30.0), (2.5, 10.0)],
                                     strict=True):
        make_value(unit, later, ipp, ipp_v, "approved")
        make_value(unit, later, wait, wait_v, "approved")
    scheme = operations.ensure_default_scheme()
    operations.run_scheme(scheme, period, leader)
    run = operations.run_scheme(scheme, later, leader)
    db.session.commit()
    login(client, leader)
    league = client.get(f"/rankings/runs/{run.id}").get_data(as_text=True)
    assert "▲ 1" in league and "▼ 1" in league
    page = client.get(f"/rankings/runs/{run.id}/units/{units[2].id}").get_data(as_text=True)
    assert "naik 1 peringkat (3 → 2)" in page
    assert "Paling menaikkan: Indikator waktu_tunggu_menit (20,0 → 10,0)" in page


def test_viewer_cannot_start_runs(client, scored, make_user):
    units, period, _ = scored
    login(client, make_user("viewer"))
    assert client.post("/rankings/runs", data={"period": period.id}).status_code == 403


def test_prune_drops_empty_indicators_and_aspects():
    from evalsys.rankings.spec import default_spec

    spec = default_spec({"ipp": 1, "ikm": 1}, {})
    kept, dropped = prune(framework_frame(spec), {"ipp"})
    assert set(kept["code"]) == {"ikpp", "penilaian", "ipp"}
    assert "ikm" in dropped and "kepuasan" in dropped


def test_api_scores_and_explanation(client, scored):
    units, period, leader = scored
    run = operations.run_scheme(operations.ensure_default_scheme(), period, leader)
    db.session.commit()
    login(client, leader)
    body = client.get(f"/api/v1/runs/{run.id}/scores").json
    assert [row["unit_code"] for row in body["items"]] == ["PKM-A", "PKM-B", "PKM-C"]
    explanation = client.get(f"/api/v1/units/{units[1].id}/explanation?run={run.id}").json
    assert explanation["rank"] == 2
    assert sum(c["points"] for c in explanation["contributions"]) == pytest.approx(100 / 3)
    assert explanation["sentences"]


def test_runs_compute_in_the_background_with_progress(tmp_path, make_user):
    """With a real file database, the run page shows progress until the thread finishes."""
    import time

    from tests.conftest import PASSWORD, fresh_app

    with fresh_app(f"sqlite:///{tmp_path / 'bg.db'}", RUNS_IN_BACKGROUND=True) as app:
        from models import Indicator, IndicatorValue, Period, Unit, User

        period = Period.build("semester", 2025, 1)
        ipp = Indicator(code="ipp", name_id="IPP", name_en="IPP", direction=1,
                        unit_of_measure="skala", source="manual", min_value=0, max_value=5)
        db.session.add_all([period, ipp])
        for code, value in (("A", 4.0), ("B", 3.0)):
            unit = Unit(code=code, name=f"Unit {code}", level="unit", unit_type="upt")
            db.session.add(unit)
            db.session.add(IndicatorValue(unit=unit, period=period, indicator=ipp, value=value,
                                          status="approved"))
        leader = User(username="sekda", full_name="Sekda", role="leader")
        leader.set_password(PASSWORD, "pbkdf2:sha256:1000")
        db.session.add(leader)
        db.session.commit()
        client = app.test_client()
        login(client, leader)
        location = client.post("/rankings/runs", data={"period": period.id}).headers["Location"]
        deadline = time.monotonic() + 30
        page = client.get(location).get_data(as_text=True)
        while "<progress" in page and time.monotonic() < deadline:
            time.sleep(0.2)
            page = client.get(location).get_data(as_text=True)
        assert 'id="league"' in page and "Unit A" in page


def test_a_failed_run_is_marked_failed_with_its_reason(app, scored, monkeypatch):
    from evalsys.rankings import jobs

    units, period, leader = scored
    run = operations.create_run(operations.ensure_default_scheme(), period, leader)
    db.session.commit()

    def broken(*args, **kwargs):
        raise RuntimeError("koneksi basis data terputus")

    monkeypatch.setattr(jobs, "execute_run", broken)
    jobs.launch(app, run.id)
    db.session.expire_all()
    failed = db.session.get(ScoreRun, run.id)
    assert failed.status == "failed" and "koneksi basis data terputus" in failed.message
    assert not db.session.scalars(select(UnitScore).where(UnitScore.run_id == run.id)).all()


def test_admin_saves_new_scheme_version_and_old_runs_keep_theirs(client, scored, make_user):
    units, period, leader = scored
    old_run = operations.run_scheme(operations.ensure_default_scheme(), period, leader)
    db.session.commit()
    login(client, make_user("admin"))
    client.post(f"/rankings/schemes/{old_run.scheme_id}/whatif",
                data={"period": period.id, "w-akses": "0,9", "action": "save"})
    current = operations.ensure_default_scheme()
    assert current.version == 2
    assert next(r["weight"] for r in current.spec["framework"] if r["code"] == "akses") == 0.9
    db.session.refresh(old_run)
    assert next(r["weight"] for r in old_run.spec["framework"] if r["code"] == "akses") == 0.1


def test_leader_cannot_save_scheme_versions(client, scored):
    units, period, leader = scored
    scheme = operations.ensure_default_scheme()
    db.session.commit()
    login(client, leader)
    response = client.post(f"/rankings/schemes/{scheme.id}/whatif",
                           data={"period": period.id, "action": "save"})
    assert response.status_code == 403
