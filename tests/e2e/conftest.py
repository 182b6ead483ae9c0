"""Browser tests: Playwright driving the system's Chromium against pytest-django's live server.

Chromium comes from the operating system (Debian's `chromium` package, installed by .ci/run);
Playwright's own browser download is never used. A missing browser fails the tests, it does not skip them.
"""

import os
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, TransactionTestCase

from events.seeding import FIXTURE_FILES
from tests.e2e import snapshots

# Playwright's sync API keeps an event loop running in this thread; the live server and the test's
# own database calls are still synchronous, so Django's async-safety guard is switched off for them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CAINFO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(os.environ.get("CAINFO_TEST_ARTIFACTS", settings.BASE_DIR / "test-artifacts")) / "screenshots"

_saved: list[Path] = []
_django_flush = TransactionTestCase._fixture_teardown


@pytest.fixture(autouse=True)
def _tables_before_the_first_browser_test(transactional_db):
    snapshots.remember_base()


def _flush_to_base(test_case):
    if snapshots.base is None or set(test_case._databases_names(include_mirrors=False)) != {"default"}:
        return _django_flush(test_case)
    snapshots.flush()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    """After a browser test, pytest-django's flush puts back the tables as they were before the
    first one (tests/e2e/snapshots.py) rather than truncating them all."""
    with mock.patch.object(TransactionTestCase, "_fixture_teardown", _flush_to_base):
        return (yield)


def load_fixtures():
    call_command("loaddata", *FIXTURE_FILES, verbosity=0)


@pytest.fixture
def fixtures_site(live_server):
    """The live server's address, its database holding every fixture file the seed command loads."""
    snapshots.data_set("fixtures", load_fixtures)
    return live_server.url


def log_in(page, site: str, username: str) -> None:
    """Give the page's browser a session of this user (for tests not about the login form)."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": site}])


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: the browser tests need it. "
            "Install it with `apt-get install chromium` (as .ci/run does), "
            "or point CAINFO_CHROMIUM at a Chromium binary.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot under test-artifacts/screenshots/ and return its path."""

    def save(page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        _saved.append(path)
        return path

    return save


def pytest_terminal_summary(terminalreporter):
    if _saved:
        terminalreporter.write_line(f"Browser screenshots saved in {SCREENSHOTS}: {', '.join(p.name for p in _saved)}")
