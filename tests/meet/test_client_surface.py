"""The client covers meet.v2.json method for method, with Google's list parameters."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

from spaces.meet import MeetClient

DISCOVERY = json.loads((Path(__file__).resolve().parents[2] / "google_emulator" / "meet" / "meet.v2.json").read_text())

CLIENT_METHOD = {
    "meet.spaces.create": "create_space",
    "meet.spaces.get": "get_space",
    "meet.spaces.patch": "patch_space",
    "meet.spaces.endActiveConference": "end_active_conference",
    "meet.spaces.members.create": "create_member",
    "meet.spaces.members.get": "get_member",
    "meet.spaces.members.list": "list_members",
    "meet.spaces.members.patch": "patch_member",
    "meet.spaces.members.delete": "delete_member",
    "meet.spaces.members.batchUpdate": "batch_update_members",
    "meet.conferenceRecords.list": "list_conference_records",
    "meet.conferenceRecords.get": "get_conference_record",
    "meet.conferenceRecords.participants.list": "list_participants",
    "meet.conferenceRecords.participants.get": "get_participant",
    "meet.conferenceRecords.participants.participantSessions.list": "list_participant_sessions",
    "meet.conferenceRecords.participants.participantSessions.get": "get_participant_session",
    "meet.conferenceRecords.recordings.list": "list_recordings",
    "meet.conferenceRecords.recordings.get": "get_recording",
    "meet.conferenceRecords.transcripts.list": "list_transcripts",
    "meet.conferenceRecords.transcripts.get": "get_transcript",
    "meet.conferenceRecords.transcripts.entries.list": "list_transcript_entries",
    "meet.conferenceRecords.transcripts.entries.get": "get_transcript_entry",
    "meet.conferenceRecords.smartNotes.list": "list_smart_notes",
    "meet.conferenceRecords.smartNotes.get": "get_smart_note",
}


def discovery_methods(resources=DISCOVERY["resources"]):
    for resource in resources.values():
        yield from resource.get("methods", {}).values()
        yield from discovery_methods(resource.get("resources", {}))


def test_every_discovery_method_has_a_client_method_that_calls_it():
    methods = {method["id"]: method for method in discovery_methods()}
    assert set(methods) == set(CLIENT_METHOD)
    for method_id, name in CLIENT_METHOD.items():
        assert f'"{method_id}"' in inspect.getsource(getattr(MeetClient, name)), method_id


def test_list_methods_take_a_page_size_and_the_filter_exactly_where_google_has_one():
    for method in discovery_methods():
        if not method["id"].endswith(".list"):
            continue
        parameters = inspect.signature(getattr(MeetClient, CLIENT_METHOD[method["id"]])).parameters
        assert "page_size" in parameters, method["id"]
        assert ("filter" in parameters) == ("filter" in method["parameters"]), method["id"]
