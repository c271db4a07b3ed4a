"""Benchmark: every step of an evaluation round at province/national scale.

Run ``.venv/bin/python bench/scale_bench.py --database-url URL [--units 25000
--responses 10000000 --complaints 2000000 --staff 300000 --periods 4 --seed 1]
[--reuse] [--samples 1000] [--tracemalloc]``.

Without ``--reuse`` the database must be empty: its tables are created and filled by the
scale generator (``evalsys.scale.generate``, the code behind ``flask generate-scale``). Then,
for the newest (open) period, each step calls exactly what the app calls and is timed:
IKM (``surveys.operations.recompute_ikm``), SLA indicators
(``complaints.computed.recompute_indicators``), standards coverage
(``standards.coverage.recompute``), staffing (``workforce.staffing.refresh_staffing``), a
scoring run of the default scheme with ``--samples`` Monte Carlo samples
(``rankings.operations.run_scheme``, made official), the dashboard and its league JSON (test
client signed in as the leader, cold then warm), and the ranking report PDF
(``reports.builders.ranking_report_pdf``). Each line shows wall time, the process's peak RSS
so far (``ru_maxrss``) and, with ``--tracemalloc``, the step's peak Python allocation.
"""

import argparse
import copy
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere, no install

from sqlalchemy import select, text  # noqa: E402

from evalsys import create_app  # noqa: E402
from evalsys.scale import Size, generate  # noqa: E402
from models import Period, User, db  # noqa: E402
from models.scoring import ScoreRun  # noqa: E402

RESULTS: list[tuple[str, float, float, float | None]] = []


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(name: str, fn, trace: bool):
    """Run fn, print and remember its wall time and memory; return its result."""
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    if trace:
        tracemalloc.stop()
    RESULTS.append((name, seconds, _rss_mb(), peak))
    extra = f"  py-peak {peak:8.1f} MB" if peak is not None else ""
    print(f"{name:<34} {seconds:9.2f} s  max-rss {_rss_mb():8.1f} MB{extra}", flush=True)
    return result


def _commit(fn):
    def run():
        out = fn()
        db.session.commit()
        return out
    return run


def indicator_steps(period: Period, trace: bool) -> None:
    """Compute every computed indicator of the period, the way the app does."""
    from evalsys.complaints.computed import recompute_indicators
    from evalsys.standards.coverage import recompute as coverage
    from evalsys.surveys.operations import recompute_ikm
    from evalsys.workforce.staffing import refresh_staffing

    timed("IKM (recompute_ikm)", _commit(lambda: recompute_ikm(period)), trace)
    timed("SLA indicators", _commit(lambda: recompute_indicators(period)), trace)
    timed("standards coverage", _commit(lambda: coverage(period)), trace)
    timed("staffing (open periods)", _commit(refresh_staffing), trace)


def scoring_step(period: Period, leader: User, samples: int, trace: bool) -> ScoreRun:
    """Run the default scheme with the given number of Monte Carlo samples; make it official."""
    from evalsys.rankings import operations

    scheme = operations.ensure_default_scheme(leader)
    spec = copy.deepcopy(scheme.spec)
    spec.setdefault("uncertainty", {})["n_samples"] = samples

    def run():
        result = operations.run_scheme(scheme, period, leader, spec=spec)
        operations.mark_official(result)
        return result
    return timed(f"scoring run ({samples} MC samples)", _commit(run), trace)


def web_steps(app, leader: User, password: str, run: ScoreRun, trace: bool) -> None:
    """Time the dashboard and league JSON (cold, warm) and the ranking report PDF."""
    from evalsys.reports.builders import ranking_report_pdf

    client = app.test_client()
    response = client.post("/auth/login", data={"username": leader.username,
                                                "password": password})
    assert response.status_code == 302, response.status_code
    for label in ("cold", "warm"):
        for url in ("/dashboard/", "/dashboard/league.json"):
            got = timed(f"GET {url} ({label})", lambda u=url: client.get(u), trace)
            assert got.status_code == 200, (url, got.status_code)
    pdf = timed("ranking report PDF", lambda: ranking_report_pdf(run), trace)
    print(f"  report size {len(pdf) / 1024:.0f} KiB")


def sizes() -> None:
    """Print row counts and on-disk sizes of the largest tables (PostgreSQL)."""
    if db.engine.dialect.name != "postgresql":
        return
    rows = db.session.execute(text(
        "SELECT relname, n_live_tup, pg_total_relation_size(relid) FROM pg_stat_user_tables "
        "ORDER BY 3 DESC LIMIT 8")).all()
    total = db.session.scalar(text("SELECT pg_database_size(current_database())"))
    print(f"database size {total / 2**30:.2f} GiB")
    for name, count, size in rows:
        print(f"  {name:<22} {count:>12,} rows {size / 2**20:10.1f} MiB")


def main() -> None:
    """Parse options, generate or reuse the data, run and print every step."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite:///" + str(ROOT / "instance"
                                                                        / "scale.db"))
    for name, default in (("units", 25_000), ("responses", 10_000_000),
                          ("complaints", 2_000_000), ("staff", 300_000), ("periods", 4),
                          ("seed", 1), ("samples", 1000)):
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--password", default="evalsys-scale")
    parser.add_argument("--reuse", action="store_true", help="Use the data already there.")
    parser.add_argument("--tracemalloc", action="store_true", help="Per-step Python peak.")
    args = parser.parse_args()
    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": args.database_url,
                                     "RUNS_IN_BACKGROUND": False, "RATELIMIT_ENABLED": False,
                                     "WTF_CSRF_ENABLED": False})
    with app.app_context():
        if not args.reuse:
            db.create_all()
            size = Size(args.units, args.responses, args.complaints, args.staff, args.periods,
                        args.seed, args.password)
            timed("generate", _commit(lambda: generate(size)), False)
        sizes()
        period = db.session.scalar(select(Period).where(Period.is_locked.is_(False))
                                   .order_by(Period.end_date.desc()))
        leader = db.session.scalar(select(User).where(User.role == "leader").order_by(User.id))
        units = db.session.scalar(text("SELECT count(*) FROM unit WHERE level = 'unit'"))
        print(f"period {period.code}, {units:,} service units, leader {leader.username}")
        indicator_steps(period, args.tracemalloc)
        run = scoring_step(period, leader, args.samples, args.tracemalloc)
        web_steps(app, leader, args.password, run, args.tracemalloc)
    print(f"total {sum(r[1] for r in RESULTS):.1f} s; peak RSS {_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
