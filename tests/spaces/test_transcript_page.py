"""A copied transcript's page: entries in spoken order, speaker and time in the reader's zone, paged however long,
searched within, in a constant number of queries; bad search input gets a message, never a 500."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role, role_grant
from spaces.models import Artifact, TranscriptEntry
from spaces.views.transcripts import ENTRIES_PER_PAGE
from tests.support.page_rows import listed_spaces
from tests.support.signed_in_people import person
from tests.support.transcript_rows import copied_transcript

pytestmark = pytest.mark.django_db


def transcript_url(space, transcript) -> str:
    return reverse("spaces:transcript", args=[space.space_id, *transcript.page_ids])


@pytest.fixture
def alice_reading(client):
    alice = person("alice@example.com")
    client.force_login(alice)
    (space,) = listed_spaces(1, "Talk", owner=alice.email)
    return client, space


def test_a_long_transcript_stays_paged_and_runs_as_many_queries_as_a_short_one(alice_reading):
    client, space = alice_reading
    short = copied_transcript(space, 1, prefix="short")
    with CaptureQueriesContext(connection) as one:
        response = client.get(transcript_url(space, short))
    assert len(response.context["rows"]) == 1
    long = copied_transcript(space, 5000, prefix="long")
    with CaptureQueriesContext(connection) as full:
        response = client.get(transcript_url(space, long), {"page": "3"})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == ENTRIES_PER_PAGE
    assert rows[0]["text"].startswith(f"Line {2 * ENTRIES_PER_PAGE}")  # page 3, in spoken order
    assert response.context["page"].paginator.num_pages == 5000 // ENTRIES_PER_PAGE
    assert "Page 3 of 50" in response.content.decode()
    print(f"Transcript page: {len(full)} queries")
    assert len(full) == len(one)


def test_search_finds_entries_in_any_case_and_keeps_the_query_across_pages(alice_reading):
    client, space = alice_reading
    transcript = copied_transcript(space, 5000)
    with CaptureQueriesContext(connection) as searched:
        response = client.get(transcript_url(space, transcript), {"q": "BUDGET"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 500  # every tenth line
    assert all("budget" in row["text"] for row in response.context["rows"])
    body = response.content.decode()
    assert "500 entries contain “BUDGET”" in body
    assert "?q=BUDGET&amp;page=2" in body
    assert len(searched) <= 8
    nothing = client.get(transcript_url(space, transcript), {"q": "quarterly"})
    assert "No entry contains “quarterly”" in nothing.content.decode()


def test_speakers_and_times_are_shown_in_the_readers_zone(alice_reading, settings):
    client, space = alice_reading
    transcript = copied_transcript(space, 3)
    session = client.session
    session["time_zone"] = "Asia/Tokyo"
    session.save()
    body = client.get(transcript_url(space, transcript)).content.decode()
    assert body.count(" JST</td>") == 3
    assert "Unknown speaker" in body  # Google named a participant the copy could not
    assert body.index("Line 0") < body.index("Line 1") < body.index("Line 2")


def test_a_search_too_long_says_so_and_shows_no_entries(alice_reading):
    client, space = alice_reading
    transcript = copied_transcript(space, 3)
    response = client.get(transcript_url(space, transcript), {"q": "x" * 201})
    assert response.status_code == 422
    assert "Search for at most 200 characters; this is 201." in response.content.decode()
    assert response.context["rows"] == []


def test_helpdesk_sees_the_space_but_no_link_to_what_was_said(client):
    bob = person("bob@example.com")
    role_grant(user=bob, role=Role.HELPDESK)
    (space,) = listed_spaces(1, "Talk", owner="alice@example.com")
    transcript = copied_transcript(space, 3)
    client.force_login(bob)
    page = client.get(reverse("spaces:space", args=[space.space_id])).content.decode()
    assert "Transcript" in page
    assert transcript_url(space, transcript) not in page
    assert client.get(transcript_url(space, transcript)).status_code == 403
    carol = person("carol@example.com")
    role_grant(user=carol, role=Role.IT_ADMIN)
    client.force_login(carol)
    assert (
        transcript_url(space, transcript) in client.get(reverse("spaces:space", args=[space.space_id])).content.decode()
    )


def test_an_organisation_deletes_the_copy_deliberately_one_space_or_all(db):
    (mine, other) = listed_spaces(2, "Gone", owner="alice@example.com")
    copied_transcript(mine, 3, prefix="mine")
    copied_transcript(other, 2, prefix="other")
    out = StringIO()
    call_command("delete_transcripts", "--space", mine.name, stdout=out)
    assert out.getvalue().strip() == f"Deleted 3 copied transcript entries of {mine.name}."
    assert TranscriptEntry.objects.count() == 2
    with pytest.raises(CommandError, match="a meeting code can move"):
        call_command("delete_transcripts", "--space", "abc-mnop-xyz")
    call_command("delete_transcripts", "--all", stdout=out)
    assert not TranscriptEntry.objects.exists()
    assert Artifact.objects.count() == 2  # the history still lists the transcripts
