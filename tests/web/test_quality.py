"""Data-quality panel on a constructed dataset whose gaps, outlier and shortfalls are known.

Eight puskesmas and two desa in one period. The default scheme expects eleven indicators;
only `ipp` and `ombudsman_score` exist in this catalogue, so a complete unit has both.
- P1..P6 have both; P7 lacks ombudsman_score; P8 has nothing (0 %).
- ipp of the puskesmas: 3,0 3,1 3,2 3,3 3,4 3,5 and P7 = 0,4 (a typing slip for 4,0?):
  median 3,2, |dev| sorted 0 0,1 0,1 0,2 0,2 0,3 2,8 → MAD 0,2,
  Mz(P7) = 0,6745 × (0,4 − 3,2) / 0,2 = −9,44; the desa (ipp 0,5) are not its peers.
- Respondents: P1 has 100 of a K&M target of 278 (N = 1 000), P2 has 80 of 80 (N = 100),
  P3 has no population recorded (no target known).
- Status: 5 draft, 4 submitted, 6 approved (+2 desa approved).
"""

import pytest

from evalsys.quality import queries
from evalsys.surveys.questionnaire import ensure_regional
from models import db
from models.survey import SurveyResponse, SurveyTarget
from tests.conftest import login

IPP = [3.0, 3.1, 3.2, 3.3, 3.4, 3.5, 0.4]
STATUS = ["draft", "draft", "draft", "submitted", "submitted", "approved", "approved"]
OMB_STATUS = ["draft", "draft", "submitted", "submitted", "approved", "approved"]


@pytest.fixture
def dataset(make_unit, make_period, make_indicator, make_value):
    period = make_period(year=2025, number=1)
    ipp = make_indicator(code="ipp", min_value=0, max_value=5)
    omb = make_indicator(code="ombudsman_score")
    opd = make_unit(code="DINKES", name="Dinas Kesehatan", level="opd", unit_type="dinas")
    pkm = [make_unit(code=f"P{i}", name=f"Puskesmas {i}", parent=opd) for i in range(1, 9)]
    desa = [make_unit(code=f"D{i}", name=f"Desa {i}", unit_type="desa") for i in (1, 2)]
    for unit, value, status in zip(pkm, IPP, STATUS, strict=False):
        make_value(unit, period, ipp, value, status)
    for unit, status in zip(pkm[:6], OMB_STATUS, strict=True):
        make_value(unit, period, omb, 80.0 + unit.id % 5, status)
    for unit in desa:
        make_value(unit, period, ipp, 0.5, "approved")
        make_value(unit, period, omb, 60.0, "approved")
    _responses(pkm[0], period, 100, population=1000)
    _responses(pkm[1], period, 80, population=100)
    _responses(pkm[2], period, 12, population=None)
    return period, pkm, desa, opd


def _responses(unit, period, n, population):
    questionnaire = ensure_regional(period)
    db.session.add_all([SurveyResponse(unit_id=unit.id, period_id=period.id, channel="paper",
                                       questionnaire_id=questionnaire.id,
                                       u1=3, u2=3, u3=3, u4=3, u5=3, u6=3, u7=3, u8=3, u9=3)
                        for _ in range(n)])
    if population is not None:
        db.session.add(SurveyTarget(unit_id=unit.id, period_id=period.id,
                                    population=population))
    db.session.commit()


def test_summary_counts_what_a_leader_must_check(dataset):
    period, _pkm, _desa, _opd = dataset
    s = queries.summary(period)
    assert s["units"] == 10
    assert s["incomplete_units"] == 2  # P7 and P8
    assert s["missing_values"] == 3
    assert s["completeness_pct"] == pytest.approx(100 * 17 / 20)
    assert s["outliers"] == 1
    assert s["sample_short_units"] == 1
    assert (s["draft"], s["submitted"], s["approved"]) == (5, 4, 8)
    assert s["unapproved"] == 9


def test_panel_names_the_gaps_the_outlier_and_the_shortfall(dataset):
    period, pkm, _desa, _opd = dataset
    view = queries.panel(period)
    first, second = view.completeness[:2]
    assert (first["unit"].code, first["pct"]) == ("P8", 0.0)
    assert [i.code for i in second["missing"]] == ["ombudsman_score"]
    assert "ikm" in view.unknown_codes  # in the scheme, not in this catalogue
    (outlier,) = view.outliers
    assert (outlier["unit"].code, outlier["indicator"].code) == ("P7", "ipp")
    assert outlier["peer_median"] == pytest.approx(3.2)
    assert outlier["mz"] == pytest.approx(0.6745 * (0.4 - 3.2) / 0.2)
    assert outlier["status"] == "approved"
    (short,) = view.shortfalls
    assert (short["unit"].code, short["respondents"], short["target"]) == ("P1", 100, 278)
    assert view.no_population == len(view.units) - 2
    by_unit = {r["item"].code: r for r in view.status_units}
    assert (by_unit["P1"]["draft"], by_unit["P1"]["approved"]) == (2, 0)
    by_ind = {r["item"].code: r for r in view.status_indicators}
    assert (by_ind["ipp"]["draft"], by_ind["ipp"]["submitted"], by_ind["ipp"]["approved"]) \
        == (3, 2, 4)


def test_filters_narrow_to_an_opd_or_a_unit_type(dataset):
    period, _pkm, _desa, opd = dataset
    assert queries.summary(period, unit_type="desa")["units"] == 2
    assert queries.summary(period, unit_type="desa")["incomplete_units"] == 0
    assert queries.summary(period, opd_id=opd.id)["units"] == 8


def test_period_matrix_shows_earlier_periods(dataset, make_period, make_value):
    period, _pkm, _desa, _opd = dataset
    earlier = make_period(year=2024, number=2)
    view = queries.panel(period)
    assert [p.code for p in view.periods] == [earlier.code, period.code]
    cells = {u.code: c for u, c in view.matrix}
    assert cells["P1"] == [0.0, 100.0] and cells["P7"] == [0.0, 50.0]
    assert view.period_means == [0.0, pytest.approx(85.0)]


def test_the_page_shows_the_summary_to_a_leader(client, dataset, make_user):
    period, _pkm, _desa, _opd = dataset
    login(client, make_user("leader"))
    page = client.get(f"/quality/?period={period.id}").get_data(as_text=True)
    assert "2 dari 10 unit belum lengkap" in page and "1 pencilan" in page
    assert "1 unit kurang responden" in page and "9 nilai belum disetujui" in page
    assert "Puskesmas 7" in page and "-9,4" in page
    assert "/indicators/approvals" in page


def test_the_outlier_threshold_can_be_raised(client, dataset, make_user):
    period, _pkm, _desa, _opd = dataset
    login(client, make_user("viewer"))
    page = client.get(f"/quality/?period={period.id}&z=20").get_data(as_text=True)
    assert "0 pencilan" in page and "Tidak ada pencilan." in page
    assert "/indicators/approvals" not in page  # readers do not get the approval link


def test_only_the_schemes_indicators_are_checked_for_outliers(dataset, make_indicator,
                                                               make_value):
    period, pkm, _desa, _opd = dataset
    surplus = make_indicator(code="staff_surplus")  # auxiliary count, not in the scheme
    for unit, value in zip(pkm[:6], [1, 1, 1, 1, 1, 30], strict=True):
        make_value(unit, period, surplus, value, "approved")
    assert [o["indicator"].code for o in queries.panel(period).outliers] == ["ipp"]


def test_the_panel_does_not_query_per_unit(dataset, make_unit, make_value):
    from sqlalchemy import event

    period, _pkm, _desa, _opd = dataset
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        queries.panel(period)
        few = len(statements)
        for i in range(10):
            make_unit(code=f"X{i}", unit_type="desa")
        statements.clear()
        queries.panel(period)
        assert len(statements) == few
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
