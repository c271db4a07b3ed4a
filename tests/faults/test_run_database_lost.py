"""A score run whose database goes away ends as failed, never half-written, and is retriable.

Two ways to lose the database mid-run: its connection dies (PostgreSQL: the backend is
terminated with pg_terminate_backend from another connection, as on a database restart;
SQLite: the connection is closed under the run), or the worker computing the run is killed.
"""

from sqlalchemy import func, select, text

from evalsys.rankings import jobs, operations
from models import User, db
from models.scoring import ScoreRun, UnitScore
from tests.conftest import login
from tests.faults.conftest import add_user, scored_period, stall_and_kill


def _scores(run_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(UnitScore)
                             .where(UnitScore.run_id == run_id))


def _drop_connection() -> None:
    """Kill the connection the run's session is using, from outside the run."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar()
        with db.engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            other.commit()
    else:
        connection.connection.dbapi_connection.close()


def test_connection_lost_mid_run_marks_it_failed_and_a_retry_succeeds(durable_app,
                                                                       monkeypatch):
    period = scored_period()
    scheme = operations.ensure_default_scheme()
    run = operations.create_run(scheme, period, None)
    db.session.commit()
    real_step = operations._uncertainty

    def step_during_which_the_database_restarts(*args, **kwargs):
        _drop_connection()
        return real_step(*args, **kwargs)

    monkeypatch.setattr(operations, "_uncertainty", step_during_which_the_database_restarts)
    jobs.launch(durable_app, run.id)
    monkeypatch.undo()
    db.session.remove()
    failed = db.session.get(ScoreRun, run.id)
    assert failed.status == "failed" and failed.finished_at is not None
    assert failed.message.startswith("Perhitungan gagal:") and "coba lagi" in failed.message
    assert _scores(run.id) == 0
    retry = operations.create_run(failed.scheme, failed.period, None)
    db.session.commit()
    jobs.launch(durable_app, retry.id)
    db.session.remove()
    assert db.session.get(ScoreRun, retry.id).status == "done" and _scores(retry.id) == 3


def test_worker_killed_mid_run_is_expired_as_failed_and_retriable(durable_app, durable_url,
                                                                   tmp_path):
    period_id = scored_period().id
    add_user("leader", "pimpinan")
    db.session.remove()
    stall_and_kill("run", durable_url, tmp_path / "marker", period_id)
    orphan = db.session.scalars(select(ScoreRun)).one()
    assert (orphan.status, orphan.progress, _scores(orphan.id)) == ("running", 30, 0)
    client = durable_app.test_client()
    login(client, db.session.scalar(select(User).where(User.username == "pimpinan")))
    assert "<progress" in client.get(f"/rankings/runs/{orphan.id}").get_data(as_text=True)
    durable_app.config["RUN_STALE_MINUTES"] = 0  # as if an hour had passed
    page = client.get(f"/rankings/runs/{orphan.id}").get_data(as_text=True)
    db.session.remove()
    orphan = db.session.get(ScoreRun, orphan.id)
    assert orphan.status == "failed" and orphan.message == jobs.STALE_MESSAGE
    assert "Mulai perhitungan baru" in page
    location = client.post("/rankings/runs", data={"period": period_id}).headers["Location"]
    assert 'id="league"' in client.get(location).get_data(as_text=True)
    assert db.session.scalars(select(ScoreRun.status).order_by(ScoreRun.id)).all() == [
        "failed", "done"]
