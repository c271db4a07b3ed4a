"""The scale generator at a tiny size: counts, determinism, refusal, and a full round on it."""

import copy

from sqlalchemy import func, select

from evalsys.complaints.computed import recompute_indicators
from evalsys.rankings import operations
from evalsys.scale import Size, generate
from evalsys.scale_cli import init_app
from evalsys.standards.coverage import recompute as recompute_coverage
from evalsys.surveys.operations import recompute_ikm
from evalsys.workforce.staffing import refresh_staffing
from models import Indicator, IndicatorValue, Period, Unit, User, db
from models.complaint import Complaint, ComplaintEvent
from models.scoring import UnitScore
from models.survey import SurveyResponse
from models.workforce import Staff, WorkloadTask
from tests.conftest import fresh_app

TINY = Size(units=30, responses=2_000, complaints=300, staff=200, periods=2, seed=7,
            password="scale-password-1")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _fingerprint() -> tuple:
    """Return a digest of the generated content that ignores timestamps of the load."""
    return (
        db.session.execute(select(Unit.code, Unit.unit_type, Unit.parent_id).order_by(Unit.id))
        .all(),
        db.session.execute(select(SurveyResponse.unit_id, SurveyResponse.u1,
                                  SurveyResponse.u9, SurveyResponse.submitted_at)
                           .order_by(SurveyResponse.id)).all(),
        db.session.execute(select(ComplaintEvent.complaint_id, ComplaintEvent.status,
                                  ComplaintEvent.at).order_by(ComplaintEvent.id)).all(),
        db.session.execute(select(Staff.nip, Staff.unit_id).order_by(Staff.id)).all())


def test_tiny_size_has_the_requested_counts(app):
    generate(TINY, echo=lambda _: None)
    db.session.commit()
    assert _count(Unit.__table__.select().where(Unit.level == "unit").subquery()) == 30
    assert _count(SurveyResponse) == 2_000
    assert _count(Complaint) == 300
    assert _count(ComplaintEvent) > 300  # every complaint has at least its "diterima" event
    assert _count(Staff) == 200
    assert _count(WorkloadTask) > 0
    assert _count(Period) == 2
    assert db.session.scalar(select(User).where(User.role == "leader")) is not None
    first = db.session.execute(select(ComplaintEvent.complaint_id, func.min(ComplaintEvent.status))
                               .group_by(ComplaintEvent.complaint_id)).all()
    assert len(first) == 300


def test_same_seed_same_data(database_url):
    digests = []
    for _ in range(2):
        with fresh_app(database_url):
            generate(TINY, echo=lambda _: None)
            db.session.commit()
            digests.append(_fingerprint())
    assert digests[0] == digests[1]


def test_refuses_a_database_with_units(app, make_unit, runner):
    init_app(app)
    make_unit()
    db.session.commit()
    before = _count(Unit)
    result = runner.invoke(args=["generate-scale", "--units", "5", "--responses", "10",
                                 "--complaints", "5", "--staff", "5", "--periods", "1"])
    assert result.exit_code != 0
    assert "empty database" in result.output
    assert _count(Unit) == before


def test_command_fills_an_empty_database(app, runner):
    init_app(app)
    result = runner.invoke(args=["generate-scale", "--units", "12", "--responses", "300",
                                 "--complaints", "40", "--staff", "30", "--periods", "2"])
    assert result.exit_code == 0, result.output
    assert "survey_response" in result.output
    assert _count(SurveyResponse) == 300


def test_indicators_and_a_scoring_run_succeed(app):
    generate(TINY, echo=lambda _: None)
    db.session.commit()
    period = db.session.scalar(select(Period).where(Period.is_locked.is_(False)))
    assert recompute_ikm(period)["units"] == 30
    assert recompute_indicators(period) > 0
    assert recompute_coverage(period) > 0
    assert refresh_staffing() > 0
    db.session.commit()
    computed = db.session.scalars(select(Indicator.code).join(
        IndicatorValue, IndicatorValue.indicator_id == Indicator.id).where(
        IndicatorValue.period_id == period.id, IndicatorValue.value.is_not(None)).distinct())
    assert {"ikm", "sla_response_pct", "sp_coverage_pct", "staffing_ratio"} <= set(computed)
    leader = db.session.scalar(select(User).where(User.role == "leader"))
    scheme = operations.ensure_default_scheme(leader)
    spec = copy.deepcopy(scheme.spec)
    spec["uncertainty"]["n_samples"] = 50
    run = operations.run_scheme(scheme, period, leader, spec=spec)
    assert run.status == "done"
    scores = db.session.scalar(select(func.count()).select_from(UnitScore)
                               .where(UnitScore.run_id == run.id))
    assert scores == 30
