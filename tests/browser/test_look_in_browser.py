"""The pages' one visual system, checked in Chromium: each role's navigation, one h1 per page, status badges that
say their state in words, table headers that stay in view while a long list scrolls, and the end confirmation's
buttons (named for what they do, apart from each other).

The spaces and actions are written straight into the cache (no worker runs), so every state a page can show is
there at once and stays put while the page is looked at.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Page, expect

from spaces.models import ConferenceRecord, Operation, Space
from tests.support.browser_workspace import browser_seed

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

OWNER_PAGES = ["Your spaces"]
HELPDESK_PAGES = [*OWNER_PAGES, "Find a meeting"]
IT_ADMIN_PAGES = [*HELPDESK_PAGES, "All spaces", "Bulk import", "Audit log", "Roles", "Status"]
LIVE = "spaces/AliceLook001"
BADGE_KINDS = {"live", "ended", "queued", "running", "succeeded", "failed", "outcome_unknown", "cancelled", "paused"}


def nav_links(page: Page) -> list[str]:
    return [name.strip() for name in page.get_by_role("navigation", name="Main").get_by_role("link").all_inner_texts()]


def one_h1(page: Page) -> None:
    expect(page.locator("h1")).to_have_count(1)


def alices_live_space(*, operations_by: str | None = None) -> Space:
    """alice's space made here, read as her a minute ago: a call running with two people, one call that ended."""
    now = timezone.now()
    space = Space.objects.create(
        name=LIVE,
        owner_email="alice@example.com",
        meeting_code="loo-kand-fel",
        meeting_code_seen_at=now,
        made_by_meetadmin=True,
        made_by_checked=True,
        config={"accessType": "TRUSTED", "entryPointAccess": "ALL", "moderation": "OFF"},
        config_seen_at=now,
        access_type="TRUSTED",
        label="Design review",
        active_conference="conferenceRecords/look-live",
        active_participant_count=2,
        fetched_at=now,
    )
    ConferenceRecord.objects.create(
        name="conferenceRecords/look-live", space=space, start_time=now - timedelta(minutes=20)
    )
    ConferenceRecord.objects.create(
        name="conferenceRecords/look-past",
        space=space,
        start_time=now - timedelta(days=1, hours=1),
        end_time=now - timedelta(days=1),
    )
    if operations_by:
        actor = get_user_model().objects.get(email=operations_by)
        for state in Operation.State:
            Operation.objects.create(
                kind=Operation.Kind.PATCH,
                state=state,
                actor=actor,
                identity_kind=Operation.IdentityKind.OWN_GRANT,
                identity_email=operations_by,
                space=space,
                result_message="" if state in Operation.UNSETTLED else f"Settled as {state.label}.",
            )
    return space


def badges_say_their_state(page: Page) -> set[str]:
    """Every state shown as a badge has the family's class, one state modifier and words of its own; returns the
    states seen."""
    seen = set()
    badges = page.locator(".badge")
    for index in range(badges.count()):
        badge = badges.nth(index)
        kinds = [
            name.removeprefix("badge-") for name in badge.get_attribute("class").split() if name.startswith("badge-")
        ]
        assert len(kinds) == 1, badge.get_attribute("class")
        assert kinds[0] in BADGE_KINDS, badge.get_attribute("class")
        assert badge.inner_text().strip(), f"a {kinds[0]} badge with no words"
        assert badge.is_visible()
        seen.add(kinds[0])
    # The old one-off state colours are gone: a state that is not a badge would look different on some page.
    expect(page.locator("[class*='state-']")).to_have_count(0)
    return seen


def test_each_role_sees_exactly_its_pages_in_the_navigation(control, google_sign_in, axe, settings):
    settings.INITIAL_HELPDESK = ["bob@example.com"]
    settings.INITIAL_IT_ADMINS = ["carol@example.com"]
    control.seed(browser_seed())

    page = google_sign_in("alice@example.com")
    assert nav_links(page) == OWNER_PAGES
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Your spaces")).to_have_attribute(
        "aria-current", "page"
    )
    axe()
    page.context.clear_cookies()

    page = google_sign_in("bob@example.com")
    assert nav_links(page) == HELPDESK_PAGES
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Find a meeting").click()
    expect(page.get_by_label("Paste a meeting link, code or space id")).to_be_focused()
    axe()
    page.context.clear_cookies()

    page = google_sign_in("carol@example.com")
    assert nav_links(page) == IT_ADMIN_PAGES
    for name, heading in [("All spaces", "All spaces"), ("Audit log", "Audit log"), ("Roles", "Roles")]:
        page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        current = page.get_by_role("navigation", name="Main").locator("[aria-current=page]")
        expect(current).to_have_text(name)  # the page you are on, and only that one
        axe()


def test_every_page_has_one_h1(control, google_sign_in, axe, settings):
    settings.INITIAL_IT_ADMINS = ["carol@example.com"]  # an IT admin is helpdesk too: every page is hers to see
    control.seed(browser_seed())
    page: Page = google_sign_in.page
    page.goto("/")
    one_h1(page)  # welcome
    axe()
    google_sign_in("carol@example.com")
    one_h1(page)  # home with the helpdesk's paste box
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a meeting from a ticket")
    alices_live_space()
    for path in [
        "/all-spaces/",
        "/import/",
        "/audit/",
        "/roles/",
        "/status/",
        "/preferences/time-zone/",
        f"/{LIVE}/",
        f"/{LIVE}/settings/",
        f"/{LIVE}/end/",
        "/no-such-page/",
    ]:
        page.goto(path)
        one_h1(page)
        axe()


def test_state_badges_say_the_state_in_words_on_every_page_that_shows_one(control, google_sign_in, axe, settings):
    settings.INITIAL_IT_ADMINS = ["carol@example.com"]
    control.seed(browser_seed())
    page = google_sign_in("carol@example.com")
    alices_live_space(operations_by="carol@example.com")

    page.goto("/")  # carol's recent actions: one of each state
    assert {"queued", "running", "succeeded", "failed", "outcome_unknown", "cancelled"} <= badges_say_their_state(page)
    expect(page.locator("#recent-actions .badge-outcome_unknown")).to_have_text("Outcome unknown")
    axe()

    page.goto(f"/{LIVE}/")
    seen = badges_say_their_state(page)
    assert {"live", "ended", "failed", "outcome_unknown", "queued", "running"} <= seen
    expect(page.locator("#live-conference .badge-live")).to_have_text("Live now")
    expect(page.locator("#space-history .badge-ended")).to_have_text("Ended")
    axe()

    page.goto("/all-spaces/")
    assert "live" in badges_say_their_state(page)
    expect(page.get_by_role("row", name="Design review").locator(".badge-live")).to_have_text("Live")
    axe()

    page.goto("/audit/")
    assert {"failed", "outcome_unknown", "succeeded"} <= badges_say_their_state(page)
    axe()

    page.goto("/status/")
    assert "succeeded" in badges_say_their_state(page) or "failed" in badges_say_their_state(page)
    axe()


def test_a_long_list_keeps_its_header_row_in_view_while_it_scrolls(control, google_sign_in, axe, settings):
    settings.INITIAL_IT_ADMINS = ["carol@example.com"]
    control.seed(browser_seed())
    page = google_sign_in("carol@example.com")
    now = timezone.now()
    Space.objects.bulk_create(
        Space(name=f"spaces/Look{number:03}", owner_email="dave@example.com", meeting_code_seen_at=now, fetched_at=now)
        for number in range(40)
    )
    page.goto("/all-spaces/")
    header = page.get_by_role("table", name="All spaces").locator("thead th").first
    expect(header).to_have_text("Space")
    assert header.evaluate("cell => getComputedStyle(cell).position") == "sticky"
    top_before = header.bounding_box()["y"]
    page.get_by_role("row", name="spaces/Look030").scroll_into_view_if_needed()
    page.mouse.wheel(0, 800)
    page.wait_for_function("() => window.scrollY > 600")
    box = header.bounding_box()
    assert top_before > 100  # below the page's heading and filters at first…
    assert 0 <= box["y"] <= 2, box  # …then pinned to the top of the window, over the rows
    covering = page.evaluate(
        f"() => document.elementFromPoint({box['x'] + 5}, {box['y'] + box['height'] / 2}).textContent"
    )
    assert covering.strip() == "Space"
    axe()


def test_the_end_confirmation_names_what_it_does_and_keeps_its_buttons_apart(control, google_sign_in, axe, settings):
    settings.INITIAL_IT_ADMINS = ["carol@example.com"]
    control.seed(browser_seed())
    page = google_sign_in("carol@example.com")
    alices_live_space()
    page.goto(f"/{LIVE}/")
    axe()
    page.get_by_role("link", name="End for everyone…").click()
    end = page.get_by_role("button", name="End the conference for everyone")
    cancel = page.get_by_role("link", name="Cancel")
    expect(end).to_be_visible()
    expect(cancel).to_be_visible()
    expect(page.get_by_role("button", name="Confirm")).to_have_count(0)
    first, second = end.bounding_box(), cancel.bounding_box()
    same_line = abs(first["y"] - second["y"]) < first["height"]
    gap = second["x"] - (first["x"] + first["width"]) if same_line else second["y"] - (first["y"] + first["height"])
    assert gap >= 8, (first, second)
    assert min(second["height"], second["width"]) >= 24  # a target of its own, not a word beside the button
    axe()

    page.set_viewport_size({"width": 360, "height": 740})  # a phone: still apart, still whole
    first, second = end.bounding_box(), cancel.bounding_box()
    same_line = abs(first["y"] - second["y"]) < first["height"]
    gap = second["x"] - (first["x"] + first["width"]) if same_line else second["y"] - (first["y"] + first["height"])
    assert gap >= 8, (first, second)
    assert first["x"] + first["width"] <= 360
    axe()
