"""Conference records and every sub-list over real HTTP, with small pages and filters."""

from __future__ import annotations

from datetime import datetime

import pytest

from meet_client import (
    ArtifactState,
    ConferenceRecord,
    MeetInvalidArgument,
    Participant,
)
from meet_client.client import InvalidResourceName


@pytest.fixture
def past_and_running(alice, people_and_apps):
    """alice's space with one finished conference (artifacts, three people) and one running now."""
    space = alice.create_space()
    first = people_and_apps.start_conference(
        space.name, [{"email": "dave@example.com"}, {"anonymous": "Guest"}, {"phone": "Caller"}]
    )
    people_and_apps.add_recording(first["name"], state="FILE_GENERATED")
    people_and_apps.add_recording(first["name"], state="FILE_GENERATED")
    people_and_apps.add_transcript(
        first["name"],
        entries=[
            {"participant": {"email": "dave@example.com"}, "text": f"line {n}", "languageCode": "en-US"}
            for n in range(5)
        ],
        state="FILE_GENERATED",
    )
    people_and_apps.add_smart_note(first["name"], state="FILE_GENERATED")
    people_and_apps.advance_clock(60)
    people_and_apps.end_conference(space.name)
    people_and_apps.advance_clock(60)
    second = people_and_apps.start_conference(space.name, [{"email": "dave@example.com"}])
    return space, first["name"], second["name"]


def test_records_list_newest_first_across_small_pages(alice, past_and_running):
    space, first, second = past_and_running
    records = list(alice.list_conference_records(filter=f'space.name = "{space.name}"', page_size=1))
    assert [record.name for record in records] == [second, first]
    assert all(isinstance(record, ConferenceRecord) for record in records)
    assert isinstance(records[0].start_time, datetime)
    assert records[0].start_time.tzinfo is not None
    assert records[0].is_active
    assert not records[1].is_active
    assert records[0].space == space.name


def test_filters_pick_the_running_conference_and_get_reads_one(alice, past_and_running):
    space, _first, second = past_and_running
    running = list(alice.list_conference_records(filter=f'space.name = "{space.name}" AND end_time IS NULL'))
    assert [record.name for record in running] == [second]
    by_code = list(alice.list_conference_records(filter=f'space.meeting_code = "{space.meeting_code}"'))
    assert len(by_code) == 2
    assert alice.get_conference_record(second).name == second


def test_a_bad_filter_is_invalid_argument(alice, past_and_running):
    with pytest.raises(MeetInvalidArgument):
        list(alice.list_conference_records(filter="space.name ==== nonsense"))


def test_participants_and_who_is_in_the_call_now(alice, people_and_apps, past_and_running):
    space, first, second = past_and_running
    participants = list(alice.list_participants(first, page_size=1))
    assert len(participants) == 3
    assert all(isinstance(participant, Participant) for participant in participants)
    kinds = {("signed in" if p.signedin_user else "anonymous" if p.anonymous_user else "phone") for p in participants}
    assert kinds == {"signed in", "anonymous", "phone"}
    dave = next(p for p in participants if p.signedin_user)
    assert dave.signedin_user.user.startswith("users/")
    assert dave.display_name == "Dave"
    assert alice.get_participant(dave.name) == dave

    people_and_apps.join(space.name, {"anonymous": "Late guest"})
    in_call = list(alice.list_participants(second, filter="latest_end_time IS NULL"))
    assert {p.display_name for p in in_call} == {"Dave", "Late guest"}


def test_recordings_transcripts_and_smart_notes(alice, past_and_running):
    _space, first, _second = past_and_running
    recordings = list(alice.list_recordings(first, page_size=1))
    assert len(recordings) == 2
    assert recordings[0].state is ArtifactState.FILE_GENERATED

    (transcript,) = alice.list_transcripts(first, page_size=1)
    assert transcript.state is ArtifactState.FILE_GENERATED
    (note,) = alice.list_smart_notes(first, page_size=1)
    assert note.state is ArtifactState.FILE_GENERATED


def test_transcript_entries_come_in_spoken_order_page_by_page(alice, past_and_running, people_and_apps):
    _space, first, _second = past_and_running
    (transcript,) = alice.list_transcripts(first)
    entries = list(alice.list_transcript_entries(transcript, page_size=2))
    assert [entry.text for entry in entries] == [f"line {n}" for n in range(5)]
    assert len(people_and_apps.calls(method="meet.conferenceRecords.transcripts.entries.list")) == 3
    dave = next(p for p in alice.list_participants(first) if p.signedin_user and p.display_name == "Dave")
    assert {entry.participant for entry in entries} == {dave.name}
    assert entries[0].language_code == "en-US"
    assert entries[0].name.startswith(f"{transcript.name}/entries/")
    assert entries[0].start_time <= entries[0].end_time <= entries[1].start_time
    with pytest.raises(InvalidResourceName, match="transcripts"):
        alice.list_transcript_entries(first)  # a record is not a transcript


def test_malformed_names_and_page_sizes_fail_before_any_request(alice, people_and_apps):
    with pytest.raises(InvalidResourceName, match=r"conferenceRecords/\{record\}"):
        alice.list_participants("spaces/abc")
    with pytest.raises(InvalidResourceName):
        alice.get_participant("conferenceRecords/r/participants")
    with pytest.raises(ValueError, match="page_size"):
        alice.list_conference_records(page_size=0)
    assert people_and_apps.calls(method="meet.conferenceRecords.participants.list") == []
    assert people_and_apps.calls(method="meet.conferenceRecords.list") == []
