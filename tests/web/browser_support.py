"""Helpers for browser tests: Debian's Chromium through Playwright, and the app on a real port.

No fixtures live here, so any test module (units, dashboards, survey form) can import these
and build its own. Playwright never downloads a browser of its own: tests drive the Chromium
that Debian packages at /usr/bin/chromium (`make test` installs it when it can), and skip with
the reason when that browser is missing or will not start.
"""

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Playwright, expect
from playwright.sync_api import Error as PlaywrightError
from werkzeug.serving import make_server

from evalsys.demo.seed import DEMO_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Screenshots land here (repo root, ignored by git) so a person can look at the pages.
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-output" / "browser"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def launch_chromium(playwright: Playwright) -> Browser:
    """Start Debian's Chromium headless, or skip the test saying what is missing."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} "
                    "(apt-get install chromium, or `make test` as root)")
    try:
        return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                          args=CHROMIUM_ARGS)
    except PlaywrightError as exc:
        pytest.skip(f"Chromium at {CHROMIUM} could not be launched: {_launch_failure(exc)}")


def _launch_failure(exc: PlaywrightError) -> str:
    """Boil Playwright's long launch log down to its headline, first error and exit status."""
    lines = [line.strip(" -") for line in str(exc).splitlines() if line.strip()]
    keep = lines[:1]
    keep += [line for line in lines if "[err]" in line][:1]
    keep += [line for line in lines if "process did exit" in line][:1]
    return " | ".join(keep) or type(exc).__name__


def browser_database_url(database_url: str, tmp_path: Path) -> str:
    """Return a database the test thread and the server's threads can all use safely.

    In-memory SQLite is one connection shared by every thread (Flask-SQLAlchemy's StaticPool),
    so one request's rollback at teardown could undo another request's unfinished write. A
    file under tmp_path gives each thread its own connection; PostgreSQL is used as it is.
    """
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'browser.db'}"
    return database_url


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Serve the app on a free port of 127.0.0.1 in a daemon thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # A short poll interval lets shutdown() return quickly at teardown.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name="evalsys-browser-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """Save a screenshot of the page under test-output/browser/ and return its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / name
    page.screenshot(path=str(path), full_page=full_page)
    return path


def horizontal_overflow(page) -> int:
    """Return by how many CSS pixels the document is wider than the viewport (0 if none)."""
    return page.evaluate(
        "() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")


def sign_in(page, base_url: str, username: str) -> None:
    """Sign in as a demo user through the login form and wait for the home page."""
    page.goto(f"{base_url}/auth/login")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form [type=submit]").click()
    expect(page).to_have_url(f"{base_url}/")
    expect(page.locator("nav.mainnav")).to_be_visible()
