"""Build all unit cards of a run as a ZIP in a background thread (see evalsys.exports).

The job is keyed on the run's id and start time (and the database), so a rebuilt or restored
run never gets another run's ZIP.
"""

from pathlib import Path

from flask import Flask, current_app

from models import db
from models.scoring import ScoreRun

from .. import exports
from . import builders


def _key(app: Flask, run: ScoreRun) -> str:
    return exports.key(app, f"kartu-run{run.id}", run.id, run.started_at.isoformat())


def zip_path(app: Flask, run: ScoreRun) -> Path:
    """Return where the run's ZIP of unit cards is (or will be) stored."""
    return exports.zip_path(app, _key(app, run))


def state(app: Flask, run: ScoreRun) -> dict | None:
    """Return the job's state: status running|done|failed, done, total, message; or None."""
    return exports.state(app, _key(app, run))


def start(run: ScoreRun) -> bool:
    """Start building the run's card ZIP unless a build is already running; say if started."""
    run_id = run.id

    def build(progress: exports.Progress) -> bytes:
        return builders.unit_cards_zip(db.session.get(ScoreRun, run_id), progress)

    return exports.start(_key(current_app, run), build, "Pembuatan rapor gagal",
                         name=f"unit-cards-{run_id}")
