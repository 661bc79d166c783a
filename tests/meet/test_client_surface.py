"""Each client method calls the meet.v2.json method it is named for, with Google's list parameters. The client has
only the methods meetadmin calls; the emulator serves all of meet.v2.json (tests/emulator)."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

from meet_client import MeetClient

DISCOVERY = json.loads((Path(__file__).resolve().parents[2] / "google_emulator" / "meet" / "meet.v2.json").read_text())

CLIENT_METHOD = {
    "meet.spaces.create": "create_space",
    "meet.spaces.get": "get_space",
    "meet.spaces.patch": "patch_space",
    "meet.spaces.endActiveConference": "end_active_conference",
    "meet.spaces.members.create": "create_member",
    "meet.spaces.members.list": "list_members",
    "meet.spaces.members.delete": "delete_member",
    "meet.conferenceRecords.list": "list_conference_records",
    "meet.conferenceRecords.get": "get_conference_record",
    "meet.conferenceRecords.participants.list": "list_participants",
    "meet.conferenceRecords.participants.get": "get_participant",
    "meet.conferenceRecords.recordings.list": "list_recordings",
    "meet.conferenceRecords.transcripts.list": "list_transcripts",
    "meet.conferenceRecords.transcripts.entries.list": "list_transcript_entries",
    "meet.conferenceRecords.smartNotes.list": "list_smart_notes",
}


def discovery_methods(resources=DISCOVERY["resources"]):
    for resource in resources.values():
        yield from resource.get("methods", {}).values()
        yield from discovery_methods(resource.get("resources", {}))


def public_methods() -> set[str]:
    return {name for name, _ in inspect.getmembers(MeetClient, inspect.isfunction) if not name.startswith("_")}


def test_every_client_method_calls_the_discovery_method_it_is_named_for():
    methods = {method["id"]: method for method in discovery_methods()}
    assert set(CLIENT_METHOD) <= set(methods)
    assert set(CLIENT_METHOD.values()) == public_methods() - {"close"}
    for method_id, name in CLIENT_METHOD.items():
        assert f'"{method_id}"' in inspect.getsource(getattr(MeetClient, name)), method_id


def test_list_methods_take_a_page_size_and_the_filter_exactly_where_google_has_one():
    for method in discovery_methods():
        if not method["id"].endswith(".list") or method["id"] not in CLIENT_METHOD:
            continue
        parameters = inspect.signature(getattr(MeetClient, CLIENT_METHOD[method["id"]])).parameters
        assert "page_size" in parameters, method["id"]
        assert ("filter" in parameters) == ("filter" in method["parameters"]), method["id"]
