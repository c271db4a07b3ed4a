"""Compute score runs in a background thread so the page can show progress.

The run row is committed first (status "running"); the thread computes it and commits the
scores, or marks the run failed with the reason when anything goes wrong — a dropped database
connection included — so a run is never left half-written and can simply be started again.

When even marking the run failed is impossible (the database is still down, or the worker
process was killed mid-run), the run would stay "running" for ever; `expire_stale_runs` ends
such runs as failed once they are older than RUN_STALE_MINUTES (default 60), and is called
whenever a run page is read or a new run is started.
"""

import threading
from datetime import timedelta

from flask import Flask, current_app
from sqlalchemy import update

from models import db
from models.base import utcnow
from models.scoring import ScoreRun

from .operations import execute_run

STALE_MESSAGE = ("Perhitungan terhenti tanpa selesai (server atau basis data dimulai ulang). "
                 "Mulai perhitungan baru untuk mencoba lagi.")


def launch(app: Flask, run_id: int) -> threading.Thread | None:
    """Compute the run in the background (or inline when RUNS_IN_BACKGROUND is off)."""
    if not app.config.get("RUNS_IN_BACKGROUND", True):
        _work(app, run_id)
        return None
    thread = threading.Thread(target=_work, args=(app, run_id), daemon=True,
                              name=f"score-run-{run_id}")
    thread.start()
    return thread


def _work(app: Flask, run_id: int) -> None:
    with app.app_context():
        run = db.session.get(ScoreRun, run_id)

        def report(percent: int) -> None:
            run.progress = percent
            db.session.commit()

        try:
            execute_run(run, report)
            db.session.commit()
        except Exception as err:  # noqa: BLE001  (any failure must end as a failed run)
            _fail(app, run_id, err)
        finally:
            db.session.remove()


def _fail(app: Flask, run_id: int, err: Exception) -> None:
    """Mark the run failed in a fresh session; if the database is still away, log it."""
    db.session.rollback()
    db.session.remove()  # drop the session (and a connection that may be dead) entirely
    try:
        _mark_failed(run_id, err)
    except Exception:  # noqa: BLE001  (expire_stale_runs ends the run later)
        db.session.rollback()
        app.logger.exception("score run %s failed and could not be marked failed", run_id)


def _mark_failed(run_id: int, err: Exception) -> None:
    run = db.session.get(ScoreRun, run_id)
    if run is None:
        return
    run.status, run.finished_at = "failed", utcnow()
    reason = str(err).splitlines()[0][:300] if str(err) else type(err).__name__
    run.message = f"Perhitungan gagal: {reason}. Mulai perhitungan baru untuk mencoba lagi."
    db.session.commit()


def expire_stale_runs(minutes: float | None = None) -> int:
    """End as failed every run still "running" after `minutes`; return how many (flushed)."""
    if minutes is None:
        minutes = current_app.config.get("RUN_STALE_MINUTES", 60)
    cutoff = utcnow() - timedelta(minutes=minutes)
    result = db.session.execute(
        update(ScoreRun).where(ScoreRun.status == "running", ScoreRun.started_at < cutoff)
        .values(status="failed", finished_at=utcnow(), message=STALE_MESSAGE)
        .execution_options(synchronize_session="fetch"))
    return result.rowcount
