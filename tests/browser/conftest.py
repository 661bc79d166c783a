"""Browser tests: Playwright's sync API driving Debian's Chromium against a live server, a real Celery worker and the
Google emulator, with sign-in through the emulator's consent page in the browser.

Chromium comes from the system (`/usr/bin/chromium`, or CHROMIUM_PATH; `make test` installs it with apt when it can):
Playwright's own browser download is never used. Every page a test visits on the dashboard must pass `axe(page)` (no
serious or critical accessibility violation) before the test ends, and no page may load anything from outside the
dashboard and the emulator.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from tests.browser.chromium import CHROMIUM_PATH, LAUNCH_ARGS
from tests.support.axe_report import report
from tests.support.browser_visits import Visits
from tests.support.google_sign_in import GoogleSignIn

AXE_PATH = "/static/vendor/axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
TIMEOUT_MS = 15_000

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls (the tests' own, and the live
    # server's fixtures) beside a running loop unless told it is safe. It is: that loop never runs our code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as running:
        yield running
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM_PATH).exists():
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM_PATH}: `make chromium` installs it "
            "(apt-get install chromium), or set CHROMIUM_PATH to a Chromium binary."
        )
    browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=LAUNCH_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def visits(live_server, emulator) -> Visits:
    return Visits(live_server.url, emulator.url)


@pytest.fixture
def context_options() -> dict:
    """Extra options for the test's browser context (a module may override it, e.g. with a `timezone_id`)."""
    return {}


@pytest.fixture
def page(chromium: Browser, live_server, visits: Visits, context_options: dict) -> Iterator[Page]:
    """A fresh browser profile (no cookies) per test, on the live server."""
    options = {"locale": "en-GB", "viewport": {"width": 1280, "height": 900}, **context_options}
    context = chromium.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(TIMEOUT_MS)

    def only_local(route) -> None:
        url = route.request.url
        if url.startswith((visits.dashboard + "/", visits.emulator + "/", "data:")):
            route.continue_()
        else:  # a CDN, a font service, anything outside: the site must not need it
            visits.blocked.append(url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.on("pageerror", lambda error: visits.errors.append(str(error)))
    page.on(
        "framenavigated",
        lambda frame: (
            visits.pages.append(urlsplit(frame.url).path)
            if frame == page.main_frame and visits.on_dashboard(frame.url)
            else None
        ),
    )
    yield page
    context.close()
    assert visits.blocked == [], f"pages asked for addresses outside the dashboard and the emulator: {visits.blocked}"
    assert visits.errors == [], f"JavaScript errors on the pages: {visits.errors}"
    assert visits.unchecked() == [], f"pages this test visited without running axe(page) on them: {visits.unchecked()}"


@pytest.fixture
def axe(page: Page, visits: Visits):
    """`axe(page)`: runs axe-core (vendored) on the page as it is now; fails on any serious or critical violation."""

    def check(page: Page = page) -> list[dict]:
        page.wait_for_load_state("load")
        if not page.evaluate("() => typeof window.axe === 'object'"):
            # Served by the site itself (same origin), so a strict script-src 'self' policy would still allow it.
            page.add_script_tag(url=AXE_PATH)
        results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        failing = [violation for violation in results["violations"] if violation["impact"] in FAILING_IMPACTS]
        if failing:
            pytest.fail(f"axe found {len(failing)} serious accessibility problem(s) on {page.url}:\n" + report(failing))
        if visits.on_dashboard(page.url):
            visits.checked.add(urlsplit(page.url).path)
        return results["violations"]

    return check


@pytest.fixture
def google_sign_in(page, live_server, emulator, axe) -> GoogleSignIn:
    return GoogleSignIn(page, live_server, emulator, axe)
