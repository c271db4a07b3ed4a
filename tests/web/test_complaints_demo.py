"""The demo complaints: volume, Idul Fitri straddlers, pauses, open backlog, SLA indicators."""

import time
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from evalsys.demo.seed import DEMO_PASSWORD, DEMO_USERS
from models import IndicatorValue, Period, Unit, db
from models.complaint import Complaint, ComplaintEvent, HolidayAdjustment, UnitWorkWeek
from tests.conftest import fresh_app

CUTI_2024 = [date(2024, 4, d) for d in (8, 9, 10, 11, 12, 15)]
CUTI_2025 = [date(2025, 3, 28), date(2025, 3, 31)] + [date(2025, 4, d) for d in (1, 2, 3, 4, 7)]


@pytest.fixture(scope="module")
def demo(database_url):
    with fresh_app(database_url) as app:
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        yield app


def _count(query):
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def test_volume_channels_and_life_cycles(demo):
    complaints = _count(select(Complaint.id))
    events = _count(select(ComplaintEvent.id))
    assert 3000 <= complaints <= 6000 and events >= 4 * complaints
    channels = dict(db.session.execute(select(Complaint.channel, func.count())
                                       .group_by(Complaint.channel)).all())
    assert max(channels, key=channels.get) == "sp4n_lapor" and len(channels) == 7
    statuses = dict(db.session.execute(select(Complaint.status, func.count())
                                       .group_by(Complaint.status)).all())
    assert set(statuses) == {"diterima", "diverifikasi", "didisposisikan", "ditindaklanjuti",
                             "perlu_kelengkapan", "selesai", "ditutup", "bukan_wewenang",
                             "diarsipkan"}
    resumed = select(ComplaintEvent.complaint_id).where(
        ComplaintEvent.status == "perlu_kelengkapan").distinct()
    assert _count(resumed) > 100  # paused waiting for the complainant, most then resumed
    assert _count(select(UnitWorkWeek.id)) >= 8 and _count(select(HolidayAdjustment.id)) == 2


@pytest.mark.parametrize("eve, cuti", [
    ((datetime(2024, 4, 3), datetime(2024, 4, 6)), CUTI_2024),
    ((datetime(2025, 3, 25), datetime(2025, 3, 28)), CUTI_2025),
])
def test_complaints_straddle_idul_fitri_and_wait_out_cuti_bersama(demo, eve, cuti):
    rows = db.session.execute(
        select(ComplaintEvent.at).join(Complaint)
        .where(Complaint.received_at >= eve[0], Complaint.received_at < eve[1],
               ComplaintEvent.status != "diterima")).scalars().all()
    assert len(rows) > 30
    assert not [at for at in rows if at.date() in cuti]  # nobody works on cuti bersama
    assert any(at.date() > cuti[-1] for at in rows)


def test_sla_indicators_exist_for_every_period_with_provenance(demo):
    for period in db.session.scalars(select(Period)):
        values = db.session.scalars(select(IndicatorValue).join(IndicatorValue.indicator).where(
            IndicatorValue.period_id == period.id,
            IndicatorValue.indicator.has(code="sla_resolution_pct"))).all()
        scored = [v.value for v in values if v.value is not None]
        assert len(scored) >= 55, period.code
        assert min(scored) < 50 < max(scored)  # weak and strong units
        assert values[0].provenance["as_of"] == period.end_date.isoformat()
        assert values[0].provenance["calendar_adjustments"] == 2
    assert db.session.scalar(select(Period.is_locked).where(Period.code == "2024-S1"))


def test_pages_render_for_every_demo_user_and_the_dashboard_is_quick(demo):
    app = demo
    unit_id = db.session.scalar(select(Unit.id).where(Unit.code == "DINKES-PKM-SUKAMAJU"))
    straddler = db.session.scalar(select(Complaint.id).where(
        Complaint.received_at >= datetime(2025, 3, 26), Complaint.unit_id == unit_id))
    period_ids = db.session.scalars(select(Period.id)).all()
    pages = ["/complaints/", "/complaints/?overdue=1", f"/complaints/{straddler}",
             "/complaints/due", f"/complaints/sla/{unit_id}", "/complaints/calendar",
             "/complaints/policy", "/complaints/import", "/complaints/new"]
    pages += [f"/complaints/sla?period={p}" for p in period_ids]
    for username, *_ in DEMO_USERS:
        client = app.test_client()
        client.post("/auth/login", data={"username": username, "password": DEMO_PASSWORD})
        for page in pages:
            status = client.get(page).status_code
            assert status in (200, 403), f"{page} as {username}: {status}"
    started = time.perf_counter()
    assert client.get(f"/complaints/sla?period={period_ids[-1]}").status_code == 200
    assert time.perf_counter() - started < 3.0
