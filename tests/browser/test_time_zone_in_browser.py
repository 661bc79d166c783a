"""alice's browser is in Tokyo: meetadmin takes the zone from it after sign-in and shows times in JST; she changes it
to Paris on the preferences page, with the select a keyboard or a screen reader can use."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser_workspace import browser_seed

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def context_options() -> dict:
    return {"timezone_id": "Asia/Tokyo"}


def test_times_follow_the_browsers_zone_and_the_person_may_change_it(control, google_sign_in, axe):
    control.seed(browser_seed())
    page = google_sign_in("alice@example.com")
    expect(page.locator("body")).not_to_have_attribute("data-time-zone-detect", re.compile(".*"))  # reported

    # The page was drawn before the browser said where it is: it is drawn again in Tokyo time, by itself.
    expect(page.get_by_role("contentinfo")).to_contain_text("Times in Asia/Tokyo")
    expect(page.locator("#recent-actions")).to_contain_text(re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d JST"))
    axe()

    page.get_by_role("contentinfo").get_by_role("link", name="Change time zone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Time zone")
    expect(page.get_by_role("main")).to_contain_text("Asia/Tokyo, as your browser reported it")
    zone = page.get_by_role("combobox", name="Time zone")
    expect(zone).to_have_value("Asia/Tokyo")
    axe()
    zone.select_option("Europe/Paris")
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".messages")).to_have_text("Times are now shown in Europe/Paris.")
    expect(page.get_by_role("main")).to_contain_text("Europe/Paris, as you chose")
    expect(page.get_by_role("main")).to_contain_text(re.compile(r"Now it is \d{4}-\d\d-\d\d \d\d:\d\d CES?T"))
    axe()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Your spaces").click()
    expect(page.locator("#recent-actions")).to_contain_text(re.compile(r"\d\d:\d\d:\d\d CES?T"))
    expect(page.get_by_role("contentinfo")).to_contain_text("Times in Europe/Paris")
    axe()


@pytest.mark.usefixtures("celery_worker")
def test_the_footer_names_the_zone_of_the_newest_times_on_the_page(control, google_sign_in, axe):
    control.seed(browser_seed())
    page = google_sign_in("alice@example.com")
    footer = page.get_by_role("contentinfo")
    # The first page comes before the browser has said where it is; it is drawn again in the browser's zone as soon as
    # that is known (accounts/time_zones.py), so whichever of the two is seen, the footer names the zone of its times.
    expect(footer).to_contain_text(re.compile(r"Times in (UTC until your browser's time zone is known|Asia/Tokyo)"))
    # The discovery after sign-in settles; the list that follows it arrives in Tokyo's time, and the footer with it.
    expect(page.locator("#recent-actions")).to_contain_text(re.compile(r"\d\d:\d\d:\d\d JST"))
    expect(footer).to_contain_text("Times in Asia/Tokyo")
    expect(footer).not_to_contain_text("UTC")
    axe()
