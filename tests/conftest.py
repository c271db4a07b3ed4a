"""Fixtures: an app on a clean database per test, clients, and factories that return callables.

The suite runs on in-memory SQLite by default and on PostgreSQL when
EVALSYS_TEST_DATABASE_URL is set; with pytest-xdist each worker gets its own database.
"""

import itertools
import os
import re
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from evalsys import create_app
from models import Indicator, IndicatorValue, Period, Unit, User, db

PASSWORD = "test-password-123"


@pytest.fixture(scope="session")
def database_url() -> str:
    """Return the database for this test worker, creating a PostgreSQL one if needed."""
    base = os.environ.get("EVALSYS_TEST_DATABASE_URL")
    if not base:
        return "sqlite://"
    url = make_url(base)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    name = f"{url.database}_{worker}" if worker else url.database
    if name != url.database:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


class RequestIsolatedClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    The fixtures keep an app context open for factories; without this, requests would share
    its `g` (and Flask-Login's cached user) and a signed-out client could look signed in.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@contextmanager
def fresh_app(database_url: str, **config):
    """Yield an app in its context on an empty database, and empty it again afterwards."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url, **config})
    app.test_client_class = RequestIsolatedClient
    with app.app_context():
        db.create_all()
        try:
            yield app
        finally:
            db.session.remove()
            if database_url.startswith("sqlite"):
                db.drop_all()
            else:
                with db.engine.begin() as conn:
                    names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
                    conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            db.engine.dispose()


@pytest.fixture
def app(database_url):
    """Yield an app whose database is empty at the start of every test."""
    with fresh_app(database_url) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


_seq = itertools.count(1)


@pytest.fixture
def make_unit(app):
    """Return a factory of units; service units get an OPD parent unless one is given."""

    def make(code=None, name=None, unit_type="puskesmas", level="unit", parent=None, **kw):
        n = next(_seq)
        if level == "unit" and parent is None:
            parent = Unit(code=f"OPD{n}", name=f"Dinas {n}", level="opd", unit_type="dinas")
        unit = Unit(code=code or f"U{n}", name=name or f"Unit {n}", unit_type=unit_type,
                    level=level, parent=parent, **kw)
        db.session.add(unit)
        db.session.commit()
        return unit

    return make


@pytest.fixture
def make_user(app):
    """Return a factory of users with the test password."""

    def make(role="viewer", username=None, units=(), **kw):
        user = User(username=username or f"{role}{next(_seq)}", full_name=f"Test {role}",
                    role=role, **kw)
        user.set_password(PASSWORD, "pbkdf2:sha256:1000")
        user.units = list(units)
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_period(app):
    def make(kind="semester", year=2025, number=1, locked=False):
        period = Period.build(kind, year, number)
        period.is_locked = locked
        db.session.add(period)
        db.session.commit()
        return period

    return make


@pytest.fixture
def make_indicator(app):
    def make(code=None, source="manual", min_value=0, max_value=100, direction=1, **kw):
        code = code or f"ind_{next(_seq)}"
        indicator = Indicator(code=code, name_id=f"Indikator {code}", name_en=f"Indicator {code}",
                              direction=direction, unit_of_measure="%", source=source,
                              min_value=min_value, max_value=max_value, decimals=2, **kw)
        db.session.add(indicator)
        db.session.commit()
        return indicator

    return make


@pytest.fixture
def make_value(app):
    def make(unit, period, indicator, value=50.0, status="draft"):
        row = IndicatorValue(unit_id=unit.id, period_id=period.id, indicator_id=indicator.id,
                             value=value, status=status)
        db.session.add(row)
        db.session.commit()
        return row

    return make


def login(client, user, password=PASSWORD):
    """Sign a test client in through the real login form."""
    response = client.post("/auth/login", data={"username": user.username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


@pytest.fixture
def login_as(client):
    """Return a callable that signs the test client in as a user."""
    return lambda user: login(client, user)


def csrf_token_from(html: str) -> str:
    """Return the CSRF token embedded in a rendered form."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)
