"""carol, an IT admin, imports alice's spaces from the bulk import page and watches the progress reach the end;
the end is announced once, and the progress bar says how far it got."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from spaces.models import Space
from tests.support.browser_workspace import browser_seed

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("celery_worker")
def test_carol_imports_alice_by_email_and_sees_it_finish(control, google_sign_in, axe, settings):
    control.seed(browser_seed())
    settings.INITIAL_IT_ADMINS = ["carol@example.com"]  # as the demo names her; given at her first sign-in

    page = google_sign_in("carol@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Bulk import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import spaces in bulk")
    axe()
    page.get_by_label("E-mail addresses").fill("alice@example.com")
    page.get_by_role("button", name="Start the import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bulk import")
    axe()
    # Only the end is announced, once, in the page's polite live region; the count itself is not a live region.
    expect(page.locator("#announce-polite")).to_have_text("Import finished: 1 of 1 people imported.")
    expect(page.locator("#import-status")).to_have_text("Finished: 1 of 1 people imported.")
    progress = page.get_by_role("progressbar")
    expect(progress).to_have_attribute("value", "1")
    expect(progress).to_have_attribute("aria-valuenow", "1")
    expect(progress).to_have_attribute("aria-valuetext", "1 of 1 people done")
    axe()
    assert set(Space.objects.values_list("name", "owner_email")) == {("spaces/AliceWeekly1", "alice@example.com")}
