"""After an action, the whole space page says the same thing as its outcome, in the same swap; while Google is busy
or its quota is used up, the outcome says so in words and never goes back to "Queued"; a final failure offers "Try
again" with what the person chose (issue 15).

The live part's own poll is slowed to a minute here, so only the outcome's swap can bring the page up to date.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser_workspace import LIVE_SPACE, alice_opens_her_live_space
from tests.support.page_watch import snapshots, states_shown, watch_pages
from tests.support.space_at_google import as_google_sees_it
from tests.support.worker_process import WorkerProcess

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SETTLED = ("Done", "Failed", "Outcome unknown")


@pytest.fixture
def slow_live_poll(settings) -> None:
    settings.LIVE_POLL_SECONDS = 60


@pytest.fixture
def patient_worker(worker_env, settings):
    """A worker of its own whose backoff is seconds long (the suite's is a fraction of one, too short for a page
    polling every second to see a wait), on a queue of its own so that the suite's worker takes none of it."""
    queue = f"page-truth-{uuid.uuid4().hex[:8]}"
    settings.INTERACTIVE_QUEUE = settings.BULK_QUEUE = queue
    env = {**worker_env, "OPERATION_RETRY_BASE_SECONDS": "4", "OPERATION_RETRY_MAX_SECONDS": "8"}
    worker = WorkerProcess(env, concurrency=1, queues=queue).start()
    yield worker
    worker.stop()


def after_settling(page: Page) -> list[dict]:
    shown = snapshots(page)
    first = next(number for number, snapshot in enumerate(shown) if snapshot["state"] in SETTLED)
    return shown[first:]


@pytest.mark.usefixtures("celery_worker", "slow_live_poll")
def test_once_the_end_is_done_nothing_on_the_page_says_the_call_is_live(control, google_sign_in, axe):
    page = alice_opens_her_live_space(control, google_sign_in)
    expect(page.locator("#live-conference")).to_contain_text("Live now")
    watch_pages(page)
    page.get_by_role("link", name="End for everyone…").click()
    axe()
    page.get_by_role("button", name="End the conference for everyone").click()

    outcome = page.locator("#outcome")
    expect(outcome).to_contain_text("End the conference: Done — The conference was ended for everyone.")
    expect(page.locator("#live-conference")).to_contain_text("No conference is running.")
    expect(page.locator("#end-conference")).to_have_count(0)
    expect(page.locator("#space-operations")).not_to_contain_text("Queued")
    expect(page.locator("#space-operations")).to_contain_text("End the conference by alice@example.com")
    for snapshot in after_settling(page):  # not even for a moment between two swaps
        assert "Live now" not in snapshot["live"], snapshot
        assert not snapshot["endButton"], snapshot
        assert {"Queued", "Running", "Retrying"}.isdisjoint(snapshot["actions"]), snapshot
    expect(outcome).to_be_focused()
    axe()


@pytest.mark.usefixtures("celery_worker", "slow_live_poll")
def test_once_a_settings_change_is_done_the_page_shows_the_new_value(control, google_sign_in, axe):
    page = alice_opens_her_live_space(control, google_sign_in)
    settings_part = page.locator("#space-settings")
    expect(settings_part).not_to_contain_text("Restricted")
    watch_pages(page)
    page.get_by_role("link", name="Change settings").click()
    axe()
    page.get_by_label("Who can join").select_option("RESTRICTED")
    page.get_by_role("button", name="Save changes").click()

    expect(page.locator("#outcome")).to_contain_text("Change settings: Done")
    expect(settings_part).to_contain_text("Restricted")
    for snapshot in after_settling(page):
        assert "Who can join Restricted" in snapshot["settings"], snapshot
        assert "Done" in snapshot["actions"], snapshot
    axe()


@pytest.mark.usefixtures("slow_live_poll")
def test_while_google_is_busy_the_outcome_says_so_and_never_goes_back_to_queued(
    control, google_sign_in, axe, patient_worker
):
    page = alice_opens_her_live_space(control, google_sign_in)
    page.get_by_role("link", name="Change settings").click()
    axe()
    control.fault("meet.spaces.patch", status=503, count=2)
    watch_pages(page)
    page.get_by_label("Who can join").select_option("RESTRICTED")
    page.get_by_role("button", name="Save changes").click()

    outcome = page.locator("#outcome")
    expect(outcome).to_contain_text(re.compile(r"Retrying — Google is busy; trying again in \d+ s, attempt 2 of 6\."))
    axe()
    expect(outcome).to_contain_text(re.compile(r"Google is busy; trying again in \d+ s, attempt 3 of 6\."))
    expect(outcome).to_contain_text("Change settings: Done", timeout=30_000)
    expect(page.locator("#space-settings")).to_contain_text("Restricted")

    states = states_shown(page)
    assert "Retrying" in states, states
    assert states[-1] == "Done", states
    started = min(states.index(state) for state in ("Running", "Retrying") if state in states)
    assert "Queued" not in states[started:], states  # never backwards
    patches = [call["status"] for call in control.calls(method="meet.spaces.patch")]
    assert patches == [503, 503, 200]
    axe()


@pytest.mark.usefixtures("celery_worker", "slow_live_poll")
def test_a_quota_that_stays_used_up_fails_with_try_again_keeping_the_choices(control, google_sign_in, axe):
    page = alice_opens_her_live_space(control, google_sign_in)
    page.get_by_role("link", name="Change settings").click()
    axe()
    control.fault("meet.spaces.patch", status=429, count=100)
    watch_pages(page)
    page.get_by_label("Who can join").select_option("OPEN")
    page.get_by_label("Record automatically").select_option("ON")
    page.get_by_role("button", name="Save changes").click()

    outcome = page.locator("#outcome")
    expect(outcome).to_contain_text(
        re.compile(r"Retrying — Google's quota for this minute is used up; trying again at \d\d:\d\d:\d\d")
    )
    expect(outcome).to_contain_text(
        "Change settings: Failed — Google's quota was used up, and retries did not get through in time.",
        timeout=30_000,
    )
    assert "Queued" not in states_shown(page)[1:], states_shown(page)
    try_again = page.get_by_role("link", name="Try again")
    expect(try_again).to_be_visible()
    axe()
    assert as_google_sees_it(control, "alice@example.com", LIVE_SPACE)["config"].get("accessType") != "OPEN"

    control.clear_faults()
    try_again.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Settings of {LIVE_SPACE}")
    expect(page.get_by_label("Who can join")).to_have_value("OPEN")  # what she chose, not what the space has
    expect(page.get_by_label("Record automatically")).to_have_value("ON")
    axe()
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#outcome")).to_contain_text("Change settings: Done")
    expect(page.locator("#space-settings")).to_contain_text("Open")
    axe()
    config = as_google_sees_it(control, "alice@example.com", LIVE_SPACE)["config"]
    assert config["accessType"] == "OPEN"
    assert config["artifactConfig"]["recordingConfig"]["autoRecordingGeneration"] == "ON"
