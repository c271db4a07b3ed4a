"""Benchmark: IKM of 1,000 units × 4 periods from 1,000,000 stored responses, and an import.

Run ``.venv/bin/python bench/skm_bench.py [--postgres URL]`` (or set
EVALSYS_BENCH_DATABASE_URL). It builds a temporary SQLite file database and, when given, uses
the named PostgreSQL database (its tables are created and dropped again), fills it with
synthetic responses (insertion is not the measured target), then times:

* the set-based aggregation → IKM per unit × period, exactly the code the pages and
  recompute_ikm use (one GROUP BY, then pandas) — target < 2 s;
* a 100,000-row CSV import through the UI's own read → validate → store path — target < 20 s.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere, no install

from sqlalchemy import insert, text  # noqa: E402

from evalsys import create_app  # noqa: E402
from evalsys.surveys import aggregate, import_store, imports, operations  # noqa: E402
from evalsys.surveys import questionnaire as qn  # noqa: E402
from models import Indicator, Period, ServiceType, Unit, User, db  # noqa: E402
from models.survey import SurveyResponse  # noqa: E402

N_UNITS, N_RESPONSES, N_IMPORT, CHUNK = 1_000, 1_000_000, 100_000, 50_000
PERIODS = (("semester", 2024, 1), ("semester", 2024, 2), ("semester", 2025, 1),
           ("semester", 2025, 2))


def build_world() -> tuple[list[int], list[Period], User]:
    """Create units (each with two services), periods, questionnaires and an admin."""
    opd = Unit(code="OPD", name="Dinas", level="opd", unit_type="dinas")
    units = [Unit(code=f"UNIT-{i:04d}", name=f"Unit {i}", level="unit", unit_type="upt",
                  parent=opd) for i in range(N_UNITS)]
    periods = [Period.build(*p) for p in PERIODS]
    admin = User(username="bench", full_name="Bench", role="admin", password_hash="x")
    db.session.add_all([opd, *units, *periods, admin,
                        Indicator(code="ikm", name_id="IKM", name_en="IKM", direction=1,
                                  unit_of_measure="poin", source="computed", min_value=25,
                                  max_value=100)])
    db.session.flush()
    db.session.add_all(ServiceType(unit_id=u.id, code=f"L0{k}", name=f"Layanan {k}")
                       for u in units for k in (1, 2))
    for period in periods:
        qn.ensure_regional(period)
    db.session.commit()
    return [u.id for u in units], periods, admin


def fill_responses(unit_ids: list[int], periods: list[Period]) -> float:
    """Insert N_RESPONSES synthetic answers (≈ 2 % skipped); return the seconds it took."""
    rng = np.random.default_rng(2025)
    quality = rng.normal(3.0, 0.35, len(unit_ids))
    questionnaires = {p.id: qn.latest(p.id).id for p in periods}
    started = time.perf_counter()
    for start in range(0, N_RESPONSES, CHUNK):
        n = min(CHUNK, N_RESPONSES - start)
        unit = rng.integers(0, len(unit_ids), n)
        period = rng.integers(0, len(periods), n)
        answers = np.clip(np.rint(rng.normal(quality[unit][:, None], 0.7, (n, 9))), 1, 4)
        skipped = rng.random((n, 9)) < 0.02
        rows = [{"unit_id": unit_ids[u], "period_id": periods[p].id,
                 "questionnaire_id": questionnaires[periods[p].id], "channel": "paper",
                 "submitted_at": datetime(2025, 1, 1, tzinfo=UTC),
                 **{f"u{k + 1}": (None if s[k] else int(a[k])) for k in range(9)}}
                for u, p, a, s in zip(unit, period, answers, skipped, strict=True)]
        db.session.execute(insert(SurveyResponse.__table__), rows)
        db.session.commit()
    return time.perf_counter() - started


def time_aggregation(periods: list[Period]) -> None:
    """Time the set-based IKM of every unit × period (cold, then the best of three)."""
    ids = [p.id for p in periods]
    runs = []
    for _ in range(4):
        started = time.perf_counter()
        table = aggregate.compute(ids)
        runs.append(time.perf_counter() - started)
        db.session.rollback()
    groups, responses = len(table), int(table["n"].sum())
    best = min(runs[1:])
    print(f"  aggregation: {groups:,} unit×period IKMs from {responses:,} responses: "
          f"first {runs[0]:.2f} s, best {best:.2f} s ({responses / best:,.0f} rows/s)"
          f" → {'OK' if best < 2 else 'SLOW'} (target < 2 s)")
    started = time.perf_counter()
    outcome = operations.recompute_ikm(periods[-1])
    db.session.commit()
    print(f"  recompute_ikm {periods[-1].code}: {outcome['written']:,} IndicatorValues written "
          f"in {time.perf_counter() - started:.2f} s")


def import_csv(unit_ids: list[int]) -> bytes:
    """Return a 100,000-row CSV for 2025-S2 with about 1 % bad cells of every kind."""
    rng = np.random.default_rng(7)
    n = N_IMPORT
    days = rng.integers(1, 28, n)
    months = rng.integers(7, 13, n)
    units = rng.integers(0, len(unit_ids), n)
    answers = rng.integers(1, 5, (n, 9)).astype(str)
    lines = [",".join(imports.TEMPLATE_COLUMNS)]
    genders, ages = np.array(["L", "P"]), np.array(["20-29", "30-39", "45", "60+"])
    for i in range(n):
        date = f"2025-{months[i]:02d}-{days[i]:02d}"
        code = f"UNIT-{units[i]:04d}"
        row = answers[i].tolist()
        if i % 97 == 0:
            row[i % 9] = "7"
        if i % 211 == 0:
            date = "2025-02-30"
        if i % 389 == 0:
            code = "TIDAK-ADA"
        lines.append(f"{date},{code},L0{1 + i % 2},{','.join(row)},{genders[i % 2]},"
                     f"{ages[i % 4]},SMA,SWASTA,")
    return ("\n".join(lines) + "\n").encode()


def time_import(unit_ids: list[int], period: Period, admin: User) -> None:
    """Time read → validate → store of a 100,000-row CSV, the UI's own code path."""
    data = import_csv(unit_ids)
    started = time.perf_counter()
    frame = imports.read_table(data, "bench.csv")
    context = import_store.build_context(period, admin, create=True)
    result = imports.validate(frame, context)
    validated = time.perf_counter() - started
    batch = import_store.store(result, period, admin, "bench.csv")
    db.session.commit()
    total = time.perf_counter() - started
    print(f"  import: {result.rows_total:,} rows read and validated in {validated:.2f} s "
          f"({result.rows_total / validated:,.0f} rows/s); {batch.rows_stored:,} stored, "
          f"{batch.rows_rejected:,} rejected ({len(result.errors):,} bad cells); total "
          f"{total:.2f} s ({result.rows_total / total:,.0f} rows/s) → "
          f"{'OK' if total < 20 else 'SLOW'} (target < 20 s)")


def run(url: str, label: str) -> None:
    """Build the database at url, fill it and print the figures."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        try:
            print(f"{label}:")
            unit_ids, periods, admin = build_world()
            seconds = fill_responses(unit_ids, periods)
            print(f"  filled {N_RESPONSES:,} responses in {seconds:.1f} s (not a target)")
            with db.engine.begin() as conn:
                conn.execute(text("ANALYZE"))
            time_aggregation(periods)
            time_import(unit_ids, periods[-1], admin)
        finally:
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


def main() -> None:
    """Run the benchmark on SQLite, then on PostgreSQL when a URL is given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("EVALSYS_BENCH_DATABASE_URL"),
                        help="postgresql+psycopg://user@host/db (tables are dropped after)")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            run(f"sqlite:///{Path(folder) / 'skm_bench.db'}", "SQLite (file)")
    if args.postgres:
        run(args.postgres, "PostgreSQL")


if __name__ == "__main__":
    main()
