"""Benchmark: the leadership dashboard and league JSON under load, served by gunicorn.

Run ``.venv/bin/python bench/dashboard_bench.py [--units 5000] [--seconds 30]
[--database-url URL] [--reuse]``. Builds a database (a temporary SQLite file unless a URL
is given; the
tables are created there, so give an empty database) with N units in 50 OPDs, 4 semesters of
indicator values and one official run per semester computed by the real engine
(``run_scheme``; Monte Carlo samples reduced with ``--samples``), starts gunicorn with 2
workers on a free port of 127.0.0.1, signs 16 locust users in through the login form and lets
them read ``/dashboard/`` and ``/dashboard/league.json`` for the given time, then prints
p50/p95/p99 latency and requests/s per endpoint. The target is p95 < 300 ms.
"""

import argparse
import copy
import csv
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere, no install

from serving import free_port, wait_until_up  # noqa: E402  (bench/serving.py)
from sqlalchemy import func, insert, select  # noqa: E402

from evalsys import audit, create_app  # noqa: E402
from evalsys.demo.catalogue import DEFAULT_INDICATORS  # noqa: E402
from evalsys.rankings import operations  # noqa: E402
from models import Indicator, IndicatorValue, Period, Unit, User, db  # noqa: E402
from models.target import IndicatorTarget  # noqa: E402

PASSWORD = "bench-password"
TYPES = ("puskesmas", "kelurahan", "desa", "upt", "kecamatan", "disdukcapil", "rsud", "samsat")
EXTRA = (("staff_shortage", -1, 0, None), ("staffing_fulfilment_pct", 1, 0, 100))


def _catalogue() -> dict[str, Indicator]:
    rows = {c: Indicator(code=c, name_id=n, name_en=e, direction=d, unit_of_measure=u,
                         source=s, min_value=lo, max_value=hi, decimals=dec)
            for c, n, e, d, u, s, lo, hi, dec, _basis in DEFAULT_INDICATORS}
    rows.update({c: Indicator(code=c, name_id=c, name_en=c, direction=d, unit_of_measure="n",
                              source="computed", min_value=lo, max_value=hi, decimals=1)
                 for c, d, lo, hi in EXTRA})
    db.session.add_all(rows.values())
    return rows


def _organisation(n: int, rng: random.Random) -> list[tuple[int, float]]:
    root = Unit(code="KAB", name="Kabupaten Bench", level="pemda", unit_type="pemda")
    opds = [Unit(code=f"OPD{i:02d}", name=f"Dinas Bench {i:02d}", level="opd",
                 unit_type="dinas", parent=root) for i in range(50)]
    db.session.add_all([root, *opds])
    db.session.flush()
    rows = [{"code": f"U{i:05d}", "name": f"{TYPES[i % len(TYPES)].title()} Bench {i:05d}",
             "level": "unit", "unit_type": TYPES[i % len(TYPES)], "parent_id": opds[i % 50].id,
             "timezone": "WIB", "is_active": True} for i in range(n)]
    db.session.execute(insert(Unit.__table__), rows)
    ids = db.session.scalars(select(Unit.id).where(Unit.level == "unit")).all()
    return [(unit_id, rng.gauss(0, 1)) for unit_id in ids]


def _value(code: str, q: float, rng: random.Random) -> float:
    """A plausible value of an indicator for a unit of latent quality q."""
    q = q + rng.gauss(0, 0.4)
    ranges = {"ikm": (78, 6, 25, 100), "ipp": (3.5, 0.5, 0, 5), "staff_shortage": (2, -1.5, 0, 30),
              "resolution_wd_median": (6, -2, 0, 60), "waktu_tunggu_menit": (35, -10, 5, 240)}
    mid, spread, lo, hi = ranges.get(code, (60, 15, 0, 100))
    return round(min(hi, max(lo, mid + spread * q)), 2)


def build(n_units: int, samples: int) -> None:
    """Fill an empty database: organisation, catalogue, 4 semesters, values, official runs."""
    rng = random.Random(2025)
    db.session.info[audit.SKIP_AUDIT] = True
    catalogue = _catalogue()
    units = _organisation(n_units, rng)
    periods = [Period.build("semester", y, s) for y in (2024, 2025) for s in (1, 2)]
    db.session.add_all(periods)
    leader = User(username="pimpinan", full_name="Sekda Bench", role="leader")
    leader.set_password(PASSWORD, "pbkdf2:sha256:1000")
    db.session.add(leader)
    db.session.flush()
    db.session.add_all(IndicatorTarget(indicator_id=catalogue["ikm"].id, year=y, target=82.0,
                                       source_document="RPJMD bench") for y in (2024, 2025))
    for i, period in enumerate(periods):
        rows = [{"unit_id": u, "period_id": period.id, "indicator_id": ind.id,
                 "value": _value(code, q + 0.05 * i, rng), "status": "approved", "version": 1}
                for u, q in units for code, ind in catalogue.items()
                if code != "staffing_ratio" and rng.random() > 0.05]
        for start in range(0, len(rows), 20_000):
            db.session.execute(insert(IndicatorValue.__table__), rows[start:start + 20_000])
    db.session.commit()
    _runs(periods, samples)
    db.session.info.pop(audit.SKIP_AUDIT, None)


def _runs(periods: list[Period], samples: int) -> None:
    scheme = operations.ensure_default_scheme()
    spec = copy.deepcopy(scheme.spec)
    spec["uncertainty"]["n_samples"] = samples
    scheme.spec = spec
    db.session.commit()
    for period in periods:
        started = time.perf_counter()
        run = operations.run_scheme(scheme, period, None)
        operations.mark_official(run)
        db.session.commit()
        print(f"  run {period.code}: {time.perf_counter() - started:.1f} s "
              f"(run_scheme, {samples} Monte Carlo samples)", flush=True)


def _report(prefix: Path) -> None:
    """Print p50/p95/p99 and requests/s per endpoint from locust's stats CSV."""
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    print(f"\n{'endpoint':28} {'requests':>9} {'fails':>6} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p99 ms':>7} {'req/s':>7}")
    for row in rows:
        if row["Name"] == "/auth/login":
            continue
        print(f"{row['Name']:28} {row['Request Count']:>9} {row['Failure Count']:>6} "
              f"{row['50%']:>7} {row['95%']:>7} {row['99%']:>7} "
              f"{float(row['Requests/s']):7.1f}")


def _locust(url: str, users: int, seconds: int, prefix: Path, env: dict) -> None:
    """Run locust headless against the server and print its per-endpoint figures."""
    subprocess.run(
        [str(ROOT / ".venv/bin/locust"), "-f", str(ROOT / "bench/dashboard_locustfile.py"),
         "--headless", "-u", str(users), "-r", str(users), "-t", f"{seconds}s",
         "--host", url, "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _report(prefix)


def serve_and_load(database_url: str, args, workdir: Path) -> None:
    """Start gunicorn (2 workers), run locust headless against it, print, stop gunicorn."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, DATABASE_URL=database_url, EVALSYS_CONFIG="development",
               SECRET_KEY="bench-secret", BENCH_PASSWORD=PASSWORD)
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
         "--timeout", "120", "--log-level", "warning", "evalsys:create_app()"],
        cwd=ROOT, env=env, start_new_session=True)
    try:
        wait_until_up(url)
        if args.warmup:
            print(f"\nWarm-up, {args.warmup} s (cold caches: each worker computes each "
                  "filter variant once):")
            _locust(url, args.users, args.warmup, workdir / "warmup", env)
        print(f"\nMeasured, {args.seconds} s:")
        _locust(url, args.users, args.seconds, workdir / "locust", env)
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the process group of the gunicorn we started
        server.wait(timeout=30)


def main() -> None:
    """Parse options, build the database, run the load test and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--warmup", type=int, default=10,
                        help="seconds of load before the measured run (0: none)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--samples", type=int, default=100, help="Monte Carlo samples per run")
    parser.add_argument("--database-url", help="an empty database (default: temporary SQLite)")
    parser.add_argument("--reuse", action="store_true",
                        help="use the database as it is when it already holds a benchmark")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="dashboard-bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        if db.session.scalar(select(func.count()).select_from(Unit)):
            if not args.reuse:
                sys.exit("The database already has units; give an empty one (or --reuse).")
            print(f"Reusing {url.split('@')[-1]}")
        else:
            started = time.perf_counter()
            print(f"Building {args.units} units × 4 semesters in {url.split('@')[-1]} …",
                  flush=True)
            build(args.units, args.samples)
            print(f"  built in {time.perf_counter() - started:.0f} s")
        values = db.session.scalar(select(func.count()).select_from(IndicatorValue))
        units = db.session.scalar(select(func.count()).select_from(Unit))
        print(f"  {units} units, {values} indicator values")
        db.engine.dispose()
    print(f"Load: {args.users} users, {args.seconds} s, gunicorn {args.workers} workers")
    serve_and_load(url, args, workdir)


if __name__ == "__main__":
    main()
