"""Run by tests/faults as a subprocess: do one real operation and stall in the middle of it.

    python tests/faults/stall_child.py MODE DATABASE_URL MARKER [ARGS...]

MODE survey FILE PERIOD_ID: upload and confirm a paper-survey CSV through the real routes.
MODE complaints FILE: upload and store a SP4N-LAPOR! CSV through the real routes.
MODE run PERIOD_ID: start a score run through the real route (computed inline).

A step inside the operation (after rows are written, before the commit) is wrapped here — in
this process only — to write MARKER and sleep, so the test can SIGKILL the process mid-write.
"""

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from evalsys import create_app  # noqa: E402
from evalsys.complaints import import_rows, imports  # noqa: E402
from evalsys.rankings import operations  # noqa: E402
from evalsys.surveys import import_store  # noqa: E402
from models import db  # noqa: E402
from tests.conftest import PASSWORD  # noqa: E402


def _stalling(original, marker: Path):
    """Wrap a step: run it, flush what it wrote, say so in MARKER, then hang."""

    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        db.session.flush()
        marker.write_text("mid-write")
        time.sleep(120)
        return result

    return wrapper


def _survey(client, marker: Path, path: str, period_id: str) -> None:
    import_store.bulk_insert = _stalling(import_store.bulk_insert, marker)
    with open(path, "rb") as handle:
        page = client.post("/surveys/import", data={"period": period_id,
                                                    "file": (handle, "skm.csv")})
    key = re.search(r'name="key" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    client.post("/surveys/import/confirm", data={"key": key})


def _complaints(client, marker: Path, path: str) -> None:
    import_rows.computed.refresh = _stalling(import_rows.computed.refresh, marker)
    with open(path, "rb") as handle:
        page = client.post("/complaints/import", content_type="multipart/form-data", data={
            "file": (handle, "lapor.csv"), "severity": "normatif", "timezone": "local",
            "action": "upload"}).get_data(as_text=True)
    token = re.search(r'name="token" value="([0-9a-f]{32})"', page).group(1)
    headers = Path(path).read_text().splitlines()[0].split(",")
    mapping = {f"map-{k}": v or "" for k, v in imports.default_mapping(headers).items()}
    client.post("/complaints/import", data={"action": "store", "token": token,
                                            "filename": "lapor.csv", "severity": "normatif",
                                            "timezone": "local", **mapping})


def _run(client, marker: Path, period_id: str) -> None:
    operations._uncertainty = _stalling(operations._uncertainty, marker)
    client.post("/rankings/runs", data={"period": period_id})


def main() -> None:
    """Sign in as the user the test made for MODE, then perform the operation."""
    mode, url, marker, *args = sys.argv[1:]
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False,
                                 "UPLOAD_DIR": str(Path(marker).parent / "uploads")})
    client = app.test_client()
    username = "pimpinan" if mode == "run" else "evaluator"
    response = client.post("/auth/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, "login failed"
    {"survey": _survey, "complaints": _complaints, "run": _run}[mode](
        client, Path(marker), *args)
    raise SystemExit("the operation finished without reaching the stalled step")


if __name__ == "__main__":
    main()
