"""Build a ZIP export in a background thread, with its progress in a JSON file beside it.

Shared by the unit-card ZIP (reports) and the letter drafts ZIP (proposals). A job is named by
a key (see `key`); its state lives in `<key>.json` and its result in `<key>.zip` under the
export folder, not in a table: an export is a disposable copy of what the database holds, so
losing it costs a rebuild and nothing else, and no migration is needed. Keys carry a hash of
the database address and of what the export depends on, because ids repeat across databases
(tests, restores) and a stale ZIP must never be served for other data.
A job that stops reporting for STALE_AFTER (a restarted server) may be started again.

A builder is `builder(progress) -> bytes`, calling `progress(done, total)` as it goes. It runs
in another thread with its own session, so it must load what it needs by id, not hold ORM
objects of the request. With RUNS_IN_BACKGROUND off (tests) it runs inline.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask, current_app

from models import db

STALE_AFTER = 600  # seconds without progress before a "running" job counts as abandoned

Progress = Callable[[int, int], None]
Builder = Callable[[Progress], bytes]


def export_dir(app: Flask) -> Path:
    """Return the folder of finished exports (EXPORT_DIR, else instance/exports).

    Tests without EXPORT_DIR write under the system's temporary folder, not instance/.
    """
    default = Path(tempfile.gettempdir()) / "evalsys-test-exports" if app.testing \
        else Path(app.instance_path) / "exports"
    folder = Path(app.config.get("EXPORT_DIR") or default)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def key(app: Flask, stem: str, *parts: object) -> str:
    """Return a job key: `stem-<hash of the database address and parts>` (safe as a name)."""
    seed = "|".join([app.config["SQLALCHEMY_DATABASE_URI"], *map(str, parts)])
    return f"{stem}-{hashlib.sha256(seed.encode()).hexdigest()[:12]}"


def zip_path(app: Flask, job_key: str) -> Path:
    """Return where the job's ZIP is (or will be) stored."""
    return export_dir(app) / f"{job_key}.zip"


def _state_path(app: Flask, job_key: str) -> Path:
    return export_dir(app) / f"{job_key}.json"


def state(app: Flask, job_key: str) -> dict | None:
    """Return the job's state: status running|done|failed, done, total, message; or None."""
    try:
        data = json.loads(_state_path(app, job_key).read_text())
    except (OSError, ValueError):
        return None
    if data.get("status") == "running" and time.time() - data.get("updated", 0) > STALE_AFTER:
        data.update(status="failed", message="Pembuatan berhenti (server dimulai ulang?).")
    return data


def finished(app: Flask, job_key: str) -> bool:
    """Say whether the job is done and its ZIP is there to download."""
    job = state(app, job_key)
    return job is not None and job["status"] == "done" and zip_path(app, job_key).exists()


def _write_state(app: Flask, job_key: str, **data) -> None:
    content = json.dumps({**data, "updated": time.time()}).encode()
    _atomic_write(_state_path(app, job_key), content)


def _atomic_write(path: Path, content: bytes) -> None:
    """Write to a temporary file and rename, so a reader never sees half a file."""
    temp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    temp.write_bytes(content)
    os.replace(temp, path)


def start(job_key: str, builder: Builder, failure: str, name: str = "export") -> bool:
    """Start the job unless it is already running; say if started.

    `failure` prefixes the message of a failed job; `name` names the thread.
    """
    app = current_app._get_current_object()
    current = state(app, job_key)
    if current and current["status"] == "running":
        return False
    _write_state(app, job_key, status="running", done=0, total=0, message=None)
    if not app.config.get("RUNS_IN_BACKGROUND", True):
        _build(app, job_key, builder, failure)  # tests: inline, in the caller's session
        return True
    threading.Thread(target=_work, args=(app, job_key, builder, failure), daemon=True,
                     name=name).start()
    return True


def _work(app: Flask, job_key: str, builder: Builder, failure: str) -> None:
    # A request context: the PDFs are rendered with Babel, whose locale comes from a request.
    with app.test_request_context("/"):
        try:
            _build(app, job_key, builder, failure)
        finally:
            db.session.remove()


def _build(app: Flask, job_key: str, builder: Builder, failure: str) -> None:
    counts = {"done": 0, "total": 0}

    def progress(done: int, total: int) -> None:
        counts.update(done=done, total=total)
        _write_state(app, job_key, status="running", message=None, **counts)

    try:
        content = builder(progress)
        _atomic_write(zip_path(app, job_key), content)
        _write_state(app, job_key, status="done", message=None, size=len(content), **counts)
    except Exception as err:  # noqa: BLE001  (any failure must end as a failed job)
        _write_state(app, job_key, status="failed", message=f"{failure}: {err}", **counts)


def rename(app: Flask, old_key: str, new_key: str) -> None:
    """Give a finished job a new key (its content still fits the data the new key names)."""
    if old_key == new_key or not finished(app, old_key):
        return
    os.replace(zip_path(app, old_key), zip_path(app, new_key))
    os.replace(_state_path(app, old_key), _state_path(app, new_key))


def prune(app: Flask, stem: str, keep: str) -> None:
    """Remove the finished or failed jobs named `stem-…` other than `keep` (outdated builds)."""
    for path in export_dir(app).glob(f"{stem}-*.json"):
        job_key = path.stem
        if job_key == keep or job_key.count("-") != stem.count("-") + 1:
            continue
        job = state(app, job_key)
        if job is None or job["status"] != "running":
            zip_path(app, job_key).unlink(missing_ok=True)
            path.unlink(missing_ok=True)
