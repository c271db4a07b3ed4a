"""Unit profile and drill-down on a small hand-made kabupaten: three puskesmas and a kecamatan.

ikm 2025-S1: A 70, B 80, C 90 (puskesmas), K 10 (kecamatan); 2024-S2: A 60, B 70, C 80, K 10.
Min–max over the four units puts A at (70 − 10) / (90 − 10) × 100 = 75.
"""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event, select

from evalsys.profiles import charts, profile
from evalsys.rankings import operations
from models import IndicatorValue, db
from models.complaint import Complaint
from models.innovation import Innovation
from models.proposal import Proposal
from models.scoring import UnitScore
from models.survey import Questionnaire, SurveyResponse
from models.target import IndicatorTarget
from tests.conftest import login
from tests.web.test_complaints_helpers import add_complaint, set_clock, text_of

IKM = {"A": (60, 70), "B": (70, 80), "C": (80, 90), "K": (10, 10)}
IPP = {"A": (3.0, 3.0), "B": (3.0, 4.0), "C": (3.0, 5.0), "K": (3.0, 2.0)}


@pytest.fixture
def world(app, make_unit, make_period, make_indicator, make_value):
    """Units, two periods of approved values, a run per period, a target for puskesmas."""
    units = {c: make_unit(code=f"PKM-{c}", name=f"Puskesmas {c}") for c in "ABC"}
    units["K"] = make_unit(code="KEC-K", name="Kecamatan K", unit_type="kecamatan")
    before, now = make_period(year=2024, number=2), make_period(year=2025, number=1)
    ikm = make_indicator(code="ikm", source="computed")
    ipp = make_indicator(code="ipp", min_value=0, max_value=5)
    for code, unit in units.items():
        for i, period in enumerate((before, now)):
            make_value(unit, period, ikm, IKM[code][i], "approved")
            make_value(unit, period, ipp, IPP[code][i], "approved")
    db.session.add(IndicatorTarget(indicator_id=ikm.id, year=2025, unit_type="puskesmas",
                                   target=87.5, source_document="Renstra Dinkes 2021–2026"))
    scheme = operations.ensure_default_scheme()
    operations.run_scheme(scheme, before, None)
    run = operations.run_scheme(scheme, now, None)
    db.session.commit()
    return {"units": units, "period": now, "before": before, "run": run, "ikm": ikm,
            "ipp": ipp}


def _row(page: str, code: str) -> str:
    """Return the text of the table row marked data-code=code."""
    start = page.index(f'data-code="{code}"')
    return " ".join(page[start:page.index("</tr>", start)].split())


def test_aspect_page_shows_values_weights_points_and_peer_medians(client, world, make_user):
    login(client, make_user("leader"))
    a, run = world["units"]["A"], world["run"]
    page = client.get(f"/profile/{a.id}/aspect/kepuasan?run={run.id}").get_data(as_text=True)
    stored = db.session.scalar(select(UnitScore).where(UnitScore.run_id == run.id,
                                                       UnitScore.unit_id == a.id))
    row = _row(page, "ikm")
    # raw 70, peer raw median 80 (puskesmas only), normalised 75, peer median of 75/87.5/100
    for figure in ("70,00", "80,00", "75,0", "87,5", "100%"):
        assert figure in row, (figure, row)
    points = f"{stored.contributions['ikm']:.2f}".replace(".", ",")
    assert points in row
    assert f'href="/profile/{a.id}/indicator/ikm?period={world["period"].id}"' in page
    assert client.get(f"/profile/{a.id}/aspect/nope?run={run.id}").status_code == 404


def test_rankings_unit_links_every_indicator_aspect_and_the_complaints(client, world, make_user):
    login(client, make_user("leader"))
    a, run, period = world["units"]["A"], world["run"], world["period"]
    page = client.get(f"/rankings/runs/{run.id}/units/{a.id}").get_data(as_text=True)
    assert f'href="/profile/{a.id}/complaints?period={period.id}"' in page
    assert "Lihat pengaduan di balik skor ini" in page
    for code, aspect in (("ikm", "kepuasan"), ("ipp", "penilaian")):
        row = page[page.index(f'data-code="{code}"'):]
        row = row[:row.index("</tr>")]
        assert f"/profile/{a.id}/indicator/{code}?period={period.id}" in row
        assert f"/profile/{a.id}/aspect/{aspect}?run={run.id}" in row


def _complaints(units):
    """A: two complaints in 2025-S1 (one on time, one late) and one in 2024-S2; B: one."""
    a, b = units["A"], units["B"]
    add_complaint(a, "2025-02-03 09:00", "normatif", [
        ("diverifikasi", "2025-02-03 10:00"), ("ditindaklanjuti", "2025-02-04 09:00"),
        ("selesai", "2025-02-06 09:00")], number="A-ONTIME")
    add_complaint(a, "2025-02-03 09:00", "ringan", [
        ("diverifikasi", "2025-02-03 10:00"), ("ditindaklanjuti", "2025-02-04 09:00"),
        ("selesai", "2025-02-10 09:00")], number="A-LATE")
    add_complaint(a, "2024-12-10 09:00", "normatif", [("selesai", "2024-12-11 09:00")],
                  number="A-OLD")
    add_complaint(b, "2025-03-03 09:00", "normatif", number="B-OTHER")


@pytest.fixture
def sla(make_indicator):
    """The complaint indicator the "complaints behind this score" link opens."""
    return make_indicator(code="sla_resolution_pct", source="computed")


def _complaint_rows(page: str) -> dict[str, str]:
    table = page[page.index('id="complaint-records"'):page.index("</table>")]
    rows = table.split("<tr data-complaint=")[1:]
    return {r.split("</a>")[0].rsplit(">", 1)[1]: " ".join(r.split()) for r in rows}


def test_complaints_behind_the_score_are_exactly_the_units_complaints_of_the_period(
        app, client, world, sla, make_user):
    _complaints(world["units"])
    set_clock(app, "2025-08-01 10:00")
    login(client, make_user("leader"))
    a, period = world["units"]["A"], world["period"]
    response = client.get(f"/profile/{a.id}/complaints?period={period.id}")
    page = response.get_data(as_text=True)
    rows = _complaint_rows(page)
    assert set(rows) == {"A-ONTIME", "A-LATE"}
    assert "tepat waktu" in rows["A-ONTIME"] and "terlambat" in rows["A-LATE"]
    ids = dict(db.session.execute(select(Complaint.tracking_number, Complaint.id)).all())
    assert f'href="/complaints/{ids["A-LATE"]}"' in page
    assert "Diverifikasi" in rows["A-LATE"]  # the timeline
    assert "1 selesai tepat waktu, 1 terlambat" in " ".join(page.split())


def test_the_complaint_list_costs_the_same_queries_for_more_complaints(app, client, world, sla,
                                                                       make_user):
    set_clock(app, "2025-08-01 10:00")
    login(client, make_user("leader"))
    a, period = world["units"]["A"], world["period"]
    url = f"/profile/{a.id}/complaints?period={period.id}"

    def queries() -> int:
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    _complaints(world["units"])
    few = queries()
    for day in range(10, 20):
        add_complaint(a, f"2025-03-{day} 09:00", "normatif",
                      [("diverifikasi", f"2025-03-{day} 10:00")], number=f"A-MORE-{day}")
    assert queries() == few


def test_without_complaint_indicators_the_link_opens_the_filtered_register(client, world,
                                                                          make_user):
    login(client, make_user("viewer"))
    a, period = world["units"]["A"], world["period"]
    response = client.get(f"/profile/{a.id}/complaints?period={period.id}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/complaints/?unit={a.id}&period={period.id}"


def test_profile_shows_value_peers_target_trend_and_explanation(client, world, make_user):
    login(client, make_user("viewer"))
    a, period = world["units"]["A"], world["period"]
    page = client.get(f"/profile/{a.id}?period={period.id}").get_data(as_text=True)
    row = _row(page, "ikm")
    # peers = the three puskesmas (the kecamatan is not a peer): median 80, quartiles 75–85
    for figure in ("70,00", "80,00", "75,00–85,00", "(n=3)", "lebih buruk dari median",
                   "87,50", "80,0%"):
        assert figure in row, (figure, row)
    assert "lebih baik dari 17% unit sejenis" in row  # 0 worse, 1 tie of 3 → 1/6
    assert "peringkat" in text_of(page, "why")
    assert "Belum ada usulan" in text_of(page, "proposals")
    assert 'id="trend-chart"' in page and 'id="innovations"' in page
    assert "window.print()" in page


def test_trend_frames_give_the_unit_and_peer_median_per_period(world):
    a = world["units"]["A"]
    data = profile.build(a, world["period"])
    trend, peer = profile.trend_frames(data, [world["period"], world["before"]])
    ikm = trend[trend["indicator"] == "Indikator ikm"]
    assert ikm["period"].tolist() == ["2024-S2", "2025-S1"]
    assert ikm["value"].tolist() == [60.0, 70.0]
    assert peer[peer["indicator"] == "Indikator ikm"]["median"].tolist() == [70.0, 80.0]
    fig = charts.trend_multiples(trend, peer, a.name, "median")
    assert len(fig.data) == 4  # two panels × (unit, peer median)
    assert list(fig.data[1].y) == [60.0, 70.0]


def test_proposals_history_lists_the_units_proposals(client, world, make_user):
    a, run = world["units"]["A"], world["run"]
    db.session.add(Proposal(run_id=run.id, period_id=run.period_id, unit_id=a.id,
                            kind="coaching", title="Pembinaan pengelolaan pengaduan",
                            evidence=[], legal_basis="PP 96/2012", detail={}))
    db.session.commit()
    login(client, make_user("viewer"))
    page = client.get(f"/profile/{a.id}?period={run.period_id}").get_data(as_text=True)
    assert "Pembinaan pengelolaan pengaduan" in text_of(page, "proposals")


def test_manual_indicator_shows_who_entered_changed_and_approved(client, world, make_user):
    a, period, ipp = world["units"]["A"], world["period"], world["ipp"]
    leader = make_user("leader")
    leader.full_name = "Ibu Kepala"
    value = db.session.scalar(select(IndicatorValue).where(
        IndicatorValue.unit_id == a.id, IndicatorValue.period_id == period.id,
        IndicatorValue.indicator_id == ipp.id))
    value.value = 3.5
    value.approved_by_id, value.approved_at = leader.id, datetime(2025, 7, 1, tzinfo=UTC)
    db.session.commit()
    login(client, make_user("viewer"))
    page = client.get(f"/profile/{a.id}/indicator/ipp?period={period.id}").get_data(as_text=True)
    assert "3,50" in text_of(page, "indicator-value")
    assert "Ibu Kepala" in text_of(page, "provenance")
    history = text_of(page, "history")
    assert "value: 3.0" in history and "value: 3.5" in history


def test_survey_answers_hide_the_respondent_from_users_outside_the_unit(client, world,
                                                                       make_user):
    a, b, period = world["units"]["A"], world["units"]["B"], world["period"]
    questionnaire = Questionnaire(period_id=period.id, title="SKM 2025")
    db.session.add(questionnaire)
    db.session.flush()
    answers = {f"u{i}": 3 for i in range(1, 10)}
    db.session.add_all([SurveyResponse(unit_id=u.id, period_id=period.id,
                                       questionnaire_id=questionnaire.id, channel="paper",
                                       gender="P", age_band="30-39", **answers)
                        for u in (a, a, b)])
    db.session.commit()
    url = f"/profile/{a.id}/indicator/ikm?period={period.id}"
    login(client, make_user("viewer"))
    page = client.get(url).get_data(as_text=True)
    table = text_of(page, "survey-records")
    assert "30-39" not in table
    table_html = page[page.index('id="survey-records"'):]
    assert table_html[:table_html.index("</table>")].count("<tr>") == 3  # header + A's two
    client.post("/auth/logout")
    login(client, make_user("evaluator", units=[a]))
    assert "30-39" in text_of(client.get(url).get_data(as_text=True), "survey-records")


def test_profile_lists_the_units_innovations_with_their_eligibility(client, world, make_user):
    a, period = world["units"]["A"], world["period"]
    db.session.add(Innovation(unit_id=a.id, name="ANTRI-WA", category="kesehatan",
                              group="umum", stage="uji_coba", started_on=date(2024, 1, 2),
                              sections={}))
    db.session.commit()
    login(client, make_user("viewer"))
    page = client.get(f"/profile/{a.id}?period={period.id}").get_data(as_text=True)
    block = text_of(page, "innovations")
    assert "ANTRI-WA" in block and "Uji coba" in block and "Belum layak" in block
