"""Transcript entries are copied with the rest of the history, by a real worker from the emulator over HTTP, so
they can be read after Google's 30 days; copying again adds nothing twice; COPY_TRANSCRIPTS turns copying off."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from spaces import services
from spaces.models import Artifact, Space, TranscriptEntry
from spaces.permissions import Action, decide
from tests.support.settled_operation import settled
from tests.support.signed_in_people import sign_in
from tests.support.worker_process import WorkerProcess
from tests.support.workspace_seed import PROJECT, seed_document

pytestmark = [pytest.mark.django_db(transaction=True)]

QUIET = {"id": "AliceQuiet01", "owner": "alice@example.com", "project": PROJECT, "code": "abc-mnop-xyz"}
PAST = {
    "space": "spaces/AliceQuiet01",
    "startTime": {"daysAgo": 3},
    "endTime": {"daysAgo": 3, "minutesAgo": -45},
    "participants": [{"email": "alice@example.com"}, {"email": "dave@example.com"}, {"anonymous": "Guest"}],
    "transcripts": [
        {
            "state": "FILE_GENERATED",
            "entries": [
                {"participant": {"email": "alice@example.com"}, "text": "Welcome, everyone."},
                {
                    "participant": {"email": "dave@example.com"},
                    "text": "The budget is on track.",
                    "languageCode": "en-GB",
                },
                {"participant": {"anonymous": "Guest"}, "text": "Thanks for having me."},
            ],
        },
        # Still being written when copied: listed again on every copy, and its entries are not added twice.
        {"state": "STARTED", "entries": [{"participant": {"email": "alice@example.com"}, "text": "Second part."}]},
    ],
}
ENTRIES_LIST = "meet.conferenceRecords.transcripts.entries.list"


def discover(alice):
    own = decide(alice, Space(name="spaces/any", owner_email=alice.email), Action.REFRESH).identity
    operation = settled(services.spaces_discover(actor=alice, identity=own))
    assert operation.state == "succeeded", operation.result_message
    return operation


def spoken() -> set[tuple[str, str, str]]:
    return set(TranscriptEntry.objects.values_list("speaker", "text", "language_code"))


@pytest.mark.usefixtures("celery_worker")
def test_entries_are_copied_with_speakers_once_and_stay_after_google_forgets(control):
    control.seed(seed_document(spaces=[QUIET], conferences=[PAST]))
    alice = sign_in(control, "alice@example.com")
    discover(alice)
    assert spoken() == {
        ("Alice", "Welcome, everyone.", "en-US"),
        ("Dave", "The budget is on track.", "en-GB"),
        ("Guest", "Thanks for having me.", "en-US"),
        ("Alice", "Second part.", "en-US"),
    }
    assert len(control.calls(method=ENTRIES_LIST)) == 2

    discover(alice)  # the schedule copies again while Google keeps the conference
    assert TranscriptEntry.objects.count() == 4  # Google's entry name is the key: nothing twice
    # The finished transcript is not read again; the one still being written is.
    assert len(control.calls(method=ENTRIES_LIST)) == 3

    control.advance_clock(31 * 24 * 3600)
    discover(alice)
    assert len(control.calls(method=ENTRIES_LIST)) == 3  # Google has forgotten the conference...
    finished = Artifact.objects.get(kind=Artifact.Kind.TRANSCRIPT, state="FILE_GENERATED")
    record_id, transcript_id = finished.page_ids
    client = Client()
    client.force_login(alice)
    page = client.get(reverse("spaces:transcript", args=["AliceQuiet01", record_id, transcript_id]))
    assert page.status_code == 200  # ...meetadmin still shows what was said
    assert [row["speaker"] for row in page.context["rows"]] == ["Alice", "Dave", "Guest"]
    assert "The budget is on track." in page.content.decode()


NO_COPY_QUEUE = "no-transcript-copies"


@pytest.mark.usefixtures("celery_worker")
def test_turning_copying_off_stops_new_copies_and_keeps_what_was_copied(control, worker_env, settings):
    control.seed(seed_document(spaces=[QUIET], conferences=[PAST]))
    alice = sign_in(control, "alice@example.com")
    discover(alice)  # copying on (the default), on the session's worker
    assert TranscriptEntry.objects.count() == 4
    calls_before = len(control.calls(method=ENTRIES_LIST))
    control.add_transcript(
        Artifact.objects.filter(kind=Artifact.Kind.TRANSCRIPT).first().record_id,
        entries=[{"participant": {"email": "dave@example.com"}, "text": "Said after copying was turned off."}],
        state="FILE_GENERATED",
    )
    settings.INTERACTIVE_QUEUE = settings.BULK_QUEUE = NO_COPY_QUEUE  # only the worker with copying off runs it
    worker = WorkerProcess({**worker_env, "COPY_TRANSCRIPTS": "false"}, concurrency=1, queues=NO_COPY_QUEUE).start()
    try:
        discover(alice)
    finally:
        worker.stop()
    assert len(control.calls(method=ENTRIES_LIST)) == calls_before  # Google was not asked for entries
    assert Artifact.objects.filter(kind=Artifact.Kind.TRANSCRIPT).count() == 3  # the history itself is still copied
    assert TranscriptEntry.objects.count() == 4  # what was copied before stays
    assert not TranscriptEntry.objects.filter(text__startswith="Said after").exists()
