"""Load test: mixed traffic against gunicorn on a freshly seeded demo database, no 5xx allowed.

Run ``.venv/bin/python bench/load_bench.py [--seconds 60] [--users 24] [--workers 2]
[--database-url URL] [--reuse]``. Builds the demo database (a temporary SQLite file unless a
URL of an *empty* PostgreSQL database is given; --reuse for one seeded before) with
``flask --app evalsys db upgrade`` and ``seed-demo``, opens a survey period for today when
none is open (the demo periods are in the past), issues API tokens to the demo evaluators,
then starts gunicorn with deploy/gunicorn.conf.py — production config, on 127.0.0.1 only —
and runs locust headless for the given time: leaders read the dashboard, league JSON and
rankings; citizens answer the public survey; evaluators save indicator values through the
API. Prints p50/p95/p99 and requests/s per endpoint and the number of 5xx answers; exits 1
if there was any.

Two production settings are relaxed for a plain-http test on one address, and only here:
SESSION_COOKIE_SECURE/REMEMBER_COOKIE_SECURE are off (no TLS on 127.0.0.1; with them on, the
test client would never send its session back), and SURVEY_RATE_LIMIT is raised (every
simulated citizen comes from 127.0.0.1).
"""

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere, no install

from serving import free_port, wait_until_up  # noqa: E402  (bench/serving.py)

SECRET = "load-bench-secret-key-not-for-production"
FACTORY = ('evalsys:create_app("production", {"SESSION_COOKIE_SECURE": False, '
           '"REMEMBER_COOKIE_SECURE": False, "SURVEY_RATE_LIMIT": "1000000 per hour"})')


def _driver(url: str) -> str:
    """Name the psycopg 3 driver in a PostgreSQL URL, as config.py does for DATABASE_URL."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _env(url: str) -> dict:
    return dict(os.environ, DATABASE_URL=url, SECRET_KEY=SECRET, EVALSYS_CONFIG="production")


def seed(url: str) -> None:
    """Create the schema with the migrations and fill it with the demo data."""
    flask = str(ROOT / ".venv/bin/flask")
    for command in (["db", "upgrade"], ["seed-demo"]):
        started = time.perf_counter()
        subprocess.run([flask, "--app", "evalsys", *command], cwd=ROOT, env=_env(url),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"  flask {' '.join(command)}: {time.perf_counter() - started:.0f} s", flush=True)


def _open_period(db, Period, responses):
    """Return the period open today, creating today's semester the way an admin would."""
    today = date.today()
    period = responses.period_for(today)
    if period is None:
        period = Period.build("semester", today.year, 1 if today.month <= 6 else 2)
        db.session.add(period)
        db.session.flush()
    return period


def plan(url: str) -> dict:
    """Prepare what the simulated users need, through the app's own functions."""
    os.environ.update(_env(url))
    from sqlalchemy import select

    from evalsys import create_app
    from evalsys.demo.seed import DEMO_PASSWORD
    from evalsys.surveys import responses
    from evalsys.users.operations import issue_api_token
    from models import Indicator, Period, User, db
    from models.scoring import ScoreRun
    from models.survey import SurveyLink

    app = create_app("production", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        open_period = _open_period(db, Period, responses)
        evaluators = db.session.scalars(select(User).where(User.role == "evaluator")).all()
        result = {
            "password": DEMO_PASSWORD, "leader": db.session.scalar(
                select(User.username).where(User.role == "leader")),
            "open_period": open_period.id,
            "ranked_period": db.session.scalar(select(ScoreRun.period_id).where(
                ScoreRun.is_official.is_(True)).order_by(ScoreRun.period_id.desc())),
            "survey_tokens": db.session.scalars(select(SurveyLink.token).where(
                SurveyLink.is_active.is_(True))).all(),
            "evaluators": [{"token": issue_api_token(u), "units": [x.id for x in u.units]}
                           for u in evaluators if u.units],
            "indicators": [[i.code, i.min_value or 0, i.max_value or 100] for i in
                           db.session.scalars(select(Indicator).where(
                               Indicator.source == "manual", Indicator.is_active.is_(True)))]}
        db.session.commit()
        db.engine.dispose()
    return result


def report(prefix: Path, result: Path) -> int:
    """Print the per-endpoint figures and the 5xx count; return the number of 5xx."""
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    print(f"\n{'':5}{'endpoint':28} {'requests':>8} {'fails':>6} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p99 ms':>7} {'req/s':>7}")
    for row in rows:
        print(f"{row['Type'][:4]:5}{row['Name']:28} {row['Request Count']:>8} "
              f"{row['Failure Count']:>6} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7} "
              f"{float(row['Requests/s']):7.1f}")
    errors = json.loads(result.read_text())["server_errors"] if result.exists() else {"?": 1}
    print(f"\n5xx responses: {sum(errors.values())} {errors or ''}")
    return sum(errors.values())


def serve_and_load(url: str, args, workdir: Path) -> int:
    """Start gunicorn with the production settings, run locust, stop gunicorn; return 5xx."""
    port = free_port()
    env = dict(_env(url), EVALSYS_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(args.workers),
               EVALSYS_ACCESS_LOG="", EVALSYS_LOG_LEVEL="warning",
               BENCH_PLAN=str(workdir / "plan.json"), BENCH_RESULT=str(workdir / "result.json"))
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-c",
                               str(ROOT / "deploy/gunicorn.conf.py"), FACTORY],
                              cwd=ROOT, env=env, start_new_session=True)
    try:
        wait_until_up(f"http://127.0.0.1:{port}")
        subprocess.run(
            [str(ROOT / ".venv/bin/locust"), "-f", str(ROOT / "bench/load_locustfile.py"),
             "--headless", "-u", str(args.users), "-r", str(args.users), "-t",
             f"{args.seconds}s", "--host", f"http://127.0.0.1:{port}", "--csv",
             str(workdir / "locust"), "--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, timeout=args.seconds + 120)
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the process group of the gunicorn we started
        server.wait(timeout=60)
    return report(workdir / "locust", workdir / "result.json")


def main() -> None:
    """Seed, plan, load, print; exit 1 when any request got a 5xx answer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=24)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", help="an empty database (default: temporary SQLite)")
    parser.add_argument("--reuse", action="store_true",
                        help="the database already holds the demo: skip seeding")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="load-bench-"))
    url = _driver(args.database_url or f"sqlite:///{workdir / 'load.db'}")
    if not args.reuse:
        print(f"Seeding the demo into {url.split('@')[-1]} …", flush=True)
        seed(url)
    (workdir / "plan.json").write_text(json.dumps(plan(url)))
    print(f"Load: {args.users} users (leaders 3 : citizens 3 : evaluators 2), "
          f"{args.seconds} s, gunicorn {args.workers} workers", flush=True)
    sys.exit(1 if serve_and_load(url, args, workdir) else 0)


if __name__ == "__main__":
    main()
