"""Compute score runs in a background thread so the page can show progress.

The run row is committed first (status "running"); the thread computes it and commits the
scores, or marks the run failed with the reason when anything goes wrong — a dropped database
connection included — so a run is never left half-written and can simply be started again.
"""

import threading

from flask import Flask

from models import db
from models.base import utcnow
from models.scoring import ScoreRun

from .operations import execute_run


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
            db.session.rollback()
            _mark_failed(run_id, err)
        finally:
            db.session.remove()


def _mark_failed(run_id: int, err: Exception) -> None:
    run = db.session.get(ScoreRun, run_id)
    if run is None:
        return
    run.status, run.finished_at = "failed", utcnow()
    run.message = f"Perhitungan gagal: {err}. Mulai perhitungan baru untuk mencoba lagi."
    db.session.commit()
