"""When Google says no, or keeps failing, alice reads what happened in plain words, where her focus is, and a screen
reader hears it at once (the assertive region); nothing pretends to have worked."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser_workspace import LIVE_SPACE, alice_opens_her_live_space
from tests.support.space_at_google import as_google_sees_it

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker")]


def test_google_refusing_to_end_the_call_is_said_plainly(control, google_sign_in, axe):
    page = alice_opens_her_live_space(control, google_sign_in)
    control.fault("meet.spaces.endActiveConference", status=403, count=1)
    page.get_by_role("link", name="End for everyone…").click()
    axe()
    page.get_by_role("button", name="End the conference for everyone").click()

    outcome = page.locator("#outcome")
    expect(outcome).to_be_focused()
    expect(outcome).to_contain_text(
        "End the conference: Failed — Google says this account may not reach that space, or that it does not exist"
    )
    expect(page.locator("#announce-assertive")).to_contain_text("End the conference: Failed")
    expect(page.locator("#live-conference")).to_contain_text("Live now")  # still running, and shown so
    axe()
    assert "activeConference" in as_google_sees_it(control, "alice@example.com", LIVE_SPACE)


@pytest.mark.parametrize(
    ("status", "words"),
    [
        pytest.param(
            503, "Google had trouble answering, even after several tries. Try again in a few minutes.", id="503"
        ),
        pytest.param(429, "Google's quota was used up, and retries did not get through in time.", id="429"),
    ],
)
def test_a_storm_of_errors_ends_in_a_plain_failure_after_the_retries(control, google_sign_in, axe, status, words):
    page = alice_opens_her_live_space(control, google_sign_in)
    page.get_by_role("link", name="Change settings").click()
    axe()
    control.fault("meet.spaces.patch", status=status, count=50)
    page.get_by_label("Who can join").select_option("OPEN")
    page.get_by_role("button", name="Save changes").click()

    outcome = page.locator("#outcome")
    expect(outcome).to_be_focused()
    expect(outcome).to_contain_text(f"Change settings: Failed — {words}")
    expect(page.locator("#announce-assertive")).to_contain_text(words)
    axe()
    patches = control.calls(method="meet.spaces.patch")
    assert len(patches) > 1  # retried...
    assert {call["status"] for call in patches} == {status}  # ...and never got through
    assert as_google_sees_it(control, "alice@example.com", LIVE_SPACE)["config"]["accessType"] != "OPEN"
