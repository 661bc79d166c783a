"""alice, an owner, in the browser: she changes a setting of her running call's space, watches people join and leave
without reloading, and ends the call after a confirmation that names who is in it. charlie cannot reach her space.

Everything goes through the real path: sign-in on the emulator's consent page, discovery of her spaces, a Celery
worker calling the emulator's Meet API.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser_workspace import LIVE_SPACE, alice_opens_her_live_space, dashboard_seed, space_made_here
from tests.support.space_at_google import as_google_sees_it

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker")]


@pytest.fixture
def alice_on_her_live_space(control, google_sign_in, settings) -> Page:
    settings.LIVE_REFRESH_SECONDS = settings.LIVE_IDLE_REFRESH_SECONDS = 1
    settings.LIVE_POLL_SECONDS = 1
    return alice_opens_her_live_space(control, google_sign_in)


def live_part(page: Page):
    return page.locator("#live-conference")


def test_alice_changes_who_can_join_and_google_has_it(alice_on_her_live_space, axe, control):
    page = alice_on_her_live_space
    axe()
    page.get_by_role("link", name="Change settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Settings of {LIVE_SPACE}")
    axe()
    page.get_by_label("Who can join").select_option("RESTRICTED")
    page.get_by_role("button", name="Save changes").click()

    outcome = page.locator("#outcome")
    expect(outcome).to_be_focused()  # the outcome of what she just did, not the top of the page
    expect(outcome).to_contain_text("Change settings: Done")
    expect(page.locator("#announce-polite")).to_contain_text("Change settings: Done")
    axe()
    assert as_google_sees_it(control, "alice@example.com", LIVE_SPACE)["config"]["accessType"] == "RESTRICTED"


def test_alice_sees_people_join_and_leave_while_the_page_is_open(alice_on_her_live_space, axe, control):
    page = alice_on_her_live_space
    in_call = page.locator("#live-participants")
    expect(in_call).to_contain_text("Dave")
    axe()
    end = page.get_by_role("link", name="End for everyone…")
    end.focus()

    control.join(LIVE_SPACE, {"email": "charlie@example.com"})
    expect(in_call).to_contain_text("Charlie")
    expect(live_part(page)).to_contain_text("Live now, 3 in the call")
    expect(page.locator("#announce-polite")).to_contain_text("Live now, 3 in the call.")
    expect(end).to_be_focused()  # the swap put the focus back where it was

    control.leave(LIVE_SPACE, {"email": "dave@example.com"})
    expect(in_call).not_to_contain_text("Dave")
    expect(live_part(page)).to_contain_text("Live now, 2 in the call")
    expect(end).to_be_focused()

    control.end_conference(LIVE_SPACE)  # someone ends it in Meet: the focused button goes, the focus stays nearby
    expect(live_part(page)).to_contain_text("No conference is running.")
    expect(live_part(page)).to_be_focused()
    expect(page.locator("#announce-polite")).to_contain_text("No conference is running.")
    axe()


def test_alice_ends_her_call_after_seeing_who_is_in_it(alice_on_her_live_space, axe, control):
    page = alice_on_her_live_space
    expect(page.locator("#live-participants")).to_contain_text("Guest Visitor")
    page.get_by_role("link", name="End for everyone…").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"End the conference in {LIVE_SPACE} for everyone?")
    who = page.get_by_role("main").get_by_role("list")
    expect(who).to_contain_text("Dave")
    expect(who).to_contain_text("Guest Visitor")
    axe()
    page.get_by_role("button", name="End the conference for everyone").click()

    outcome = page.locator("#outcome")
    expect(outcome).to_be_focused()
    expect(outcome).to_contain_text("End the conference: Done — The conference was ended for everyone.")
    expect(page.locator("#announce-polite")).to_contain_text("The conference was ended for everyone.")
    expect(live_part(page)).to_contain_text("No conference is running.")
    expect(outcome).to_be_focused()
    axe()
    assert "activeConference" not in as_google_sees_it(control, "alice@example.com", LIVE_SPACE)
    ended = control.calls(method="meet.spaces.endActiveConference")
    assert [(call["user"], call["status"]) for call in ended] == [("alice@example.com", 200)]


def test_charlie_gets_the_sites_own_404_for_alices_space(control, google_sign_in, axe):
    control.seed(dashboard_seed())
    space_made_here(LIVE_SPACE, owner="alice@example.com")

    page = google_sign_in("charlie@example.com")
    response = page.goto(f"/spaces/{LIVE_SPACE.removeprefix('spaces/')}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Nothing here for you")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()  # the site's own page, not a bare error
    expect(page.get_by_role("link", name="Back to your spaces")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(re.compile("Dave|Guest Visitor|End for everyone"))
    axe()
