"""Text that others control is shown as text on every page: a space's label, a caller's display name (anyone who
joins a call chooses theirs), what was pasted, a reason typed by helpdesk, Google's error message, what was said in a
call and the search for it."""

from __future__ import annotations

import pytest
from django.contrib import messages
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from spaces.models import ConferenceRecord, Operation, Participant, Space, TranscriptEntry
from tests.support.access_world import make_access_records

pytestmark = pytest.mark.django_db

MARKUP = '<img src=x onerror="alert(1)">'
ESCAPED = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"


@pytest.fixture
def marked_up_records(settings) -> dict:
    settings.RATELIMIT_ENABLE = False
    marked_up_records = make_access_records()
    Space.objects.filter(name="spaces/AliceSpace01").update(label=MARKUP)
    space = Space.objects.get(name="spaces/AliceSpace01")
    record = ConferenceRecord.objects.create(name="conferenceRecords/r1", space=space)
    Participant.objects.create(
        name="conferenceRecords/r1/participants/p1", record=record, kind="anonymous", display_name=MARKUP
    )
    for actor, batch in (
        (marked_up_records["people"]["alice"], ""),
        (marked_up_records["people"]["carol"], "carols-batch"),
    ):
        Operation.objects.create(
            kind=Operation.Kind.END_CONFERENCE if not batch else Operation.Kind.DISCOVER,
            actor=actor, identity_kind=Operation.IdentityKind.OWN_GRANT, identity_email="alice@example.com",
            target=MARKUP, reason=MARKUP, batch=batch, state=Operation.State.QUEUED,
        )  # fmt: skip
    TranscriptEntry.objects.update(speaker=MARKUP, text=MARKUP)
    # Settled the way a worker settles them (a settled Operation never changes after this).
    Operation.objects.filter(target=MARKUP).update(state=Operation.State.FAILED, result_message=MARKUP)
    return marked_up_records


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("alice", "/"),
        ("alice", "/spaces/AliceSpace01/"),
        ("alice", "/spaces/AliceSpace01/live/"),
        ("alice", "/spaces/AliceSpace01/end/"),
        ("alice", "/spaces/AliceSpace01/transcripts/past1/t1/"),
        ("carol", "/all-spaces/"),
        ("carol", "/audit/"),
        ("carol", "/status/"),
        ("carol", "/import/carols-batch/"),
    ],
)
def test_markup_from_others_is_shown_as_text(marked_up_records, who, path):
    client = Client()
    client.force_login(marked_up_records["people"][who])
    page = client.get(path).content.decode()
    assert MARKUP not in page
    assert ESCAPED in page


def test_what_was_pasted_is_shown_as_text(marked_up_records):
    client = Client()
    client.force_login(marked_up_records["people"]["bob"])
    page = client.post(reverse("spaces:lookup"), {"link": MARKUP}).content.decode()
    assert MARKUP not in page
    assert ESCAPED in page


def test_a_transcript_search_is_shown_as_text(marked_up_records):
    client = Client()
    client.force_login(marked_up_records["people"]["carol"])
    url = reverse("spaces:transcript", args=["AliceSpace01", "past1", "t1"])
    for searched in (f"{MARKUP} never said", "onerror"):
        page = client.get(url, {"q": searched}).content.decode()
        assert MARKUP not in page
        assert ESCAPED in page


def test_a_flash_message_naming_a_person_is_shown_as_text(marked_up_records):
    """The roles page's "… is now Helpdesk" carries an address from Google: it is escaped like the rest."""
    charlie = marked_up_records["people"]["charlie"]
    charlie.email = f"{MARKUP}@example.com"
    charlie.save()
    client = Client()
    client.force_login(marked_up_records["people"]["carol"])
    page = client.post(reverse("roles:change", args=[charlie.pk]), {"role": Role.HELPDESK}, follow=True)
    assert [message.level for message in page.context["messages"]] == [messages.SUCCESS]
    assert MARKUP not in page.content.decode()
    assert ESCAPED in page.content.decode()
