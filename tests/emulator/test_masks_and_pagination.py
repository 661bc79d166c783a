"""Update masks, page sizes and tokens, list filters, quotas, injected faults and the call log.

Expectations from the discovery document's parameter descriptions and the digest:
- `updateMask` absent (or empty) → the fields given in the body; `*` → every field, clearing unset ones; a path in
  the mask but absent from the body resets that field; unknown and output-only paths → 400 INVALID_ARGUMENT;
  camelCase and snake_case paths are the same path;
- page sizes: absent or 0 → the method's default, above the maximum → the maximum (members 250/500,
  conferenceRecords 25/100, participants 100/250, artifacts and entries 10/100); a forged token → 400;
- filters (AIP-160 subset) on conferenceRecords.list, participants.list and participantSessions.list;
- quotas per minute → 429 RESOURCE_EXHAUSTED; faults answer with Google's error for the HTTP status asked.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import requests

from tests.support import discovery
from tests.support.conformance_seed import ALICE, DAVE, MEET_SCOPES, OTHER_APP, OWN_APP, SETTINGS, access_token
from tests.support.google_errors import assert_google_error
from tests.support.meet_http import MeetHttp

# ------------------------------------------------------------------------------------------------ update masks


@pytest.fixture
def alice(emulator, control) -> MeetHttp:
    control.add_user(ALICE)
    control.add_user(DAVE)
    return MeetHttp(emulator.url, access_token(control, ALICE, MEET_SCOPES))


@pytest.fixture
def defaults(alice) -> dict:
    """The settings of a space nobody configured: what "clearing" or "resetting" a field comes back to."""
    return alice.ok("meet.spaces.create", body={})["config"]


@pytest.fixture
def space(alice, defaults) -> dict:
    created = alice.ok("meet.spaces.create", body={"config": SETTINGS})
    assert created["config"] == SETTINGS
    return created


def patch(alice: MeetHttp, space: dict, body: dict, mask: str | None):
    params = {} if mask is None else {"updateMask": mask}
    return alice.call("meet.spaces.patch", name=space["name"], params=params, body=body)


def with_changes(config: dict, **changes) -> dict:
    changed = {**config, **{key: value for key, value in changes.items() if not isinstance(value, dict)}}
    for key, value in changes.items():
        if isinstance(value, dict):
            changed[key] = {**config.get(key, {}), **value}
    return changed


def test_the_defaults_are_real_values_not_unspecified(defaults):
    discovery.validate("SpaceConfig", defaults)
    assert discovery.default_valued_fields("SpaceConfig", defaults) == []
    assert set(defaults) >= {"accessType", "entryPointAccess", "moderation"}


@pytest.mark.parametrize("mask", [None, "", " "])
def test_no_mask_updates_the_fields_given(alice, space, mask):
    response = patch(alice, space, {"config": {"accessType": "OPEN"}}, mask)
    assert response.status_code == 200, response.text
    expected = with_changes(SETTINGS, accessType="OPEN")
    assert response.json()["config"] == expected
    assert alice.ok("meet.spaces.get", name=space["name"])["config"] == expected


def test_no_mask_updates_nested_fields_given_and_keeps_their_siblings(alice, space):
    body = {"config": {"moderationRestrictions": {"chatRestriction": "NO_RESTRICTION"}}}
    response = patch(alice, space, body, None)
    assert response.status_code == 200, response.text
    expected = with_changes(SETTINGS, moderationRestrictions={"chatRestriction": "NO_RESTRICTION"})
    assert response.json()["config"] == expected


def test_star_updates_everything_and_clears_what_is_unset(alice, space, defaults):
    response = patch(alice, space, {"config": {"accessType": "OPEN"}}, "*")
    assert response.status_code == 200, response.text
    expected = with_changes(defaults, accessType="OPEN")
    assert response.json()["config"] == expected
    after = alice.ok("meet.spaces.get", name=space["name"])
    assert after["config"] == expected
    assert after["name"] == space["name"]
    assert after["meetingCode"] == space["meetingCode"]


def test_star_leaves_output_only_fields_alone(alice, control, space, defaults):
    record = control.start_conference(space["name"], [{"email": DAVE}])["name"]
    response = patch(alice, space, {"config": {"accessType": "OPEN"}}, "*")
    assert response.status_code == 200, response.text
    patched = response.json()
    assert patched["activeConference"] == {"conferenceRecord": record}
    assert patched["meetingCode"] == space["meetingCode"]
    assert patched["meetingUri"] == space["meetingUri"]


def test_an_empty_patch_changes_nothing(alice, space):
    response = patch(alice, space, {}, None)
    assert response.status_code == 200, response.text
    assert response.json()["config"] == SETTINGS


def test_a_path_in_the_mask_but_not_in_the_body_is_reset(alice, space, defaults):
    response = patch(
        alice, space, {"config": {"accessType": "OPEN"}}, "config.accessType,config.attendanceReportGenerationType"
    )
    assert response.status_code == 200, response.text
    expected = with_changes(
        SETTINGS, accessType="OPEN", attendanceReportGenerationType=defaults["attendanceReportGenerationType"]
    )
    assert response.json()["config"] == expected


def test_a_nested_path_absent_from_the_body_is_reset(alice, space, defaults):
    mask = "config.artifactConfig.recordingConfig.autoRecordingGeneration"
    response = patch(alice, space, {}, mask)
    assert response.status_code == 200, response.text
    config = response.json()["config"]
    assert config["artifactConfig"]["recordingConfig"] == defaults["artifactConfig"]["recordingConfig"]
    assert config["artifactConfig"]["transcriptionConfig"] == SETTINGS["artifactConfig"]["transcriptionConfig"]
    assert config["accessType"] == SETTINGS["accessType"]


def test_a_fields_outside_the_mask_are_not_touched(alice, space):
    body = {"config": {"accessType": "OPEN", "moderation": "OFF", "entryPointAccess": "CREATOR_APP_ONLY"}}
    response = patch(alice, space, body, "config.entryPointAccess")
    assert response.status_code == 200, response.text
    assert response.json()["config"] == with_changes(SETTINGS, entryPointAccess="CREATOR_APP_ONLY")


@pytest.mark.parametrize(
    ("camel", "snake"),
    [
        ("config.accessType", "config.access_type"),
        ("config.moderationRestrictions.chatRestriction", "config.moderation_restrictions.chat_restriction"),
        (
            "config.artifactConfig.smartNotesConfig.autoSmartNotesGeneration",
            "config.artifact_config.smart_notes_config.auto_smart_notes_generation",
        ),
    ],
)
def test_snake_case_and_camel_case_paths_are_the_same(alice, emulator, camel, snake):
    body = {
        "config": {
            "accessType": "OPEN",
            "moderationRestrictions": {"chatRestriction": "NO_RESTRICTION"},
            "artifactConfig": {"smartNotesConfig": {"autoSmartNotesGeneration": "ON"}},
        }
    }
    results = []
    for mask in (camel, snake):
        space = alice.ok("meet.spaces.create", body={"config": SETTINGS})
        response = patch(alice, space, body, mask)
        assert response.status_code == 200, f"{mask}: {response.text}"
        results.append(response.json()["config"])
    assert results[0] == results[1]
    assert results[0] != SETTINGS


@pytest.mark.parametrize("mask", ["config.colour", "owner", "config.accessType.value", "configs", "config,owner"])
def test_an_unknown_mask_path_is_invalid_argument(alice, space, mask):
    response = patch(alice, space, {"config": {"accessType": "OPEN"}}, mask)
    assert_google_error(response, 400, "INVALID_ARGUMENT")
    assert alice.ok("meet.spaces.get", name=space["name"])["config"] == SETTINGS


@pytest.mark.parametrize("mask", ["meetingCode", "meetingUri", "meeting_code", "phoneAccess", "gatewaySipAccess"])
def test_an_output_only_mask_path_is_invalid_argument(alice, space, mask):
    response = patch(alice, space, {"meetingCode": "abc-defg-hij"}, mask)
    assert_google_error(response, 400, "INVALID_ARGUMENT")
    assert alice.ok("meet.spaces.get", name=space["name"])["meetingCode"] == space["meetingCode"]


def test_an_enum_value_outside_the_schema_is_invalid_argument(alice, space):
    response = patch(alice, space, {"config": {"accessType": "WIDE_OPEN"}}, "config.accessType")
    assert_google_error(response, 400, "INVALID_ARGUMENT")


def test_an_unknown_body_field_is_invalid_argument(alice, space):
    response = patch(alice, space, {"config": {"accesType": "OPEN"}}, None)
    assert_google_error(response, 400, "INVALID_ARGUMENT")


def test_turning_moderation_off_resets_its_restrictions(alice, space, defaults):
    response = patch(alice, space, {"config": {"moderation": "OFF"}}, "config.moderation")
    assert response.status_code == 200, response.text
    config = response.json()["config"]
    assert config["moderation"] == "OFF"
    assert config["moderationRestrictions"] == defaults["moderationRestrictions"]


def test_patch_in_the_int_dialect(emulator, control, alice, space):
    ints = MeetHttp(emulator.url, alice.access_token, "ints")
    response = patch(ints, space, {"config": {"accessType": "OPEN"}}, "config.accessType")
    assert response.status_code == 200, response.text
    assert response.json()["config"]["accessType"] == discovery.enum_names("Space", "config.accessType").index("OPEN")
    assert alice.ok("meet.spaces.get", name=space["name"])["config"]["accessType"] == "OPEN"


def test_member_patch_with_star_clears_the_role(alice, space):
    member = alice.ok("meet.spaces.members.create", parent=space["name"], body={"email": DAVE, "role": "COHOST"})
    response = alice.call(
        "meet.spaces.members.patch", name=member["name"], params={"updateMask": "*"}, body={"email": DAVE}
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"name": member["name"], "email": DAVE}  # no role: proto3 JSON omits the default


def test_member_patch_refuses_an_unknown_mask_path(alice, space):
    member = alice.ok("meet.spaces.members.create", parent=space["name"], body={"email": DAVE})
    response = alice.call(
        "meet.spaces.members.patch", name=member["name"], params={"updateMask": "colour"}, body={"role": "COHOST"}
    )
    assert_google_error(response, 400, "INVALID_ARGUMENT")


# ------------------------------------------------------------------------------------------------ pagination


def item_count(client: MeetHttp, method_id: str, page_size: int | None, **path) -> tuple[int, bool]:
    params = {} if page_size is None else {"pageSize": page_size}
    page = client.ok(method_id, params=params, **path)
    field = discovery.list_field(discovery.method(method_id).response)
    return len(page.get(field, [])), "nextPageToken" in page


def assert_sizes(client: MeetHttp, method_id: str, default: int, maximum: int, **path) -> None:
    assert item_count(client, method_id, None, **path) == (default, True), "absent pageSize is the default"
    assert item_count(client, method_id, 0, **path) == (default, True), "pageSize 0 is the default"
    assert item_count(client, method_id, 3, **path) == (3, True)
    assert item_count(client, method_id, maximum + 1000, **path) == (maximum, True), "clipped to the maximum"
    assert len(client.list_all(method_id, params={"pageSize": maximum}, **path)) == maximum + 1


def fill_members(alice: MeetHttp, control, space: dict, count: int) -> dict:
    for index in range(count):
        if index and index % 90 == 0:
            control.advance_clock(61)  # member writes are limited to 100 per user per minute
        alice.ok("meet.spaces.members.create", parent=space["name"], body={"email": f"guest{index}@example.com"})
    return {"parent": space["name"]}


def fill_records(alice: MeetHttp, control, space: dict, count: int) -> dict:
    for _ in range(count):
        control.start_conference(space["name"], [{"anonymous": "Guest"}])
        control.end_conference(space["name"])
    return {}


def fill_participants(alice: MeetHttp, control, space: dict, count: int) -> dict:
    record = control.start_conference(space["name"], [{"anonymous": f"Guest {index}"} for index in range(count)])
    return {"parent": record["name"]}


def fill_sessions(alice: MeetHttp, control, space: dict, count: int) -> dict:
    record = control.start_conference(space["name"], [{"email": DAVE}])["name"]
    for _ in range(count - 1):
        control.leave(space["name"], {"email": DAVE})
        control.join(space["name"], {"email": DAVE})
    (dave,) = alice.list_all("meet.conferenceRecords.participants.list", parent=record)
    return {"parent": dave["name"]}


def fill_artifacts(add: str) -> Callable:
    def fill(alice: MeetHttp, control, space: dict, count: int) -> dict:
        record = control.start_conference(space["name"], [{"email": DAVE}])["name"]
        for _ in range(count):
            getattr(control, add)(record)
        return {"parent": record}

    return fill


def fill_entries(alice: MeetHttp, control, space: dict, count: int) -> dict:
    record = control.start_conference(space["name"], [{"email": DAVE}])["name"]
    (dave,) = alice.list_all("meet.conferenceRecords.participants.list", parent=record)
    entries = [{"participant": dave["name"], "text": f"line {index}"} for index in range(count)]
    return {"parent": control.add_transcript(record, entries=entries)["name"]}


FILLERS = {
    "meet.spaces.members.list": fill_members,
    "meet.conferenceRecords.list": fill_records,
    "meet.conferenceRecords.participants.list": fill_participants,
    "meet.conferenceRecords.participants.participantSessions.list": fill_sessions,
    "meet.conferenceRecords.recordings.list": fill_artifacts("add_recording"),
    "meet.conferenceRecords.transcripts.list": fill_artifacts("add_transcript"),
    "meet.conferenceRecords.smartNotes.list": fill_artifacts("add_smart_note"),
    "meet.conferenceRecords.transcripts.entries.list": fill_entries,
}


@pytest.mark.slow
@pytest.mark.parametrize("method_id", [m for m in discovery.all_method_ids() if m.endswith(".list")])
def test_page_size_defaults_and_maxima_are_the_documented_ones(alice, control, space, method_id):
    default, maximum = discovery.page_size_limits(method_id)
    path = FILLERS[method_id](alice, control, space, maximum + 1)
    assert_sizes(alice, method_id, default, maximum, **path)


def test_pages_do_not_overlap_and_cover_everything(alice, control, space):
    record = control.start_conference(space["name"], [{"anonymous": f"Guest {index}"} for index in range(7)])
    names = [p["name"] for p in alice.list_all("meet.conferenceRecords.participants.list", parent=record["name"])]
    paged = alice.list_all("meet.conferenceRecords.participants.list", params={"pageSize": 3}, parent=record["name"])
    assert [p["name"] for p in paged] == names
    assert len(set(names)) == 7


def test_a_negative_page_size_is_invalid_argument(alice, space):
    response = alice.call("meet.spaces.members.list", parent=space["name"], params={"pageSize": -1})
    assert_google_error(response, 400, "INVALID_ARGUMENT")


@pytest.mark.parametrize("token", ["forged", "eyJvIjogMTB9", "a" * 300])
def test_a_forged_page_token_is_invalid_argument(alice, control, space, token):
    record = control.start_conference(space["name"], [{"anonymous": "A"}, {"anonymous": "B"}])["name"]
    for method_id, path in (
        ("meet.conferenceRecords.list", {}),
        ("meet.conferenceRecords.participants.list", {"parent": record}),
        ("meet.spaces.members.list", {"parent": space["name"]}),
        ("meet.conferenceRecords.recordings.list", {"parent": record}),
    ):
        response = alice.call(method_id, params={"pageToken": token}, **path)
        assert_google_error(response, 400, "INVALID_ARGUMENT")


def test_a_tampered_page_token_is_invalid_argument(alice, control, space):
    record = control.start_conference(space["name"], [{"anonymous": f"Guest {index}"} for index in range(3)])
    page = alice.ok("meet.conferenceRecords.participants.list", params={"pageSize": 1}, parent=record["name"])
    token = page["nextPageToken"]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = alice.call(
        "meet.conferenceRecords.participants.list", params={"pageToken": tampered}, parent=record["name"]
    )
    assert_google_error(response, 400, "INVALID_ARGUMENT")


def test_a_page_token_of_another_list_is_invalid_argument(alice, control, space):
    first = control.start_conference(space["name"], [{"anonymous": f"Guest {index}"} for index in range(3)])["name"]
    control.end_conference(space["name"])
    second = control.start_conference(space["name"], [{"anonymous": f"Guest {index}"} for index in range(3)])["name"]
    token = alice.ok("meet.conferenceRecords.participants.list", params={"pageSize": 1}, parent=first)["nextPageToken"]
    response = alice.call("meet.conferenceRecords.participants.list", params={"pageToken": token}, parent=second)
    assert_google_error(response, 400, "INVALID_ARGUMENT")


# ------------------------------------------------------------------------------------------------ default order


def in_order(items: list[dict], time_field: str, direction: str) -> bool:
    times = [item[time_field] for item in items]
    return times == sorted(times, reverse=direction == "descending") and len(set(times)) == len(times)


def test_conference_records_come_in_the_documented_order(alice, control, space):
    for _ in range(3):
        control.start_conference(space["name"], [{"email": DAVE}])
        control.advance_clock(30)
        control.end_conference(space["name"])
    found = alice.list_all("meet.conferenceRecords.list")
    assert len(found) == 3
    assert in_order(found, "startTime", discovery.default_order("meet.conferenceRecords.list")[1])


def test_participants_and_sessions_come_in_the_documented_order(alice, control, space):
    record = control.start_conference(space["name"], [{"anonymous": "First"}])["name"]
    for joiner in ({"email": DAVE}, {"phone": "Third"}):
        control.advance_clock(10)
        control.join(space["name"], joiner)
    for _ in range(2):
        control.advance_clock(10)
        control.leave(space["name"], {"email": DAVE})
        control.join(space["name"], {"email": DAVE})
    participants = alice.list_all("meet.conferenceRecords.participants.list", parent=record)
    assert discovery.default_order("meet.conferenceRecords.participants.list")[0] == "join time"
    assert in_order(participants, "earliestStartTime", "descending")
    (dave,) = [p for p in participants if "signedinUser" in p]
    sessions = alice.list_all("meet.conferenceRecords.participants.participantSessions.list", parent=dave["name"])
    assert len(sessions) == 3
    sessions_order = discovery.default_order("meet.conferenceRecords.participants.participantSessions.list")
    assert in_order(sessions, "startTime", sessions_order[1])


@pytest.mark.parametrize(
    ("method_id", "add"),
    [
        ("meet.conferenceRecords.recordings.list", "add_recording"),
        ("meet.conferenceRecords.transcripts.list", "add_transcript"),
        ("meet.conferenceRecords.smartNotes.list", "add_smart_note"),
    ],
)
def test_artifacts_come_by_start_time_not_by_insertion(alice, control, space, method_id, add):
    record = control.start_conference(space["name"], [{"email": DAVE}])["name"]
    control.advance_clock(600)
    control.end_conference(space["name"])
    started = datetime.fromisoformat(alice.ok("meet.conferenceRecords.get", name=record)["startTime"])
    for minutes in (5, 1, 3):  # added out of order on purpose
        moment = (started + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        getattr(control, add)(record, startTime=moment)
    found = alice.list_all(method_id, parent=record)
    assert len(found) == 3
    assert in_order(found, "startTime", discovery.default_order(method_id)[1])


def test_transcript_entries_come_by_start_time_not_by_insertion(alice, control, space):
    record = control.start_conference(space["name"], [{"email": DAVE}])["name"]
    (dave,) = alice.list_all("meet.conferenceRecords.participants.list", parent=record)
    control.advance_clock(600)
    control.end_conference(space["name"])
    started = datetime.fromisoformat(alice.ok("meet.conferenceRecords.get", name=record)["startTime"])

    def at(seconds: int) -> str:
        return (started + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    entries = [
        {"participant": dave["name"], "text": text, "startTime": at(second), "endTime": at(second + 5)}
        for text, second in (("third", 300), ("first", 10), ("second", 60))
    ]
    transcript = control.add_transcript(record, entries=entries)["name"]
    found = alice.list_all("meet.conferenceRecords.transcripts.entries.list", parent=transcript)
    assert [entry["text"] for entry in found] == ["first", "second", "third"]
    assert discovery.default_order("meet.conferenceRecords.transcripts.entries.list") == ("start time", "ascending")


# ------------------------------------------------------------------------------------------------ filters


@pytest.fixture
def history(alice, control):
    """Two spaces: `past` had a conference an hour ago; `live` has one running now, with dave in and a guest gone."""
    past = alice.ok("meet.spaces.create", body={})
    live = alice.ok("meet.spaces.create", body={})
    old_record = control.start_conference(past["name"], [{"email": DAVE}])["name"]
    control.advance_clock(600)
    control.end_conference(past["name"])
    control.advance_clock(1200)  # tokens live an hour: the whole story fits well inside one
    live_record = control.start_conference(live["name"], [{"email": DAVE}, {"anonymous": "Early guest"}])["name"]
    control.advance_clock(60)
    control.leave(live["name"], {"anonymous": "Early guest"})
    control.advance_clock(60)
    control.join(live["name"], {"phone": "Late caller"})
    return {"past": past, "live": live, "old_record": old_record, "live_record": live_record}


def records(alice: MeetHttp, query: str) -> list[str]:
    return [r["name"] for r in alice.list_all("meet.conferenceRecords.list", params={"filter": query})]


def test_filter_records_by_space_name(alice, history):
    assert records(alice, f'space.name = "{history["past"]["name"]}"') == [history["old_record"]]
    assert records(alice, f'space.name="{history["live"]["name"]}"') == [history["live_record"]]
    assert records(alice, f'space.name != "{history["live"]["name"]}"') == [history["old_record"]]


def test_filter_records_by_meeting_code(alice, history):
    code = history["past"]["meetingCode"]
    assert records(alice, f'space.meeting_code = "{code}"') == [history["old_record"]]


def test_filter_records_by_meeting_code_ignores_case(alice, history):
    code = history["past"]["meetingCode"]
    assert records(alice, f'space.meeting_code = "{code.upper()}"') == [history["old_record"]]


def test_filter_records_still_running(alice, history):
    assert records(alice, "end_time IS NULL") == [history["live_record"]]


def test_filter_records_by_start_time_range(alice, history):
    live = alice.ok("meet.conferenceRecords.get", name=history["live_record"])
    start = live["startTime"]
    assert records(alice, f'start_time >= "{start}"') == [history["live_record"]]
    assert records(alice, f'start_time < "{start}"') == [history["old_record"]]
    both = records(alice, f'start_time >= "2000-01-01T00:00:00Z" AND start_time <= "{start}"')
    assert both == [history["live_record"], history["old_record"]]


def test_filter_records_by_end_time(alice, history):
    old = alice.ok("meet.conferenceRecords.get", name=history["old_record"])
    assert records(alice, f'end_time <= "{old["endTime"]}"') == [history["old_record"]]


def test_a_filter_sent_form_encoded_with_plus_signs(alice, emulator, history):
    space_name = history["live"]["name"].replace("/", "%2F")
    url = f"{emulator.url}/v2/conferenceRecords?alt=json&filter=space.name+%3D+%22{space_name}%22"
    response = requests.get(url, headers={"Authorization": f"Bearer {alice.access_token}"}, timeout=30)
    assert response.status_code == 200, response.text
    assert [r["name"] for r in response.json()["conferenceRecords"]] == [history["live_record"]]


@pytest.mark.parametrize(
    "bad_filter",
    [
        'colour = "red"',
        "space.name =",
        'space.name = "spaces/a" OR space.name = "spaces/b"',
        "end_time IS",
        'start_time > "yesterday"',
        "earliest_start_time IS NULL",  # a participant field, not a conference record's
    ],
)
def test_a_bad_records_filter_is_invalid_argument(alice, history, bad_filter):
    response = alice.call("meet.conferenceRecords.list", params={"filter": bad_filter})
    assert_google_error(response, 400, "INVALID_ARGUMENT")


def test_filter_participants_in_the_call_now(alice, history):
    everyone = alice.list_all("meet.conferenceRecords.participants.list", parent=history["live_record"])
    assert len(everyone) == 3
    in_call = alice.list_all(
        "meet.conferenceRecords.participants.list",
        params={"filter": "latest_end_time IS NULL"},
        parent=history["live_record"],
    )
    assert len(in_call) == 2
    assert not any("anonymousUser" in p for p in in_call), "the early guest left"
    assert all("latestEndTime" not in p for p in in_call)


def test_filter_participants_by_earliest_start_time(alice, history):
    everyone = alice.list_all("meet.conferenceRecords.participants.list", parent=history["live_record"])
    (caller,) = [p for p in everyone if "phoneUser" in p]
    late = alice.list_all(
        "meet.conferenceRecords.participants.list",
        params={"filter": f'earliest_start_time >= "{caller["earliestStartTime"]}"'},
        parent=history["live_record"],
    )
    assert [p["name"] for p in late] == [caller["name"]]


def test_a_bad_participants_filter_is_invalid_argument(alice, history):
    response = alice.call(
        "meet.conferenceRecords.participants.list",
        params={"filter": "end_time IS NULL"},
        parent=history["live_record"],
    )
    assert_google_error(response, 400, "INVALID_ARGUMENT")


def test_filter_sessions_still_open(alice, control, history):
    control.leave(history["live"]["name"], {"email": DAVE})
    control.join(history["live"]["name"], {"email": DAVE})
    everyone = alice.list_all("meet.conferenceRecords.participants.list", parent=history["live_record"])
    (dave,) = [p for p in everyone if "signedinUser" in p]
    sessions = alice.list_all("meet.conferenceRecords.participants.participantSessions.list", parent=dave["name"])
    assert len(sessions) == 2
    open_sessions = alice.list_all(
        "meet.conferenceRecords.participants.participantSessions.list",
        params={"filter": "end_time IS NULL"},
        parent=dave["name"],
    )
    assert len(open_sessions) == 1
    assert "endTime" not in open_sessions[0]


# ------------------------------------------------------------------------------------------------ quotas


@pytest.mark.slow
@pytest.mark.parametrize(
    ("what", "per_user_limit"),
    [("reads", 600), ("writes", 100), ("creates", 10)],
)
def test_the_default_per_user_quotas_are_googles(alice, control, space, what, per_user_limit):
    """The digest's per-user limits per minute: reads 600, writes 100, spaces.create 10."""
    member = alice.ok("meet.spaces.members.create", parent=space["name"], body={"email": DAVE})
    control.advance_clock(61)  # a fresh minute: the fixtures' own calls no longer count
    calls = {
        "reads": lambda: alice.call("meet.spaces.get", name=space["name"]),
        "writes": lambda: alice.call(
            "meet.spaces.members.patch", name=member["name"], params={"updateMask": "role"}, body={"role": "COHOST"}
        ),
        "creates": lambda: alice.call("meet.spaces.create", body={}),
    }[what]
    for index in range(per_user_limit):
        response = calls()
        assert response.status_code == 200, f"call {index + 1} of {per_user_limit}: {response.text}"
    assert_google_error(calls(), 429, "RESOURCE_EXHAUSTED")


def test_reads_beyond_the_per_user_quota_are_resource_exhausted(alice, control, space):
    control.set_quotas(reads_per_user=3)
    for _ in range(3):
        alice.ok("meet.spaces.get", name=space["name"])
    response = alice.call("meet.spaces.get", name=space["name"])
    assert_google_error(response, 429, "RESOURCE_EXHAUSTED")
    control.advance_clock(61)
    alice.ok("meet.spaces.get", name=space["name"])


def test_the_per_project_quota_counts_every_user_of_the_app(emulator, alice, control, space):
    control.set_quotas(reads_per_project=4)
    dave = MeetHttp(emulator.url, access_token(control, DAVE, MEET_SCOPES))
    for client in (alice, dave, alice, dave):
        assert client.call("meet.spaces.get", name=space["name"]).status_code == 200
    assert_google_error(dave.call("meet.spaces.get", name=space["name"]), 429, "RESOURCE_EXHAUSTED")
    other_app = MeetHttp(emulator.url, access_token(control, ALICE, MEET_SCOPES, OTHER_APP))
    assert other_app.call("meet.spaces.get", name=space["name"]).status_code == 200, "another project has its own"


def test_writes_and_reads_have_separate_quotas(alice, control, space):
    control.set_quotas(writes_per_user=1)
    assert patch(alice, space, {"config": {"accessType": "OPEN"}}, "config.accessType").status_code == 200
    assert_google_error(
        patch(alice, space, {"config": {"accessType": "TRUSTED"}}, "config.accessType"), 429, "RESOURCE_EXHAUSTED"
    )
    alice.ok("meet.spaces.get", name=space["name"])


def test_space_creation_has_its_own_quota(alice, control):
    control.set_quotas(creates_per_user=1)
    alice.ok("meet.spaces.create", body={})
    assert_google_error(alice.call("meet.spaces.create", body={}), 429, "RESOURCE_EXHAUSTED")


# ------------------------------------------------------------------------------------------------ faults


@pytest.mark.parametrize(
    ("http_status", "status"),
    [(429, "RESOURCE_EXHAUSTED"), (500, "INTERNAL"), (503, "UNAVAILABLE"), (504, "DEADLINE_EXCEEDED")],
)
def test_a_fault_answers_with_googles_error_then_heals(alice, control, space, http_status, status):
    control.fault("meet.spaces.get", status=http_status, count=2)
    for _ in range(2):
        assert_google_error(alice.call("meet.spaces.get", name=space["name"]), http_status, status)
    alice.ok("meet.spaces.get", name=space["name"])


def test_a_fault_touches_only_its_method(alice, control, space):
    control.fault("meet.spaces.endActiveConference", status=503)
    alice.ok("meet.spaces.get", name=space["name"])
    control.start_conference(space["name"], [{"email": DAVE}])
    assert_google_error(alice.call("meet.spaces.endActiveConference", name=space["name"]), 503, "UNAVAILABLE")
    alice.ok("meet.spaces.endActiveConference", name=space["name"])


@pytest.mark.serial
def test_a_delay_fault_slows_the_call_down(alice, control, space):
    control.fault("meet.spaces.get", delay=0.6)
    started = time.monotonic()
    alice.ok("meet.spaces.get", name=space["name"])
    assert time.monotonic() - started >= 0.6
    started = time.monotonic()
    alice.ok("meet.spaces.get", name=space["name"])
    assert time.monotonic() - started < 0.6


@pytest.mark.serial
def test_a_slow_call_does_not_hold_up_other_callers(alice, control, space):
    """A delay is Google being slow on one request; the others keep flowing meanwhile."""
    control.fault("meet.spaces.get", delay=1.5)
    with ThreadPoolExecutor(max_workers=2) as pool:
        slow = pool.submit(alice.call, "meet.spaces.get", name=space["name"])
        time.sleep(0.2)  # let the slow call reach the emulator first
        started = time.monotonic()
        other = MeetHttp(alice.base_url, alice.access_token).call("meet.conferenceRecords.list")
        elapsed = time.monotonic() - started
        assert other.status_code == 200, other.text
        assert slow.result().status_code == 200
    assert elapsed < 1.0, f"an unrelated call waited {elapsed:.2f}s behind the delayed one"


def test_concurrent_writers_all_land(alice, space):
    def add(index: int):
        return MeetHttp(alice.base_url, alice.access_token).call(
            "meet.spaces.members.create", parent=space["name"], body={"email": f"parallel{index}@example.com"}
        )

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(add, range(40)))
    assert [response.status_code for response in responses] == [200] * 40
    names = {response.json()["name"] for response in responses}
    assert len(names) == 40
    listed = alice.list_all("meet.spaces.members.list", parent=space["name"])
    assert {member["name"] for member in listed} == names


def test_clear_faults(alice, control, space):
    control.fault("meet.spaces.get", status=500, count=5)
    control.clear_faults()
    alice.ok("meet.spaces.get", name=space["name"])


# ------------------------------------------------------------------------------------------------ the call log


def test_the_call_log_records_who_called_what_and_the_answer(emulator, alice, control, space):
    before = datetime.now(UTC).timestamp() - 5
    alice.ok("meet.spaces.get", name=space["name"])
    outsider = MeetHttp(emulator.url, access_token(control, DAVE, MEET_SCOPES, OTHER_APP))
    outsider.call("meet.spaces.endActiveConference", name=space["name"])

    (get,) = control.calls(method="meet.spaces.get")
    assert get["method"] == "meet.spaces.get"
    assert get["resource"] == space["name"]
    assert ALICE in str(get["user"])
    assert get["client"] == OWN_APP
    assert get["project"]
    assert get["status"] == 200
    moment = discovery.check_timestamp(get["time"], "call.time")
    assert isinstance(get["at"], float)
    assert abs(moment.timestamp() - get["at"]) < 1
    assert get["at"] >= before

    (end,) = control.calls(method="meet.spaces.endActiveConference")
    assert end["status"] == 403
    assert end["client"] == OTHER_APP
    assert end["project"] != get["project"], "two client ids are two apps"
    assert DAVE in str(end["user"])

    everything = [call["method"] for call in control.calls()]
    assert everything[-2:] == ["meet.spaces.get", "meet.spaces.endActiveConference"]
    assert "meet.spaces.create" in everything


def test_the_call_log_records_faults_and_quota_refusals(alice, control, space):
    control.fault("meet.spaces.get", status=503)
    alice.call("meet.spaces.get", name=space["name"])
    control.set_quotas(reads_per_user=0)
    alice.call("meet.spaces.get", name=space["name"])
    assert [call["status"] for call in control.calls(method="meet.spaces.get")] == [503, 429]


def test_reset_empties_the_call_log(alice, control, space):
    alice.ok("meet.spaces.get", name=space["name"])
    control.reset()
    assert control.calls() == []
