"""Signing in as people do, in Chromium: the welcome page, the emulator's consent page, and what comes back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser_workspace import browser_seed

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("celery_worker")
def test_alice_signs_in_and_her_spaces_fill_in_after_discovery(control, google_sign_in, axe, live_server):
    control.seed(browser_seed())

    page = google_sign_in("alice@example.com")

    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your spaces")
    expect(page.get_by_text("Signed in as alice@example.com")).to_be_visible()
    axe()
    # Discovery runs in the worker; the list of recent actions follows it by itself (htmx), no reload.
    actions = page.locator("#recent-actions")
    expect(actions).to_contain_text("Discover spaces")
    expect(actions).to_contain_text("Found 1 space")
    expect(actions.get_by_text("Done", exact=True)).to_be_visible()
    axe()
    page.get_by_role("link", name="Reload to see your spaces as they are now").click()
    spaces = page.get_by_role("table", name="Spaces you own")
    expect(spaces).to_contain_text("spaces/AliceWeekly1")
    expect(spaces).to_contain_text("abc-mnop-xyz")
    expect(spaces).not_to_contain_text("CharlieOne05")
    axe()


def test_erin_of_another_workspace_is_refused_with_the_reason(control, google_sign_in, axe):
    control.seed(browser_seed())

    page = google_sign_in("erin@otherco.test")

    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot sign in to meetadmin with this account")
    expect(page.get_by_role("alert")).to_contain_text("erin@otherco.test belongs to the Workspace otherco.test")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    axe()
