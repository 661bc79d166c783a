"""ConferenceStore: conference records, participants, sessions and artifacts as Google's Meet API keeps them.

The people: dave (signed in, users/dave) joins alice's space spaces/alice-weekly (code abc-mnop-xyz) with a guest
who is not signed in and a phone caller. erin (users/erin) joins later.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import google_emulator
from google_emulator.core.errors import ApiError
from google_emulator.meet.conference_artifacts import FILE_GENERATION_DELAY
from google_emulator.meet.conferences import ConferenceStore

SPACE = "spaces/alice-weekly"
OTHER_SPACE = "spaces/charlie-standup"
DAVE = {"user": "users/dave", "displayName": "Dave Example", "email": "dave@example.com"}
ERIN = {"user": "users/erin", "displayName": "Erin Other", "email": "erin@otherco.test"}
GUEST = {"anonymous": "Guest"}
CALLER = {"phone": "+1 ***-***-0123"}
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
SCHEMAS = json.loads((Path(google_emulator.__file__).parent / "meet" / "meet.v2.json").read_text())["schemas"]


class FrozenClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


def sequential_ids():
    counter = itertools.count(1)
    return lambda kind: f"{kind}{next(counter)}"


def everyone_may_see(space: str, record: str) -> bool:
    return True


@pytest.fixture
def clock():
    return FrozenClock(T0)


@pytest.fixture
def store(clock):
    return ConferenceStore(clock.now, sequential_ids())


def api_error(call, *args) -> ApiError:
    with pytest.raises(ApiError) as raised:
        call(*args)
    return raised.value


def assert_shaped_as(schema: str, resource: dict) -> None:
    """Every field is one the discovery schema defines, nested objects included; nothing is empty."""
    properties = SCHEMAS[schema]["properties"]
    for key, value in resource.items():
        assert key in properties, f"{schema} has no field {key}"
        assert value not in (None, "", {}, []), f"{schema}.{key} is empty"
        if "$ref" in properties[key]:
            assert_shaped_as(properties[key]["$ref"], value)
        if properties[key].get("enum"):
            assert value in properties[key]["enum"]


# ---- conference records ----


def test_a_running_conference_has_a_start_but_no_end_and_no_expiry(store):
    record = store.start(SPACE, [DAVE, GUEST], meeting_code="abc-mnop-xyz")
    assert record["name"].startswith("conferenceRecords/")
    assert record == {"name": record["name"], "startTime": "2026-11-20T09:00:00.000000Z", "space": SPACE}
    assert_shaped_as("ConferenceRecord", record)
    assert store.active_record_name(SPACE) == record["name"]
    assert store.active_record_name(OTHER_SPACE) is None


def test_a_space_has_at_most_one_running_conference(store):
    store.start(SPACE, [DAVE])
    error = api_error(store.start, SPACE, [ERIN])
    assert (error.http_status, error.status) == (400, "FAILED_PRECONDITION")
    store.start(OTHER_SPACE, [ERIN])  # another space is independent


def test_ending_sets_the_end_and_an_expiry_thirty_days_later(store, clock):
    record = store.start(SPACE, [DAVE])
    clock.advance(minutes=45)
    assert store.end(SPACE) is True
    ended = store.get_record(record["name"], everyone_may_see)
    assert ended["endTime"] == "2026-11-20T09:45:00.000000Z"
    assert ended["expireTime"] == "2026-12-20T09:45:00.000000Z"
    assert store.active_record_name(SPACE) is None
    assert store.end(SPACE) is False  # nothing left to end


def test_records_are_listed_newest_start_first(store, clock):
    first = store.start(SPACE, [DAVE])
    store.end(SPACE)
    clock.advance(hours=1)
    other = store.start(OTHER_SPACE, [ERIN])
    clock.advance(hours=1)
    second = store.start(SPACE, [DAVE])
    names = [record["name"] for record in store.list_records(None, everyone_may_see)]
    assert names == [second["name"], other["name"], first["name"]]


def test_list_shows_only_what_the_caller_may_see(store):
    mine = store.start(SPACE, [DAVE])
    store.start(OTHER_SPACE, [ERIN])
    seen = store.list_records(None, lambda space, record: space == SPACE)
    assert [record["name"] for record in seen] == [mine["name"]]


def test_filter_by_space_and_by_running(store, clock):
    past = store.start(SPACE, [DAVE])
    clock.advance(minutes=30)
    store.end(SPACE)
    clock.advance(minutes=30)
    running = store.start(SPACE, [DAVE])
    store.start(OTHER_SPACE, [ERIN])
    by_space = store.list_records(f'space.name = "{SPACE}"', everyone_may_see)
    assert [record["name"] for record in by_space] == [running["name"], past["name"]]
    running_here = store.list_records(f'space.name = "{SPACE}" AND end_time IS NULL', everyone_may_see)
    assert [record["name"] for record in running_here] == [running["name"]]
    ended = store.list_records('end_time <= "2026-11-20T09:30:00Z"', everyone_may_see)
    assert [record["name"] for record in ended] == [past["name"]]


def test_a_meeting_code_finds_the_conferences_held_while_the_space_had_it(store, clock):
    """Codes move between spaces; a record keeps the code its space had when the conference started."""
    old = store.start(SPACE, [DAVE], meeting_code="abc-mnop-xyz")
    store.end(SPACE)
    clock.advance(days=1)
    reassigned = store.start(OTHER_SPACE, [ERIN], meeting_code="abc-mnop-xyz")
    clock.advance(hours=1)
    store.start(SPACE, [DAVE], meeting_code="new-code-abc")
    found = store.list_records('space.meeting_code = "ABC-MNOP-XYZ"', everyone_may_see)
    assert [record["name"] for record in found] == [reassigned["name"], old["name"]]
    assert {record["space"] for record in found} == {SPACE, OTHER_SPACE}


def test_a_record_is_gone_thirty_days_after_the_conference_ended(store, clock):
    record = store.start(SPACE, [DAVE])
    store.end(SPACE)
    clock.advance(days=30, seconds=-1)
    assert store.get_record(record["name"], everyone_may_see)["name"] == record["name"]
    clock.advance(seconds=1)
    assert api_error(store.get_record, record["name"], everyone_may_see).status == "NOT_FOUND"
    assert store.list_records(None, everyone_may_see) == []
    assert api_error(store.list_participants, record["name"], None).status == "NOT_FOUND"


def test_a_running_conference_never_expires(store, clock):
    record = store.start(SPACE, [DAVE])
    clock.advance(days=45)
    assert store.list_records(None, everyone_may_see)[0]["name"] == record["name"]


def test_missing_and_hidden_records_answer_alike_and_bad_names_are_invalid(store):
    record = store.start(SPACE, [DAVE])
    hidden = api_error(store.get_record, record["name"], lambda space, name: False)
    missing = api_error(store.get_record, "conferenceRecords/nope", everyone_may_see)
    assert (hidden.http_status, hidden.status, hidden.message) == (404, "NOT_FOUND", missing.message)
    for bad in ("conferenceRecords/", "conferenceRecords/a/b", "spaces/x", "conferenceRecords"):
        error = api_error(store.get_record, bad, everyone_may_see)
        assert (error.http_status, error.status) == (400, "INVALID_ARGUMENT")


def test_a_bad_filter_is_an_invalid_argument(store):
    error = api_error(store.list_records, 'space.name = "a" OR space.name = "b"', everyone_may_see)
    assert (error.http_status, error.status) == (400, "INVALID_ARGUMENT")
    assert api_error(store.list_records, "latest_end_time IS NULL", everyone_may_see).status == "INVALID_ARGUMENT"


# ---- participants and sessions ----


def participant_of(store, record_name: str, who: str) -> dict:
    return next(
        p
        for p in store.list_participants(record_name, None)
        if who in json.dumps({k: v for k, v in p.items() if k != "name"})
    )


def test_participants_carry_exactly_one_identity(store):
    record = store.start(SPACE, [DAVE, GUEST, CALLER])
    participants = store.list_participants(record["name"], None)
    identities = [{k for k in p if k.endswith("User")} for p in participants]
    assert sorted(next(iter(i)) for i in identities) == ["anonymousUser", "phoneUser", "signedinUser"]
    assert all(len(i) == 1 for i in identities)
    dave = participant_of(store, record["name"], "users/dave")
    assert dave["signedinUser"] == {"user": "users/dave", "displayName": "Dave Example"}
    assert "email" not in json.dumps(dave)
    assert participant_of(store, record["name"], "Guest")["anonymousUser"] == {"displayName": "Guest"}
    for participant in participants:
        assert_shaped_as("Participant", participant)
        assert participant["earliestStartTime"] == "2026-11-20T09:00:00.000000Z"
        assert "latestEndTime" not in participant


def test_participants_are_listed_newest_join_first(store, clock):
    record = store.start(SPACE, [DAVE])
    clock.advance(minutes=5)
    store.join(SPACE, GUEST)
    clock.advance(minutes=5)
    store.join(SPACE, ERIN)
    listed = store.list_participants(record["name"], None)
    assert [next(iter(p.get("signedinUser", p.get("anonymousUser")).values())) for p in listed] == [
        "users/erin",
        "Guest",
        "users/dave",
    ]


def test_a_signed_in_user_who_rejoins_is_the_same_participant_with_a_new_session(store, clock):
    record = store.start(SPACE, [DAVE])
    clock.advance(minutes=10)
    store.leave(SPACE, DAVE)
    left = participant_of(store, record["name"], "users/dave")
    assert left["latestEndTime"] == "2026-11-20T09:10:00.000000Z"
    clock.advance(minutes=5)
    again = store.join(SPACE, DAVE)
    assert again["name"] == left["name"]
    assert "latestEndTime" not in again  # back in the call
    assert again["earliestStartTime"] == "2026-11-20T09:00:00.000000Z"
    sessions = store.list_sessions(again["name"], None)
    assert [(s["startTime"], s.get("endTime")) for s in sessions] == [
        ("2026-11-20T09:15:00.000000Z", None),  # newest first
        ("2026-11-20T09:00:00.000000Z", "2026-11-20T09:10:00.000000Z"),
    ]
    for session in sessions:
        assert_shaped_as("ParticipantSession", session)
        assert session["name"].startswith(again["name"] + "/participantSessions/")
        assert store.get_session(session["name"]) == session


def test_an_anonymous_guest_who_rejoins_is_a_new_participant(store, clock):
    record = store.start(SPACE, [GUEST])
    store.leave(SPACE, GUEST)
    clock.advance(minutes=1)
    store.join(SPACE, GUEST)
    assert len(store.list_participants(record["name"], None)) == 2


def test_filter_participants_in_the_call_now_and_by_join_time(store, clock):
    record = store.start(SPACE, [DAVE, GUEST])
    clock.advance(minutes=20)
    store.join(SPACE, ERIN)
    store.leave(SPACE, GUEST)
    in_call = store.list_participants(record["name"], "latest_end_time IS NULL")
    assert {p.get("signedinUser", {}).get("user") for p in in_call} == {"users/dave", "users/erin"}
    late = store.list_participants(record["name"], 'earliest_start_time > "2026-11-20T09:10:00Z"')
    assert [p["signedinUser"]["user"] for p in late] == ["users/erin"]
    assert api_error(store.list_participants, record["name"], "start_time IS NULL").status == "INVALID_ARGUMENT"


def test_filter_sessions(store, clock):
    record = store.start(SPACE, [DAVE])
    clock.advance(minutes=10)
    store.leave(SPACE, DAVE)
    clock.advance(minutes=10)
    store.join(SPACE, DAVE)
    dave = participant_of(store, record["name"], "users/dave")
    open_sessions = store.list_sessions(dave["name"], "end_time IS NULL")
    assert [s["startTime"] for s in open_sessions] == ["2026-11-20T09:20:00.000000Z"]
    early = store.list_sessions(dave["name"], 'start_time < "2026-11-20T09:05:00Z"')
    assert [s["endTime"] for s in early] == ["2026-11-20T09:10:00.000000Z"]


def test_ending_closes_every_open_session(store, clock):
    record = store.start(SPACE, [DAVE, GUEST, CALLER])
    clock.advance(minutes=30)
    store.end(SPACE)
    assert store.list_participants(record["name"], "latest_end_time IS NULL") == []
    for participant in store.list_participants(record["name"], None):
        assert participant["latestEndTime"] == "2026-11-20T09:30:00.000000Z"
        assert store.list_sessions(participant["name"], "end_time IS NULL") == []


def test_joining_an_empty_space_starts_its_conference(store):
    joined = store.join(SPACE, DAVE, meeting_code="abc-mnop-xyz")
    record_name = store.active_record_name(SPACE)
    assert joined["name"].startswith(record_name + "/participants/")
    assert store.list_records('space.meeting_code = "abc-mnop-xyz"', everyone_may_see)[0]["name"] == record_name


def test_leaving_needs_someone_in_a_running_conference(store):
    assert api_error(store.leave, SPACE, DAVE).status == "FAILED_PRECONDITION"
    store.start(SPACE, [DAVE])
    assert api_error(store.leave, SPACE, ERIN).status == "FAILED_PRECONDITION"
    store.leave(SPACE, DAVE)
    assert api_error(store.leave, SPACE, DAVE).status == "FAILED_PRECONDITION"


def test_who_is_in_the_call_and_who_ever_was(store):
    record = store.start(SPACE, [DAVE, GUEST])
    store.join(SPACE, ERIN)
    store.leave(SPACE, ERIN)
    assert store.active_participant_user_ids(SPACE) == {"users/dave"}
    assert store.participant_user_ids(record["name"]) == {"users/dave", "users/erin"}
    assert store.active_participant_user_ids(OTHER_SPACE) == set()
    assert store.record_space(record["name"]) == SPACE


def test_sub_resource_names_missing_or_malformed(store):
    record = store.start(SPACE, [DAVE])
    missing = f"{record['name']}/participants/nobody"
    assert api_error(store.get_participant, missing).http_status == 404
    assert api_error(store.list_sessions, missing, None).http_status == 404
    assert api_error(store.get_session, missing + "/participantSessions/x").http_status == 404
    assert api_error(store.get_participant, "conferenceRecords/nope/participants/x").http_status == 404
    assert api_error(store.get_participant, f"{record['name']}/participants").http_status == 400
    assert api_error(store.get_session, f"{record['name']}/participantSessions/x").http_status == 400


# ---- artifacts ----


def test_a_recording_follows_the_conference_until_its_file_exists(store, clock):
    record = store.start(SPACE, [DAVE])
    clock.advance(minutes=2)
    recording = store.add_artifact(SPACE, "recordings", {})
    assert recording["state"] == "STARTED"
    assert recording["startTime"] == "2026-11-20T09:02:00.000000Z"
    assert "endTime" not in recording
    assert "driveDestination" not in recording
    clock.advance(minutes=28)
    store.end(SPACE)
    ended = store.get_artifact(recording["name"])
    assert (ended["state"], ended["endTime"]) == ("ENDED", "2026-11-20T09:30:00.000000Z")
    assert "driveDestination" not in ended
    clock.advance(seconds=FILE_GENERATION_DELAY.total_seconds())
    generated = store.get_artifact(recording["name"])
    assert generated["state"] == "FILE_GENERATED"
    file_id = generated["driveDestination"]["file"]
    assert generated["driveDestination"]["exportUri"] == f"https://drive.google.com/file/d/{file_id}/view"
    assert_shaped_as("Recording", generated)
    assert store.list_artifacts(record["name"], "recordings") == [generated]


def test_transcripts_and_smart_notes_land_in_google_docs(store, clock):
    record = store.start(SPACE, [DAVE])
    store.add_artifact(record["name"], "transcripts", {})
    store.add_artifact(record["name"], "smartNotes", {})
    store.end(SPACE)
    clock.advance(minutes=5)
    for kind, schema in (("transcripts", "Transcript"), ("smartNotes", "SmartNote")):
        (artifact,) = store.list_artifacts(record["name"], kind)
        assert artifact["name"].startswith(f"{record['name']}/{kind}/")
        assert artifact["state"] == "FILE_GENERATED"
        document = artifact["docsDestination"]["document"]
        assert artifact["docsDestination"]["exportUri"] == f"https://docs.google.com/document/d/{document}/view"
        assert_shaped_as(schema, artifact)


def test_artifacts_are_listed_oldest_first(store, clock):
    record = store.start(SPACE, [DAVE])
    late = store.add_artifact(SPACE, "recordings", {"startTime": "2026-11-20T09:20:00Z"})
    early = store.add_artifact(
        SPACE, "recordings", {"startTime": "2026-11-20T09:05:00Z", "endTime": "2026-11-20T09:10:00Z"}
    )
    names = [artifact["name"] for artifact in store.list_artifacts(record["name"], "recordings")]
    assert names == [early["name"], late["name"]]
    assert store.get_artifact(early["name"])["state"] == "ENDED"  # stopped during the call; file not written yet


def test_explicit_artifact_state_and_destination(store):
    record = store.start(SPACE, [DAVE])
    store.end(SPACE)
    kept = store.add_artifact(record["name"], "recordings", {"state": "ENDED"})
    chosen = store.add_artifact(record["name"], "recordings", {"state": "FILE_GENERATED", "file": "1kuceFZohVoCh6Fu"})
    assert kept["state"] == "ENDED"
    assert chosen["driveDestination"] == {
        "file": "1kuceFZohVoCh6Fu",
        "exportUri": "https://drive.google.com/file/d/1kuceFZohVoCh6Fu/view",
    }
    assert api_error(store.add_artifact, record["name"], "recordings", {"state": "DONE"}).status == "INVALID_ARGUMENT"
    assert api_error(store.add_artifact, record["name"], "recordings", {"colour": 1}).status == "INVALID_ARGUMENT"
    assert api_error(store.add_artifact, OTHER_SPACE, "recordings", {}).status == "FAILED_PRECONDITION"


def test_artifact_names_missing_or_malformed(store):
    record = store.start(SPACE, [DAVE])
    assert api_error(store.get_artifact, f"{record['name']}/recordings/none").http_status == 404
    assert api_error(store.get_artifact, f"{record['name']}/videos/x").http_status == 400
    assert api_error(store.list_entries, f"{record['name']}/transcripts/none").http_status == 404
    assert api_error(store.list_artifacts, "conferenceRecords/none", "smartNotes").http_status == 404


def test_transcript_entries_name_their_speaker_and_come_oldest_first(store, clock):
    record = store.start(SPACE, [DAVE, GUEST])
    transcript = store.add_artifact(SPACE, "transcripts", {})
    dave = participant_of(store, record["name"], "users/dave")
    guest = participant_of(store, record["name"], "Guest")
    added = store.add_entries(
        transcript["name"],
        [
            {"participant": {"email": "dave@example.com"}, "text": "Shall we start?"},
            {"participant": GUEST, "text": "Hola", "languageCode": "es-ES"},
            {"participant": dave["name"], "text": "Before all that", "startTime": "2026-11-20T08:59:00Z"},
        ],
    )
    entries = store.list_entries(transcript["name"])
    assert [e["text"] for e in entries] == ["Before all that", "Shall we start?", "Hola"]
    assert [e["participant"] for e in entries] == [dave["name"], dave["name"], guest["name"]]
    assert entries[1]["languageCode"] == "en-US"
    assert (entries[1]["startTime"], entries[1]["endTime"]) == (
        "2026-11-20T09:00:00.000000Z",
        "2026-11-20T09:00:10.000000Z",
    )
    assert entries[2]["startTime"] == "2026-11-20T09:00:10.000000Z"  # right after the one before
    for entry in entries:
        assert_shaped_as("TranscriptEntry", entry)
        assert entry["name"].startswith(transcript["name"] + "/entries/")
    assert store.get_entry(added[1]["name"]) == added[1]
    error = api_error(store.add_entries, transcript["name"], [{"participant": ERIN, "text": "I was never here"}])
    assert error.status == "INVALID_ARGUMENT"
    assert api_error(store.get_entry, transcript["name"] + "/entries/none").http_status == 404


# ---- seeds ----


def resolve(email: str) -> dict:
    people = {"dave@example.com": DAVE, "erin@otherco.test": ERIN}
    return {key: value for key, value in people[email].items() if key != "email"}


def test_seed_a_past_conference_with_everything_in_it(store, clock):
    record = store.seed_conference(
        {
            "space": SPACE,
            "meetingCode": "abc-mnop-xyz",
            "startTime": {"hoursAgo": 26},
            "endTime": {"hoursAgo": 25},
            "participants": [
                {"email": "dave@example.com"},
                {
                    "anonymous": "Guest",
                    "sessions": [
                        {"startTime": {"minutesAgo": 1555}, "endTime": {"minutesAgo": 1550}},
                        {"startTime": {"minutesAgo": 1540}},
                    ],
                },
                {"phone": "+1 ***-***-0123"},
            ],
            "recordings": [{}],
            "transcripts": [
                {
                    "entries": [
                        {"participant": {"email": "dave@example.com"}, "text": "Welcome"},
                        {"participant": {"anonymous": "Guest"}, "text": "Thanks"},
                    ]
                }
            ],
            "smartNotes": [{}],
        },
        resolve,
    )
    assert record["startTime"] == "2026-11-19T07:00:00.000000Z"
    assert record["endTime"] == "2026-11-19T08:00:00.000000Z"
    assert store.active_record_name(SPACE) is None
    participants = store.list_participants(record["name"], None)
    assert len(participants) == 3
    assert all(p["latestEndTime"] == record["endTime"] for p in participants)
    guest = participant_of(store, record["name"], "Guest")
    assert len(store.list_sessions(guest["name"], None)) == 2
    (recording,) = store.list_artifacts(record["name"], "recordings")
    assert recording["state"] == "FILE_GENERATED"
    (transcript,) = store.list_artifacts(record["name"], "transcripts")
    assert [(e["text"], e["participant"]) for e in store.list_entries(transcript["name"])] == [
        ("Welcome", participant_of(store, record["name"], "users/dave")["name"]),
        ("Thanks", guest["name"]),
    ]
    assert store.list_artifacts(record["name"], "smartNotes")[0]["state"] == "FILE_GENERATED"
    assert store.list_records('space.meeting_code = "abc-mnop-xyz"', everyone_may_see) == [record]


def test_seed_a_running_conference(store):
    record = store.seed_conference(
        {"space": SPACE, "startTime": "2026-11-20T08:30:00Z", "participants": [{"email": "dave@example.com"}]},
        resolve,
    )
    assert "endTime" not in record
    assert store.active_record_name(SPACE) == record["name"]
    assert store.active_participant_user_ids(SPACE) == {"users/dave"}
    error = api_error(store.seed_conference, {"space": SPACE}, resolve)
    assert error.status == "FAILED_PRECONDITION"


@pytest.mark.parametrize(
    "spec",
    [
        {"space": SPACE, "attendees": []},
        {"space": "alice-weekly"},
        {"space": SPACE, "startTime": "yesterday"},
        {"space": SPACE, "startTime": {"hoursAgo": 1}, "endTime": {"hoursAgo": 2}},
        {"space": SPACE, "participants": [{"name": "Dave"}]},
        {"space": SPACE, "participants": [{"email": "dave@example.com", "sessions": "all day"}]},
        {"space": SPACE, "recordings": {}},
        {"space": SPACE, "participants": [GUEST], "transcripts": [{"entries": [{"participant": ERIN, "text": "Hi"}]}]},
    ],
)
def test_a_bad_seed_is_refused_and_leaves_nothing_behind(store, spec):
    assert api_error(store.seed_conference, spec, resolve).status == "INVALID_ARGUMENT"
    assert store.list_records(None, everyone_may_see) == []
    assert store.active_record_name(SPACE) is None


# ---- persistence ----


def everything_readable(store) -> dict:
    records = store.list_records(None, everyone_may_see)
    seen: dict = {"records": records}
    for record in records:
        name = record["name"]
        seen[name] = {
            "participants": store.list_participants(name, None),
            "sessions": [store.list_sessions(p["name"], None) for p in store.list_participants(name, None)],
            "artifacts": [store.list_artifacts(name, kind) for kind in ("recordings", "transcripts", "smartNotes")],
            "entries": [store.list_entries(t["name"]) for t in store.list_artifacts(name, "transcripts")],
        }
    return seen


def test_state_round_trips_through_json(store, clock):
    store.seed_conference(
        {
            "space": OTHER_SPACE,
            "meetingCode": "old-code-xyz",
            "startTime": {"daysAgo": 2},
            "endTime": {"daysAgo": 2, "minutesAgo": -30},
            "participants": [{"email": "erin@otherco.test"}, {"phone": "+1 ***-***-0123"}],
            "transcripts": [{"entries": [{"participant": {"phone": "+1 ***-***-0123"}, "text": "Hello?"}]}],
        },
        resolve,
    )
    store.start(SPACE, [DAVE, GUEST], meeting_code="abc-mnop-xyz")
    store.add_artifact(SPACE, "recordings", {})
    before = everything_readable(store)

    state = json.loads(json.dumps(store.to_state()))
    restored = ConferenceStore.from_state(state, clock.now, sequential_ids())
    assert everything_readable(restored) == before
    assert restored.active_record_name(SPACE) == store.active_record_name(SPACE)
    assert restored.list_records('space.meeting_code = "old-code-xyz"', everyone_may_see) == before["records"][1:]
    # The restored store keeps working: the running conference still ends, and the recording follows.
    clock.advance(minutes=10)
    assert restored.end(SPACE) is True
    clock.advance(minutes=5)
    record_name = before["records"][0]["name"]
    assert restored.list_artifacts(record_name, "recordings")[0]["state"] == "FILE_GENERATED"


# ---- invariants under any sequence of joins, leaves and ends ----

PEOPLE = {"dave": DAVE, "erin": ERIN, "guest": GUEST, "caller": CALLER}
STEPS = st.one_of(
    st.tuples(st.just("join"), st.sampled_from(sorted(PEOPLE))),
    st.tuples(st.just("leave"), st.sampled_from(sorted(PEOPLE))),
    st.tuples(st.just("wait"), st.integers(min_value=0, max_value=90)),
    st.tuples(st.just("end"), st.none()),
    st.tuples(st.just("record"), st.none()),
)


def count_in_the_call(store, person: dict) -> int:
    """How many participants in the running conference are `person` (guests of one name may be several)."""
    record = store.active_record_name(SPACE)
    if record is None:
        return 0
    identity = {
        "signedinUser": {"user": person.get("user"), "displayName": person.get("displayName")},
        "anonymousUser": {"displayName": person.get("anonymous")},
        "phoneUser": {"displayName": person.get("phone")},
    }
    return sum(
        participant.get(kind) == who
        for participant in store.list_participants(record, "latest_end_time IS NULL")
        for kind, who in identity.items()
    )


@settings(max_examples=60, deadline=None)
@given(steps=st.lists(STEPS, max_size=25))
def test_invariants_hold_whatever_happens(steps):
    clock = FrozenClock(T0)
    store = ConferenceStore(clock.now, sequential_ids())
    for action, argument in steps:
        if action == "join":
            store.join(SPACE, PEOPLE[argument])
        elif action == "leave" and count_in_the_call(store, PEOPLE[argument]):
            before = count_in_the_call(store, PEOPLE[argument])
            store.leave(SPACE, PEOPLE[argument])
            # A signed-in person leaves on every device; two guests of the same name are two people, one leaves.
            assert count_in_the_call(store, PEOPLE[argument]) == (0 if "user" in PEOPLE[argument] else before - 1)
        elif action == "leave":
            assert api_error(store.leave, SPACE, PEOPLE[argument]).status == "FAILED_PRECONDITION"
        elif action == "wait":
            clock.advance(minutes=argument)
        elif action == "end":
            store.end(SPACE)
        elif store.active_record_name(SPACE) is not None:
            store.add_artifact(SPACE, "recordings", {})

    records = store.list_records(None, everyone_may_see)
    running = [record for record in records if "endTime" not in record]
    assert len(running) <= 1
    assert store.active_record_name(SPACE) == (running[0]["name"] if running else None)
    in_call_users = set()
    for record in records:
        for participant in store.list_participants(record["name"], None):
            sessions = store.list_sessions(participant["name"], None)
            assert participant["earliestStartTime"] == min(session["startTime"] for session in sessions)
            open_sessions = [session for session in sessions if "endTime" not in session]
            assert ("latestEndTime" in participant) is (not open_sessions)
            if "latestEndTime" in participant:
                assert participant["latestEndTime"] == max(session["endTime"] for session in sessions)
            assert all(session["endTime"] >= session["startTime"] for session in sessions if "endTime" in session)
            if "endTime" in record:
                assert not open_sessions  # an ended conference has nobody left in it
            elif open_sessions and "signedinUser" in participant:
                in_call_users.add(participant["signedinUser"]["user"])
        for recording in store.list_artifacts(record["name"], "recordings"):
            assert (recording["state"] == "STARTED") is ("endTime" not in record)
    assert store.active_participant_user_ids(SPACE) == in_call_users
    restored = ConferenceStore.from_state(json.loads(json.dumps(store.to_state())), clock.now, sequential_ids())
    assert everything_readable(restored) == everything_readable(store)
