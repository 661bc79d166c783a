"""Every method of meet.v2.json, called over raw HTTP in both JSON dialects, answers as the discovery document says.

The world is seeded through the control surface; each answer is held against the discovery schema of the method's
response: field names, types, enums (names, or integers for `$alt=json;enum-encoding=int`), RFC 3339 UTC timestamps,
no unknown fields, no default-valued fields (proto3 JSON omits them), and list pages that carry `nextPageToken` only
when more items follow.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import requests

from tests.support import discovery
from tests.support.conformance_calls import CALLS
from tests.support.conformance_seed import (
    ALICE,
    DAVE,
    FRANK,
    MEET_SCOPES,
    SETTINGS,
    ConformanceSeed,
    access_token,
)
from tests.support.google_errors import PERMISSION_DENIED_SPACE, assert_google_error, google_error
from tests.support.meet_http import DIALECT_PARAMETERS, DIALECTS, MeetHttp

# How many items each list method holds in that world (so that pagination has something to page through).
LIST_SIZES = {
    "meet.spaces.members.list": 2,
    "meet.conferenceRecords.list": 3,
    "meet.conferenceRecords.participants.list": 3,
    "meet.conferenceRecords.participants.participantSessions.list": 2,
    "meet.conferenceRecords.recordings.list": 2,
    "meet.conferenceRecords.transcripts.list": 2,
    "meet.conferenceRecords.transcripts.entries.list": 2,
    "meet.conferenceRecords.smartNotes.list": 2,
}
LIST_METHODS = sorted(LIST_SIZES)


def recipe(method_id: str, conformance_seed: ConformanceSeed) -> dict[str, Any]:
    assert method_id in CALLS, f"the emulator's conformance suite has no call for {method_id}: add one"
    call = CALLS[method_id](conformance_seed)
    method = discovery.method(method_id)
    if "body" in call:
        discovery.validate(method.request, call["body"], request=True)  # our own request must be Google's too
    return call


def held_against_discovery(method_id: str, dialect: str, response) -> dict[str, Any]:
    """The response is 200 JSON shaped exactly as the method's discovery response schema; returned in names."""
    method = discovery.method(method_id)
    assert response.status_code == 200, f"{method_id}: {response.status_code} {response.text[:500]}"
    assert response.headers["Content-Type"].startswith("application/json"), response.headers["Content-Type"]
    payload = response.json()
    discovery.validate(method.response, payload, dialect=dialect)
    assert discovery.default_valued_fields(method.response, payload) == [], (
        f"proto3 JSON omits default values, but {method_id} sent them: {payload}"
    )
    return discovery.to_names(method.response, payload) if dialect == "ints" else payload


def test_every_method_has_a_recipe_and_expectations():
    assert sorted(CALLS) == discovery.all_method_ids()
    assert sorted(EXPECTATIONS) == discovery.all_method_ids()
    assert [m for m in discovery.all_method_ids() if m.endswith(".list")] == LIST_METHODS


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("method_id", discovery.all_method_ids())
def test_method_answers_as_the_discovery_document_says(conformance_seed, method_id, dialect):
    response = conformance_seed.client(dialect).call(method_id, **recipe(method_id, conformance_seed))
    payload = held_against_discovery(method_id, dialect, response)
    EXPECTATIONS[method_id](conformance_seed, payload)


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("method_id", LIST_METHODS)
def test_list_pages_carry_a_token_only_while_more_items_follow(conformance_seed, method_id, dialect):
    client = conformance_seed.client(dialect)
    call = recipe(method_id, conformance_seed)
    field = discovery.list_field(discovery.method(method_id).response)

    everything = held_against_discovery(method_id, dialect, client.call(method_id, **call))
    assert len(everything[field]) == LIST_SIZES[method_id]
    assert "nextPageToken" not in everything

    seen, token = [], None
    for _ in range(LIST_SIZES[method_id]):
        params = {"pageSize": 1, **({"pageToken": token} if token else {})}
        page = held_against_discovery(method_id, dialect, client.call(method_id, **call, params=params))
        assert len(page[field]) == 1
        seen += page[field]
        token = page.get("nextPageToken")
        if len(seen) < LIST_SIZES[method_id]:
            assert token, f"page {len(seen)} of {LIST_SIZES[method_id]} has no nextPageToken"
    assert token is None, "the last page still carries a nextPageToken"
    assert [item["name"] for item in seen] == [item["name"] for item in everything[field]]


EMPTY_LISTS = {
    "meet.spaces.members.list": lambda space, record, transcript: {"parent": space},
    "meet.conferenceRecords.participants.list": lambda space, record, transcript: {"parent": record},
    "meet.conferenceRecords.recordings.list": lambda space, record, transcript: {"parent": record},
    "meet.conferenceRecords.smartNotes.list": lambda space, record, transcript: {"parent": record},
    "meet.conferenceRecords.transcripts.entries.list": lambda space, record, transcript: {"parent": transcript},
}


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("method_id", sorted(EMPTY_LISTS))
def test_an_empty_list_is_an_empty_object(emulator, control, method_id, dialect):
    """proto3 JSON omits an empty repeated field: an empty page is `{}` (no items, no token)."""
    control.add_user(ALICE)
    alice = MeetHttp(emulator.url, access_token(control, ALICE, MEET_SCOPES), dialect)
    space = alice.ok("meet.spaces.create", body={})
    record = control.start_conference(space["name"], [])["name"]
    control.end_conference(space["name"])
    transcript = control.add_transcript(record, entries=[])["name"]
    response = alice.call(method_id, **EMPTY_LISTS[method_id](space["name"], record, transcript))
    assert response.status_code == 200, response.text
    assert response.json() == {}


# ---------------------------------------------------------------------------------------------------- contents


def expect_space(conformance_seed: ConformanceSeed, space: dict) -> None:
    assert space["name"] == conformance_seed.space["name"]
    assert space["meetingCode"] == conformance_seed.space["meetingCode"]
    assert space["meetingUri"] == f"https://meet.google.com/{space['meetingCode']}"
    assert space["config"] == SETTINGS  # the owner sees every setting she made
    assert "activeConference" not in space  # both conferences are over


def expect_created_space(conformance_seed: ConformanceSeed, space: dict) -> None:
    assert space["name"].startswith("spaces/")
    assert space["name"] not in (conformance_seed.space["name"], conformance_seed.live_space["name"])
    assert space["meetingUri"] == f"https://meet.google.com/{space['meetingCode']}"
    assert space["config"]["accessType"] == "OPEN"
    assert space["config"]["moderation"] == "ON"


def expect_patched_space(conformance_seed: ConformanceSeed, space: dict) -> None:
    assert space["config"]["accessType"] == "TRUSTED"
    assert space["config"]["moderationRestrictions"]["chatRestriction"] == "NO_RESTRICTION"
    assert space["config"]["moderationRestrictions"]["presentRestriction"] == "HOSTS_ONLY"  # not in the mask
    assert space["config"]["moderation"] == "ON"


def expect_empty(conformance_seed: ConformanceSeed, payload: dict) -> None:
    assert payload == {}


def expect_member(conformance_seed: ConformanceSeed, member: dict) -> None:
    assert member == conformance_seed.members[0]
    assert member["name"].startswith(conformance_seed.space["name"] + "/members/")
    assert member["email"] == DAVE
    assert member["role"] == "COHOST"


def expect_new_member(conformance_seed: ConformanceSeed, member: dict) -> None:
    assert member["name"].startswith(conformance_seed.space["name"] + "/members/")
    assert member["name"] not in [existing["name"] for existing in conformance_seed.members]
    assert member["email"] == "erin@example.com"
    assert member["role"] == "COHOST"


def expect_members(conformance_seed: ConformanceSeed, page: dict) -> None:
    assert sorted(m["email"] for m in page["members"]) == [DAVE, FRANK]


def expect_cohost(conformance_seed: ConformanceSeed, member: dict) -> None:
    assert member == {"name": conformance_seed.members[1]["name"], "email": FRANK, "role": "COHOST"}


def expect_batch_of_one_cohost(conformance_seed: ConformanceSeed, page: dict) -> None:
    assert page["members"] == [{"name": conformance_seed.members[1]["name"], "email": FRANK, "role": "COHOST"}]


def expect_record(conformance_seed: ConformanceSeed, record: dict) -> None:
    assert record["name"] == conformance_seed.record
    assert record["space"] == conformance_seed.space["name"]
    assert record["startTime"] < record["endTime"] < record["expireTime"]


def expect_records(conformance_seed: ConformanceSeed, page: dict) -> None:
    records = page["conferenceRecords"]
    starts = [record["startTime"] for record in records]
    assert starts == sorted(starts, reverse=True), "conference records come newest first"
    live = [record for record in records if record["space"] == conformance_seed.live_space["name"]]
    assert len(live) == 1
    assert "endTime" not in live[0], "a running conference has no endTime"
    assert records[-1]["name"] == conformance_seed.record


def expect_participant(conformance_seed: ConformanceSeed, participant: dict) -> None:
    assert participant["name"] == conformance_seed.participant
    assert participant["signedinUser"]["user"].startswith("users/")
    assert "earliestStartTime" in participant
    assert participant["earliestStartTime"] <= participant["latestEndTime"]


def expect_participants(conformance_seed: ConformanceSeed, page: dict) -> None:
    kinds = sorted(
        next(kind for kind in ("signedinUser", "anonymousUser", "phoneUser") if kind in participant)
        for participant in page["participants"]
    )
    assert kinds == ["anonymousUser", "phoneUser", "signedinUser"]
    for participant in page["participants"]:
        assert participant["name"].startswith(conformance_seed.record + "/participants/")
        kinds_present = [kind for kind in ("signedinUser", "anonymousUser", "phoneUser") if kind in participant]
        assert len(kinds_present) == 1, f"a participant is exactly one kind of user: {participant}"
    names = {p.get("anonymousUser", p.get("phoneUser", {})).get("displayName") for p in page["participants"]}
    assert {"Guest of alice", "Caller one"} <= names


def expect_sessions(conformance_seed: ConformanceSeed, page: dict) -> None:
    sessions = page["participantSessions"]
    assert all(
        session["name"].startswith(conformance_seed.participant + "/participantSessions/") for session in sessions
    )
    assert all(session["startTime"] <= session["endTime"] for session in sessions)


def expect_session(conformance_seed: ConformanceSeed, session: dict) -> None:
    assert session["name"].startswith(conformance_seed.participant + "/participantSessions/")
    assert session["startTime"] <= session["endTime"]


def expect_artifact(kind: str, destination: str, file_field: str) -> Callable[[ConformanceSeed, dict], None]:
    def check(conformance_seed: ConformanceSeed, artifact: dict) -> None:
        assert artifact["name"] == getattr(conformance_seed, kind)
        assert artifact["state"] == "FILE_GENERATED"
        assert artifact["startTime"] <= artifact["endTime"]
        assert artifact[destination][file_field]
        assert artifact[destination]["exportUri"].startswith("https://")

    return check


def expect_artifacts(field: str) -> Callable[[ConformanceSeed, dict], None]:
    def check(conformance_seed: ConformanceSeed, page: dict) -> None:
        items = page[field]
        assert all(item["name"].startswith(conformance_seed.record + f"/{field}/") for item in items)
        starts = [item["startTime"] for item in items]
        assert starts == sorted(starts), "artifacts come oldest first"

    return check


def expect_entry(conformance_seed: ConformanceSeed, entry: dict) -> None:
    assert entry["name"] == conformance_seed.entry
    assert entry["participant"] == conformance_seed.participant
    assert entry["text"] == "Hello everyone."
    assert entry["languageCode"] == "en-US"
    assert entry["startTime"] <= entry["endTime"]


def expect_entries(conformance_seed: ConformanceSeed, page: dict) -> None:
    entries = page["transcriptEntries"]
    assert [entry["text"] for entry in entries] == ["Hello everyone.", "Hi Dave."]
    assert all(entry["name"].startswith(conformance_seed.transcript + "/entries/") for entry in entries)
    assert entries[1]["participant"].startswith(conformance_seed.record + "/participants/")


EXPECTATIONS: dict[str, Callable[[ConformanceSeed, dict], None]] = {
    "meet.spaces.get": expect_space,
    "meet.spaces.create": expect_created_space,
    "meet.spaces.patch": expect_patched_space,
    "meet.spaces.endActiveConference": expect_empty,
    "meet.spaces.members.delete": expect_empty,
    "meet.spaces.members.get": expect_member,
    "meet.spaces.members.create": expect_new_member,
    "meet.spaces.members.list": expect_members,
    "meet.spaces.members.patch": expect_cohost,
    "meet.spaces.members.batchUpdate": expect_batch_of_one_cohost,
    "meet.conferenceRecords.get": expect_record,
    "meet.conferenceRecords.list": expect_records,
    "meet.conferenceRecords.participants.get": expect_participant,
    "meet.conferenceRecords.participants.list": expect_participants,
    "meet.conferenceRecords.participants.participantSessions.list": expect_sessions,
    "meet.conferenceRecords.participants.participantSessions.get": expect_session,
    "meet.conferenceRecords.recordings.get": expect_artifact("recording", "driveDestination", "file"),
    "meet.conferenceRecords.transcripts.get": expect_artifact("transcript", "docsDestination", "document"),
    "meet.conferenceRecords.smartNotes.get": expect_artifact("smart_note", "docsDestination", "document"),
    "meet.conferenceRecords.recordings.list": expect_artifacts("recordings"),
    "meet.conferenceRecords.transcripts.list": expect_artifacts("transcripts"),
    "meet.conferenceRecords.smartNotes.list": expect_artifacts("smartNotes"),
    "meet.conferenceRecords.transcripts.entries.get": expect_entry,
    "meet.conferenceRecords.transcripts.entries.list": expect_entries,
}


@pytest.mark.parametrize(
    ("dialect", "access_type"),
    [("names", 1), ("ints", "OPEN")],
    ids=["integer-in-names-dialect", "name-in-ints-dialect"],
)
def test_a_request_body_may_spell_enums_either_way(conformance_seed, dialect, access_type):
    """proto3 JSON parsers accept an enum as its name or its number, whichever dialect the answer is asked in."""
    client = conformance_seed.client(dialect)
    response = client.session.patch(
        f"{conformance_seed.url}/v2/{conformance_seed.space['name']}",
        params={**DIALECT_PARAMETERS[dialect], "updateMask": "config.accessType"},
        json={"config": {"accessType": access_type}},
        headers={"Authorization": f"Bearer {conformance_seed.token}"},
        timeout=30,
    )
    payload = held_against_discovery("meet.spaces.patch", dialect, response)
    assert payload["config"]["accessType"] == "OPEN"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_errors_are_the_same_in_both_dialects(conformance_seed, dialect):
    response = conformance_seed.client(dialect).call("meet.spaces.get", name="spaces/doesNotExist42")
    error = assert_google_error(response, 403, "PERMISSION_DENIED", PERMISSION_DENIED_SPACE)
    assert isinstance(error["status"], str)


# ---------------------------------------------------------------------------------------------------- system parameters
# The discovery document's top-level `parameters` apply to every method: Google's front end honours them all.


def test_alt_json_is_the_default_dialect(conformance_seed):
    response = requests.get(
        f"{conformance_seed.url}/v2/{conformance_seed.space['name']}",
        headers={"Authorization": f"Bearer {conformance_seed.token}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert response.json()["config"]["accessType"] == SETTINGS["accessType"]


def test_the_access_token_may_travel_as_a_query_parameter(conformance_seed):
    response = requests.get(
        f"{conformance_seed.url}/v2/{conformance_seed.space['name']}",
        params={"access_token": conformance_seed.token},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert response.json()["name"] == conformance_seed.space["name"]


def test_pretty_print_false_answers_compact_json(conformance_seed):
    response = conformance_seed.client("names").call(
        "meet.spaces.get", name=conformance_seed.space["name"], params={"prettyPrint": "false"}
    )
    assert response.status_code == 200, response.text
    assert "\n" not in response.text.strip()


def test_fields_selects_a_partial_response(conformance_seed):
    response = conformance_seed.client("names").call(
        "meet.spaces.get", name=conformance_seed.space["name"], params={"fields": "name,meetingCode"}
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "name": conformance_seed.space["name"],
        "meetingCode": conformance_seed.space["meetingCode"],
    }


def test_fields_selects_nested_fields(conformance_seed):
    response = conformance_seed.client("names").call(
        "meet.spaces.get", name=conformance_seed.space["name"], params={"fields": "config(accessType,moderation)"}
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"config": {"accessType": SETTINGS["accessType"], "moderation": SETTINGS["moderation"]}}


def test_fields_selects_inside_list_items(conformance_seed):
    response = conformance_seed.client("names").call(
        "meet.conferenceRecords.participants.list",
        parent=conformance_seed.record,
        params={"fields": "participants/name"},
    )
    assert response.status_code == 200, response.text
    assert all(set(participant) == {"name"} for participant in response.json()["participants"])


def test_total_size_comes_when_the_field_mask_asks_for_it(conformance_seed):
    """ListParticipantsResponse.totalSize: "By default, this field isn't included ... Set the field mask"."""
    client = conformance_seed.client("names")
    default = client.ok(
        "meet.conferenceRecords.participants.list", parent=conformance_seed.record, params={"pageSize": 1}
    )
    assert "totalSize" not in default
    asked = client.ok(
        "meet.conferenceRecords.participants.list",
        parent=conformance_seed.record,
        params={"pageSize": 1, "fields": "participants,nextPageToken,totalSize"},
    )
    assert asked["totalSize"] == 3
    assert len(asked["participants"]) == 1
    assert "nextPageToken" in asked


def test_fields_naming_an_unknown_field_is_invalid_argument(conformance_seed):
    response = conformance_seed.client("names").call(
        "meet.spaces.get", name=conformance_seed.space["name"], params={"fields": "colour"}
    )
    assert_google_error(response, 400, "INVALID_ARGUMENT")


def test_a_page_size_that_is_not_a_number_is_invalid_argument(conformance_seed):
    response = conformance_seed.client("names").call("meet.conferenceRecords.list", params={"pageSize": "ten"})
    assert_google_error(response, 400, "INVALID_ARGUMENT")


# ---------------------------------------------------------------------------------------------------- semantics


def test_ending_the_conference_closes_the_record_and_every_session(conformance_seed, control):
    client = conformance_seed.client("names")
    live = client.ok("meet.spaces.get", name=conformance_seed.live_space["name"])
    record_name = live["activeConference"]["conferenceRecord"]
    assert "endTime" not in client.ok("meet.conferenceRecords.get", name=record_name)

    control.advance_clock(120)
    assert client.ok("meet.spaces.endActiveConference", name=conformance_seed.live_space["name"]) == {}

    assert "activeConference" not in client.ok("meet.spaces.get", name=conformance_seed.live_space["name"])
    record = client.ok("meet.conferenceRecords.get", name=record_name)
    ended = discovery.check_timestamp(record["endTime"])
    assert ended > discovery.check_timestamp(record["startTime"])
    # "The resource is deleted 30 days after the conference ends."
    assert discovery.check_timestamp(record["expireTime"]) - ended == timedelta(days=30)
    participants = client.list_all("meet.conferenceRecords.participants.list", parent=record_name)
    assert participants
    assert all("latestEndTime" in participant for participant in participants)
    in_call = client.list_all(
        "meet.conferenceRecords.participants.list", parent=record_name, params={"filter": "latest_end_time IS NULL"}
    )
    assert in_call == []
    for participant in participants:
        sessions = client.list_all(
            "meet.conferenceRecords.participants.participantSessions.list", parent=participant["name"]
        )
        assert all("endTime" in session for session in sessions)


def test_a_new_conference_in_the_same_space_is_a_new_record(conformance_seed, control):
    client = conformance_seed.client("names")
    first = client.ok("meet.spaces.get", name=conformance_seed.live_space["name"])["activeConference"][
        "conferenceRecord"
    ]
    client.ok("meet.spaces.endActiveConference", name=conformance_seed.live_space["name"])
    second = control.start_conference(conformance_seed.live_space["name"], [{"email": DAVE}])["name"]
    assert second != first
    space = client.ok("meet.spaces.get", name=conformance_seed.live_space["name"])
    assert space["activeConference"]["conferenceRecord"] == second
    running = client.list_all(
        "meet.conferenceRecords.list", params={"filter": f'space.name = "{conformance_seed.live_space["name"]}"'}
    )
    assert [record["name"] for record in running] == [second, first]


def test_conference_records_are_gone_thirty_days_after_the_end(conformance_seed, control):
    control.advance_clock(30 * 24 * 3600 + 60)
    fresh = MeetHttp(conformance_seed.url, access_token(control, ALICE, MEET_SCOPES))  # the old token expired long ago
    names = [record["name"] for record in fresh.list_all("meet.conferenceRecords.list")]
    assert conformance_seed.record not in names
    assert fresh.call("meet.conferenceRecords.get", name=conformance_seed.record).status_code in (403, 404)
    assert fresh.call("meet.conferenceRecords.participants.list", parent=conformance_seed.record).status_code in (
        403,
        404,
    )
    assert fresh.call("meet.conferenceRecords.recordings.get", name=conformance_seed.recording).status_code in (
        403,
        404,
    )
    assert fresh.call("meet.conferenceRecords.transcripts.entries.get", name=conformance_seed.entry).status_code in (
        403,
        404,
    )
    live = fresh.ok("meet.spaces.get", name=conformance_seed.live_space["name"])["activeConference"]["conferenceRecord"]
    assert live in names, "a conference still running is kept"


def test_a_name_longer_than_a_meeting_code_may_be_is_invalid_argument(conformance_seed):
    """A meeting code has at most 128 characters; a longer `spaces/...` name is malformed (400), not unknown."""
    response = conformance_seed.client("names").call("meet.spaces.get", name="spaces/" + "a" * 129)
    assert_google_error(response, 400, "INVALID_ARGUMENT")


def test_a_member_needs_an_email(conformance_seed):
    response = conformance_seed.client("names").call(
        "meet.spaces.members.create", parent=conformance_seed.space["name"], body={}
    )
    assert_google_error(response, 400, "INVALID_ARGUMENT")


def test_a_batch_of_more_than_500_members_is_refused(conformance_seed):
    requests_ = [{"member": {"name": conformance_seed.members[1]["name"], "role": "COHOST"}}] * 501
    response = conformance_seed.client("names").call(
        "meet.spaces.members.batchUpdate",
        parent=conformance_seed.space["name"],
        body={"requests": requests_, "updateMask": "role"},
    )
    assert_google_error(response, 400, "INVALID_ARGUMENT")


def test_a_batch_child_mask_without_a_top_level_mask_is_refused(conformance_seed):
    """BatchUpdateMembersRequest.updateMask, scenario 4: "isn't supported and will return an error"."""
    body = {
        "requests": [{"member": {"name": conformance_seed.members[1]["name"], "role": "COHOST"}, "updateMask": "role"}]
    }
    response = conformance_seed.client("names").call(
        "meet.spaces.members.batchUpdate", parent=conformance_seed.space["name"], body=body
    )
    assert_google_error(response, 400, "INVALID_ARGUMENT")


def test_a_batch_child_mask_must_equal_the_top_level_mask(conformance_seed):
    body = {
        "requests": [
            {"member": {"name": conformance_seed.members[1]["name"], "role": "COHOST"}, "updateMask": "email"}
        ],
        "updateMask": "role",
    }
    response = conformance_seed.client("names").call(
        "meet.spaces.members.batchUpdate", parent=conformance_seed.space["name"], body=body
    )
    assert_google_error(response, 400, "INVALID_ARGUMENT")


def test_a_batch_with_the_same_masks_updates(conformance_seed):
    body = {
        "requests": [{"member": {"name": conformance_seed.members[1]["name"], "role": "COHOST"}, "updateMask": "role"}],
        "updateMask": "role",
    }
    page = conformance_seed.client("names").ok(
        "meet.spaces.members.batchUpdate", parent=conformance_seed.space["name"], body=body
    )
    assert page["members"] == [{"name": conformance_seed.members[1]["name"], "email": FRANK, "role": "COHOST"}]


def test_a_deleted_member_is_gone(conformance_seed):
    client = conformance_seed.client("names")
    assert client.ok("meet.spaces.members.delete", name=conformance_seed.members[1]["name"]) == {}
    assert [m["email"] for m in client.list_all("meet.spaces.members.list", parent=conformance_seed.space["name"])] == [
        DAVE
    ]
    response = client.call("meet.spaces.members.get", name=conformance_seed.members[1]["name"])
    assert response.status_code in (403, 404), response.text
    google_error(response)


def test_a_created_space_gets_a_fresh_id_and_meeting_code(conformance_seed):
    client = conformance_seed.client("names")
    spaces = [client.ok("meet.spaces.create", body={}) for _ in range(3)]
    assert len({space["name"] for space in spaces}) == 3
    for space in spaces:
        code = space["meetingCode"]
        assert re.fullmatch(r"[a-z]+-[a-z]+-[a-z]+", code), code
        assert len(code) <= 128
        assert space["meetingUri"] == f"https://meet.google.com/{code}"


def test_an_artifact_goes_from_started_to_ended_to_file_generated(conformance_seed, control):
    """Recording.state: STARTED while capturing, ENDED before the file exists, FILE_GENERATED once it does."""
    client = conformance_seed.client("names")
    record = client.ok("meet.spaces.get", name=conformance_seed.live_space["name"])["activeConference"][
        "conferenceRecord"
    ]
    recording = control.add_recording(record)["name"]
    capturing = client.ok("meet.conferenceRecords.recordings.get", name=recording)
    assert capturing["state"] == "STARTED"
    assert "endTime" not in capturing

    control.advance_clock(300)
    client.ok("meet.spaces.endActiveConference", name=conformance_seed.live_space["name"])
    stopped = client.ok("meet.conferenceRecords.recordings.get", name=recording)
    assert stopped["state"] in ("ENDED", "FILE_GENERATED")
    assert discovery.check_timestamp(stopped["endTime"]) > discovery.check_timestamp(stopped["startTime"])

    control.advance_clock(3000)
    fresh = MeetHttp(conformance_seed.url, access_token(control, ALICE, MEET_SCOPES))
    ready = fresh.ok("meet.conferenceRecords.recordings.get", name=recording)
    assert ready["state"] == "FILE_GENERATED"
    assert ready["driveDestination"]["file"]
    assert (
        ready["driveDestination"]["exportUri"]
        == f"https://drive.google.com/file/d/{ready['driveDestination']['file']}/view"
    )


def test_a_signed_in_user_is_the_same_user_in_every_record(conformance_seed):
    client = conformance_seed.client("names")
    users = set()
    for record in client.list_all("meet.conferenceRecords.list"):
        for participant in client.list_all("meet.conferenceRecords.participants.list", parent=record["name"]):
            if "signedinUser" in participant:
                users.add(participant["signedinUser"]["user"])
    assert len(users) == 1, f"dave is one user in all three conferences: {users}"


def test_a_transcript_entry_names_a_participant_of_its_record(conformance_seed):
    client = conformance_seed.client("names")
    entry = client.ok("meet.conferenceRecords.transcripts.entries.get", name=conformance_seed.entry)
    speaker = client.ok("meet.conferenceRecords.participants.get", name=entry["participant"])
    assert speaker["name"] == conformance_seed.participant
    assert speaker["signedinUser"]["displayName"]
