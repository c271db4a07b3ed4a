"""Build all unit cards of a run as a ZIP in a background thread, with progress in a file.

The job's state lives in a small JSON file beside the ZIP under instance/exports/, not in a
table: the ZIP is a disposable copy of numbers already in the database (an immutable run), so
losing it costs a rebuild and nothing else, and no migration is needed. The file name carries
a hash of the database address and the run's start time, because run ids repeat across
databases (tests, restores) and a stale ZIP must never be served for another run.
A job that stops reporting for STALE_AFTER (a restarted server) may be started again.
"""

import hashlib
import json
import os
import tempfile
import threading
import time
from pathlib import Path

from flask import Flask, current_app

from models import db
from models.scoring import ScoreRun

from . import builders

STALE_AFTER = 600  # seconds without progress before a "running" job counts as abandoned


def export_dir(app: Flask) -> Path:
    """Return the folder of finished exports (EXPORT_DIR, else instance/exports).

    Tests without EXPORT_DIR write under the system's temporary folder, not instance/.
    """
    default = Path(tempfile.gettempdir()) / "evalsys-test-exports" if app.testing \
        else Path(app.instance_path) / "exports"
    folder = Path(app.config.get("EXPORT_DIR") or default)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _key(app: Flask, run: ScoreRun) -> str:
    seed = f"{app.config['SQLALCHEMY_DATABASE_URI']}|{run.id}|{run.started_at.isoformat()}"
    return f"kartu-run{run.id}-{hashlib.sha256(seed.encode()).hexdigest()[:12]}"


def zip_path(app: Flask, run: ScoreRun) -> Path:
    """Return where the run's ZIP of unit cards is (or will be) stored."""
    return export_dir(app) / f"{_key(app, run)}.zip"


def state(app: Flask, run: ScoreRun) -> dict | None:
    """Return the job's state: status running|done|failed, done, total, message; or None."""
    path = export_dir(app) / f"{_key(app, run)}.json"
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if data.get("status") == "running" and time.time() - data.get("updated", 0) > STALE_AFTER:
        data.update(status="failed", message="Pembuatan berhenti (server dimulai ulang?).")
    return data


def _write_state(app: Flask, run: ScoreRun, **data) -> None:
    path = export_dir(app) / f"{_key(app, run)}.json"
    _atomic_write(path, json.dumps({**data, "updated": time.time()}).encode())


def _atomic_write(path: Path, content: bytes) -> None:
    """Write to a temporary file and rename, so a reader never sees half a file."""
    temp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    temp.write_bytes(content)
    os.replace(temp, path)


def start(run: ScoreRun) -> bool:
    """Start building the run's card ZIP unless a build is already running; say if started."""
    app = current_app._get_current_object()
    current = state(app, run)
    if current and current["status"] == "running":
        return False
    _write_state(app, run, status="running", done=0, total=0, message=None)
    if not app.config.get("RUNS_IN_BACKGROUND", True):
        _build(app, run)  # tests: inline, in the caller's session
        return True
    threading.Thread(target=_work, args=(app, run.id), daemon=True,
                     name=f"unit-cards-{run.id}").start()
    return True


def _work(app: Flask, run_id: int) -> None:
    # A request context: the PDFs are rendered with Babel, whose locale comes from a request.
    with app.test_request_context("/"):
        try:
            _build(app, db.session.get(ScoreRun, run_id))
        finally:
            db.session.remove()


def _build(app: Flask, run: ScoreRun) -> None:
    counts = {"done": 0, "total": 0}

    def progress(done: int, total: int) -> None:
        counts.update(done=done, total=total)
        _write_state(app, run, status="running", message=None, **counts)

    try:
        content = builders.unit_cards_zip(run, progress)
        _atomic_write(zip_path(app, run), content)
        _write_state(app, run, status="done", message=None, size=len(content), **counts)
    except Exception as err:  # noqa: BLE001  (any failure must end as a failed job)
        _write_state(app, run, status="failed", message=f"Pembuatan rapor gagal: {err}",
                     **counts)
