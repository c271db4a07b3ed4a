"""Fixtures of the browser tests: a database the server's threads can share, and Chromium.

Everything in this folder drives Debian's Chromium through Playwright against the app served
on a real port (see tests/web/browser_support.py); without Chromium the tests skip and say why.
"""

import pytest
from playwright.sync_api import sync_playwright

from tests.web import browser_support as bs


@pytest.fixture
def database_url(database_url, tmp_path):
    """Override the suite's database so the server's threads and the test can share it."""
    return bs.browser_database_url(database_url, tmp_path)


@pytest.fixture(scope="module")
def browser():
    """Start Chromium once per module, or skip with the reason it cannot start."""
    with sync_playwright() as playwright:
        chromium = bs.launch_chromium(playwright)
        yield chromium
        chromium.close()
