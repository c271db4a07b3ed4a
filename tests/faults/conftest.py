"""Fixtures of the fault tests: an app on a database that outlives a process.

Killing a process mid-write or dropping a connection means nothing on the suite's in-memory
SQLite, so these tests use a SQLite file in tmp_path — or the suite's PostgreSQL database when
EVALSYS_TEST_DATABASE_URL is set.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from models import Indicator, IndicatorValue, Period, Unit, User, db
from tests.conftest import PASSWORD, fresh_app

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("stall_child.py")


@pytest.fixture
def durable_url(database_url, tmp_path):
    """Yield a database URL other processes can open: a SQLite file, or the PostgreSQL one.

    The SQLite file goes to /dev/shm when there is one: the same locking and journal as on
    disk, without an fsync per CREATE TABLE (which made each test's setup take seconds).
    """
    if not database_url.startswith("sqlite"):
        yield database_url
        return
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else tmp_path) as folder:
        yield f"sqlite:///{Path(folder) / 'faults.db'}"


@pytest.fixture
def durable_app(durable_url):
    """Yield an app (in its context) on the durable database, emptied afterwards."""
    with fresh_app(durable_url) as app:
        yield app


def add_user(role: str, username: str, units=()) -> User:
    """Store a user with the suite's test password."""
    user = User(username=username, full_name=f"Uji {role}", role=role)
    user.set_password(PASSWORD, "pbkdf2:sha256:1000")
    user.units = list(units)
    db.session.add(user)
    db.session.commit()
    return user


def scored_period(values=(("PKM-A", 4.0), ("PKM-B", 3.0), ("PKM-C", 2.0))) -> Period:
    """Store a period with approved 'ipp' values for a few units (enough for a run)."""
    period = Period.build("semester", 2025, 1)
    ipp = Indicator(code="ipp", name_id="IPP", name_en="IPP", direction=1,
                    unit_of_measure="skala", source="manual", min_value=0, max_value=5)
    db.session.add_all([period, ipp])
    for code, value in values:
        unit = Unit(code=code, name=f"Unit {code}", level="unit", unit_type="puskesmas")
        db.session.add(IndicatorValue(unit=unit, period=period, indicator=ipp, value=value,
                                      status="approved"))
    db.session.commit()
    return period


def stall_and_kill(mode: str, url: str, marker: Path, *args: str, timeout: float = 45) -> None:
    """Run stall_child.py MODE; once it says it is mid-write, SIGKILL it and wait for it."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), mode, url, str(marker), *map(str, args)], cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env=dict(os.environ, PYTHONWARNINGS="ignore"))
    deadline = time.monotonic() + timeout
    try:
        while not marker.exists():
            if child.poll() is not None:
                raise AssertionError(f"child ended early: {child.stderr.read().decode()[-2000:]}")
            if time.monotonic() > deadline:
                raise AssertionError("child never reached the write")
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)  # only the child we started, by its pid
        child.wait(timeout=10)
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
