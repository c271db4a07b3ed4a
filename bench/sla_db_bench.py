"""Benchmark: the all-units SLA dashboard and indicator refresh read from the database.

Run ``.venv/bin/python bench/sla_db_bench.py [--complaints 100000] [--database-url URL]``.
Loads synthetic complaints (``bench/sla_bench.synthetic``: 500 units, ~5 events each) into a
fresh database (a temporary SQLite file unless a URL is given; the tables are created there, so
use an empty database), then times one query for complaints + one for events, the evaluation,
the whole ``/complaints/sla`` page and ``recompute_indicators`` for 2025-S1.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere, no install

from sla_bench import synthetic  # noqa: E402  (same folder)
from sqlalchemy import insert  # noqa: E402

from evalsys import create_app  # noqa: E402
from evalsys.complaints.computed import recompute_indicators  # noqa: E402
from evalsys.complaints.evaluation import evaluate, load, period_frames  # noqa: E402
from models import Indicator, Period, Unit, User, db  # noqa: E402
from models.complaint import Complaint, ComplaintEvent  # noqa: E402

CHUNK = 20_000


def _organisation() -> tuple[list[int], Period]:
    opd = Unit(code="OPD-BENCH", name="Dinas Bench", level="opd", unit_type="dinas")
    units = [Unit(code=f"U{i:03d}", name=f"Unit {i:03d}", level="unit", unit_type="upt",
                  parent=opd, timezone=("WIB", "WITA", "WIT")[i % 3]) for i in range(500)]
    period = Period.build("semester", 2025, 1)
    admin = User(username="admin", full_name="Admin", role="admin")
    admin.set_password("bench-password", "pbkdf2:sha256:1000")
    db.session.add_all([opd, *units, period, admin])
    for code in ("sla_response_pct", "sla_resolution_pct", "resolution_wd_median"):
        db.session.add(Indicator(code=code, name_id=code, name_en=code, unit_of_measure="%",
                                 source="computed"))
    db.session.commit()
    return [u.id for u in units], period


def _load_data(n: int, unit_ids: list[int]) -> tuple[int, int]:
    complaints, events = synthetic(n)
    units = np.asarray(unit_ids)[complaints["unit_id"].to_numpy()]
    # The cached status is the last event's (events are sorted by complaint and time).
    last = events.groupby("complaint_id")["status"].last().astype(str)
    status = last.reindex(complaints["id"]).fillna("diterima").to_numpy()
    rows = [{"id": int(i), "unit_id": int(u), "tracking_number": f"B{i}", "channel": "whatsapp",
             "kind": "pengaduan", "severity": str(s), "received_at": r.to_pydatetime(),
             "subject": "Bench", "status": st, "is_confidential": False, "source": "import"}
            for i, u, s, r, st in zip(complaints["id"], units, complaints["severity"],
                                      complaints["received_at"], status, strict=True)]
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(Complaint.__table__), rows[start:start + CHUNK])
    log = [{"complaint_id": int(c), "status": str(s), "at": a.to_pydatetime()}
           for c, s, a in zip(events["complaint_id"], events["status"], events["at"],
                              strict=True)]
    for start in range(0, len(log), CHUNK):
        db.session.execute(insert(ComplaintEvent.__table__), log[start:start + CHUNK])
    db.session.commit()
    return len(rows), len(log)


def _timed(label: str, func):
    started = time.perf_counter()
    result = func()
    print(f"{label:<48} {time.perf_counter() - started:7.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        unit_ids, period = _organisation()
        n, m = _timed("insert complaints + events (Core executemany)",
                      lambda: _load_data(args.complaints, unit_ids))
        print(f"complaints {n:,}  events {m:,}  units {len(unit_ids)}  database {url}")
        frames = _timed("load: 1 query complaints + 1 query events", load)
        _timed("evaluate (3 time zones, active policy)", lambda: evaluate(*frames))
        _timed("period_frames 2025-S1 (load+evaluate+summary)",
               lambda: period_frames(period.start_date, period.end_date))
        client = app.test_client()
        client.post("/auth/login", data={"username": "admin", "password": "bench-password"})
        status = _timed("GET /complaints/sla (whole page, cold)",
                        lambda: client.get(f"/complaints/sla?period={period.id}").status_code)
        _timed("GET /complaints/sla (whole page, warm)",
               lambda: client.get(f"/complaints/sla?period={period.id}").status_code)
        written = _timed("recompute_indicators 2025-S1", lambda: recompute_indicators(period))
        db.session.commit()
        print(f"page status {status}; {written} indicator values written")


if __name__ == "__main__":
    main()
