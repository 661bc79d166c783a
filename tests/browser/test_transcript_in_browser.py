"""alice reads what was said in her weekly call from the space's history, and searches within it; helpdesk sees
that a transcript exists but may not read it. Copied by the real worker from the emulator after sign-in."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.urls import reverse
from playwright.sync_api import expect

from spaces import services
from spaces.models import Artifact, Operation, TranscriptEntry
from spaces.permissions import Identity
from tests.support.browser_workspace import SPACES
from tests.support.settled_operation import settled
from tests.support.signed_in_people import sign_in
from tests.support.workspace_seed import past_conference, seed_document

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker")]

WEEKLY = {
    **past_conference("spaces/AliceWeekly1", "alice@example.com", days_ago=2),
    "participants": [{"email": "alice@example.com"}, {"email": "dave@example.com"}],
    "transcripts": [
        {
            "state": "FILE_GENERATED",
            "entries": [
                {"participant": {"email": "alice@example.com"}, "text": "Welcome to the weekly."},
                {"participant": {"email": "dave@example.com"}, "text": "The budget review moves to Friday."},
                {"participant": {"email": "alice@example.com"}, "text": "Thanks, Dave."},
            ],
        }
    ],
}
SPACE_URL = "/spaces/AliceWeekly1/"  # spaces:space


@pytest.fixture
def context_options() -> dict:
    return {"timezone_id": "Asia/Tokyo"}


def test_alice_reads_and_searches_her_transcript_from_the_history(control, google_sign_in, axe):
    control.seed(seed_document(spaces=SPACES, conferences=[WEEKLY]))
    page = google_sign_in("alice@example.com")
    # The home page is drawn again once the browser's zone is known, so the discovery's outcome line may be gone:
    # wait for the discovery itself.
    settled(Operation.objects.get(kind=Operation.Kind.DISCOVER, actor__email="alice@example.com"))
    assert TranscriptEntry.objects.count() == 3  # the discovery after sign-in copied them
    page.goto(SPACE_URL)
    axe()
    history = page.locator("#space-history")
    history.get_by_role("link", name=re.compile("read here")).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Transcript of the conference of")
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Alice")
    expect(rows.nth(0)).to_contain_text(re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d JST"))
    expect(rows.nth(1)).to_contain_text("Dave")
    expect(rows.nth(1)).to_contain_text("The budget review moves to Friday.")
    axe()

    search = page.get_by_role("searchbox", name="Search this transcript")
    search.fill("BUDGET")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("1 entry contains “BUDGET”")
    expect(rows).to_have_count(1)
    expect(rows.nth(0)).to_contain_text("Dave")
    expect(search).to_have_value("BUDGET")
    axe()
    page.get_by_role("link", name="Show everything").click()
    expect(rows).to_have_count(3)


def test_helpdesk_is_told_transcripts_are_for_the_owner_and_it(control, google_sign_in, axe, settings):
    control.seed(seed_document(spaces=SPACES, conferences=[WEEKLY]))
    sign_in(control, "alice@example.com")
    with transaction.atomic():
        discovery = services.spaces_discover(identity=Identity(Operation.IdentityKind.OWN_GRANT, "alice@example.com"))
    assert settled(discovery).state == Operation.State.SUCCEEDED
    transcript = Artifact.objects.get(kind=Artifact.Kind.TRANSCRIPT)
    settings.INITIAL_HELPDESK = ["bob@example.com"]
    page = google_sign_in("bob@example.com")
    page.goto(SPACE_URL)
    expect(page.locator("#space-history")).to_contain_text("Transcript")
    expect(page.locator("#space-history").get_by_role("link", name=re.compile("read here"))).to_have_count(0)
    axe()
    page.goto(reverse("spaces:transcript", args=["AliceWeekly1", *transcript.page_ids]))
    expect(page.get_by_role("main")).to_contain_text("Only the owner and IT admins read transcripts.")
    expect(page.get_by_role("main")).not_to_contain_text("budget review")
    axe()
