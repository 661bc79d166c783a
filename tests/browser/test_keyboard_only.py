"""Keyboard alone: alice signs in (the consent page too) and adds a space by its link with Tab, arrows and Enter;
bob, on the helpdesk, pastes a ticket's link and ends the stuck call without touching the mouse."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.browser_workspace import LIVE_CODE, LIVE_SPACE, browser_seed, dashboard_seed, space_made_here
from tests.support.space_at_google import as_google_sees_it

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def is_focused(target: Locator) -> bool:
    return target.evaluate("element => element === document.activeElement")


def tab_to(page: Page, target: Locator, most: int = 25) -> None:
    """Presses Tab until `target` has the focus, as a keyboard user would; fails if it never comes."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if is_focused(target):
            return
    raise AssertionError(f"{target} was not reached after {most} presses of Tab")


def focus_is_visible(page: Page) -> bool:
    return page.evaluate(
        "() => { const style = getComputedStyle(document.activeElement);"
        " return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2; }"
    )


@pytest.mark.usefixtures("celery_worker")
def test_alice_signs_in_and_adds_a_space_by_its_link_with_the_keyboard(control, page, axe, live_server, emulator):
    control.seed(browser_seed())
    page.goto("/")
    axe()

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert is_focused(skip)
    expect(skip).to_be_in_viewport()
    sign_in = page.get_by_role("button", name="Sign in with Google")
    tab_to(page, sign_in)
    assert focus_is_visible(page)
    page.keyboard.press("Enter")

    page.wait_for_url(f"{emulator.url}/o/oauth2/v2/auth**")
    alice = page.get_by_role("radio", name="alice@example.com")
    tab_to(page, page.get_by_role("radio").first)
    for _ in range(10):  # arrows move through a radio group, choosing as they go
        if alice.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(alice).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Allow"))
    page.keyboard.press("Enter")

    page.wait_for_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your spaces")
    axe()
    link = page.get_by_label("Meeting link, code or space id", exact=True)
    tab_to(page, link)
    assert focus_is_visible(page)
    page.keyboard.type("https://meet.google.com/qui-etsp-ace")
    page.keyboard.press("Enter")

    page.wait_for_load_state("load")
    actions = page.locator("#recent-actions")
    # Until it has found the space the action names what was pasted; then the space (shown by its meeting code).
    expect(actions).to_contain_text(re.compile(r"Look up a link or code · (https://meet\.google\.com/)?qui-etsp-ace"))
    expect(actions).to_contain_text("Found it; you own this space.")
    # Two right pages, depending on whether the worker settled the lookup before or after the page was drawn: before,
    # the list already shows the space; after, the live list says "All finished" and offers the reload.
    reload = page.get_by_role("link", name="Reload to see your spaces as they are now")
    owned = page.get_by_role("table", name="Spaces you own")
    expect(reload.or_(owned.filter(has_text="spaces/AliceQuiet02")).first).to_be_visible()
    if reload.is_visible():
        tab_to(page, reload, most=60)
        page.keyboard.press("Enter")
    expect(owned).to_contain_text("spaces/AliceQuiet02")
    axe()


def sign_in_with_the_keyboard(page: Page, emulator, live_server, email: str) -> None:
    tab_to(page, page.get_by_role("button", name="Sign in with Google"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{emulator.url}/o/oauth2/v2/auth**")
    chosen = page.get_by_role("radio", name=email)
    tab_to(page, page.get_by_role("radio").first)
    for _ in range(10):
        if chosen.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(chosen).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Allow"))
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")


@pytest.mark.usefixtures("celery_worker")
def test_bob_pastes_a_link_and_ends_the_call_with_the_keyboard(control, page, axe, live_server, emulator, settings):
    settings.INITIAL_HELPDESK = ["bob@example.com"]
    control.seed(dashboard_seed())
    space_made_here(LIVE_SPACE, owner="alice@example.com")
    page.goto("/")
    axe()
    sign_in_with_the_keyboard(page, emulator, live_server, "bob@example.com")

    paste = page.get_by_label("Paste a meeting link, code or space id")
    expect(paste).to_be_focused()  # the paste box is what helpdesk comes for: it has the focus already
    axe()
    control.fault("meet.spaces.get", delay=3, count=1)  # a slow Google, so the lookup's page shows for a moment
    page.keyboard.type(f"https://meet.google.com/{LIVE_CODE}")
    page.keyboard.press("Enter")
    page.wait_for_url("**/operations/*/")
    expect(page.locator("#outcome")).to_be_focused()
    axe()

    page.wait_for_url(f"**/spaces/{LIVE_SPACE.removeprefix('spaces/')}/")
    expect(page.locator("#live-participants")).to_contain_text("Dave")
    axe()
    end = page.get_by_role("link", name="End for everyone…")
    tab_to(page, end, most=40)
    assert focus_is_visible(page)
    page.keyboard.press("Enter")

    reason = page.get_by_label("Reason (required)")
    expect(reason).to_be_focused()
    axe()
    page.keyboard.type("Ticket 4711: the call is stuck")
    confirm = page.get_by_role("button", name="End the conference for everyone")
    tab_to(page, confirm)
    assert focus_is_visible(page)
    page.keyboard.press("Enter")

    outcome = page.locator("#outcome")
    expect(outcome).to_be_focused()
    assert focus_is_visible(page)
    expect(outcome).to_contain_text("End the conference: Done — The conference was ended for everyone.")
    axe()
    assert "activeConference" not in as_google_sees_it(control, "alice@example.com", LIVE_SPACE)
