"""alice's browser is in Paris. From the first page after sign-in, every time meetadmin shows is in Paris time and the
footer says so, on every page: her spaces, a space's page, All spaces, the audit log, the status page. A conference
the emulator started shows when it started, and once ended, its start and end."""

from __future__ import annotations

import re
import time
import zoneinfo
from datetime import datetime

import pytest
from playwright.sync_api import Page, expect

from meet_client import space_id_of
from spaces.models import Space
from tests.support.browser_workspace import CONFERENCES, LIVE_CODE, LIVE_SPACE, SPACES, dashboard_seed
from tests.support.workspace_seed import PROJECT, past_conference, seed_document

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker")]

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
PARIS_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? CES?T")


@pytest.fixture
def context_options() -> dict:
    return {"timezone_id": "Europe/Paris"}


def discovered(name: str, seconds: float = 30.0) -> None:
    """Waits for discovery after sign-in to have found `name` (the worker files it)."""
    deadline = time.monotonic() + seconds
    while not Space.objects.filter(pk=name).exists():
        assert time.monotonic() < deadline, f"discovery did not find {name} in {seconds:.0f} s"
        time.sleep(0.25)


def in_paris_only(page: Page) -> None:
    """The page shows times, each in Paris time, none in UTC, and the footer names the zone."""
    expect(page.get_by_role("main")).to_contain_text(PARIS_TIME)
    expect(page.get_by_role("main")).not_to_contain_text("UTC")
    expect(page.get_by_role("contentinfo")).to_contain_text("Times in Europe/Paris")


def test_every_page_shows_times_in_the_persons_zone_and_the_footer_names_it(control, google_sign_in, axe, settings):
    settings.INITIAL_IT_ADMINS = ["alice@example.com"]
    control.seed(dashboard_seed())
    page = google_sign_in("alice@example.com")
    # The very first page after sign-in: it was drawn before the browser said where it is, and is drawn again.
    expect(page.get_by_role("contentinfo")).to_contain_text("Times in Europe/Paris")
    discovered(LIVE_SPACE)

    page.goto("/")
    in_paris_only(page)
    axe()
    page.goto(f"/spaces/{space_id_of(LIVE_SPACE)}/")
    in_paris_only(page)
    expect(page.locator("#space-history")).to_contain_text(PARIS_TIME)
    axe()
    nav = page.get_by_role("navigation", name="Main")
    for link, heading in (("All spaces", "All spaces"), ("Audit log", "Audit log"), ("Status", "System status")):
        nav.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        in_paris_only(page)
        axe()
    expect(page.get_by_role("main")).to_contain_text("Times are in Europe/Paris")


def test_a_conference_the_emulator_started_shows_its_start_then_its_end(control, google_sign_in, axe, settings):
    settings.LIVE_REFRESH_SECONDS = settings.LIVE_IDLE_REFRESH_SECONDS = 1
    settings.LIVE_POLL_SECONDS = 1
    live = {"id": space_id_of(LIVE_SPACE), "owner": "alice@example.com", "project": PROJECT, "code": LIVE_CODE}
    met_before = past_conference(LIVE_SPACE, "alice@example.com", days_ago=3)  # so that discovery finds it
    control.seed(seed_document(spaces=[*SPACES, live], conferences=[*CONFERENCES, met_before]))  # no call running
    page = google_sign_in("alice@example.com")
    expect(page.get_by_role("contentinfo")).to_contain_text("Times in Europe/Paris")
    discovered(LIVE_SPACE)

    # Google's clock runs ahead of meetadmin's: the start shown must be Google's, not when meetadmin first read it.
    control.advance_clock(20 * 60)
    record = control.start_conference(LIVE_SPACE, [{"email": "dave@example.com"}])
    started = datetime.fromisoformat(record["startTime"].replace("Z", "+00:00")).astimezone(PARIS)
    page.goto(f"/spaces/{space_id_of(LIVE_SPACE)}/")
    expect(page.locator("#live-conference")).to_contain_text("Live now")
    history = page.locator("#space-history")
    running = f"started {started:%Y-%m-%d %H:%M} {started.tzname()}, still running"
    expect(history.get_by_role("heading", level=3, name=running)).to_be_visible()
    axe()

    page.get_by_role("link", name="End for everyone…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("for everyone?")
    axe()
    page.get_by_role("button", name=re.compile(r"^(Confirm|End)")).click()
    expect(page.locator("#outcome")).to_contain_text("The conference was ended for everyone.")
    span = re.compile(rf"^{started:%Y-%m-%d %H:%M}( CES?T)? – (\d{{4}}-\d\d-\d\d )?\d\d:\d\d CES?T$")
    expect(history.get_by_role("heading", level=3, name=span)).to_be_visible()
    expect(history).not_to_contain_text("still running")
    axe()
