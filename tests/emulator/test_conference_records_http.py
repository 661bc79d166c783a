"""conferenceRecords and everything under them, over real HTTP, as a Meet API client sees them.

alice owns a space made by the app `meetadmin-test`; dave (signed in), a guest and a phone caller join its
conferences; erin is a user who never took part; the app `other-app` made none of alice's spaces.
"""

from __future__ import annotations

import pytest

from tests.support.meet_http import MeetHttp, error_of

CREATED = "https://www.googleapis.com/auth/meetings.space.created"
READONLY = "https://www.googleapis.com/auth/meetings.space.readonly"
APP = "meetadmin-test.apps.googleusercontent.com"
OTHER_APP = "other-app.apps.googleusercontent.com"
DAVE = {"email": "dave@example.com"}
GUEST = {"anonymous": "Guest"}
CALLER = {"phone": "+1 ***-***-0123"}


def meet_as(emulator, control, email: str, client_id: str = APP, scopes=(CREATED, READONLY)) -> MeetHttp:
    return MeetHttp(emulator.url, control.token(email, client_id, list(scopes))["access_token"])


@pytest.fixture
def alice(emulator, control):
    return meet_as(emulator, control, "alice@example.com")


@pytest.fixture
def space(alice):
    """alice's space, created through the API by meetadmin-test."""
    return alice.post_json("spaces", {})


@pytest.fixture
def finished(control, space):
    """A finished conference in alice's space: dave, a guest and a phone caller, 30 minutes."""
    record = control.start_conference(space["name"], [DAVE, GUEST, CALLER])
    control.advance_clock(30 * 60)
    control.end_conference(space["name"])
    return record


def test_the_owner_lists_and_gets_a_finished_conference(alice, space, finished):
    listed = alice.get_json("conferenceRecords")["conferenceRecords"]
    assert [record["name"] for record in listed] == [finished["name"]]
    record = alice.get_json(finished["name"])
    assert record["space"] == space["name"]
    assert record["startTime"] == finished["startTime"]
    assert record["endTime"] > record["startTime"]
    assert record["expireTime"] > record["endTime"]


def test_records_come_newest_first_and_page(alice, control, space, finished):
    control.start_conference(space["name"], [DAVE])
    running = alice.get_json("conferenceRecords", filter="end_time IS NULL")["conferenceRecords"]
    first = alice.get_json("conferenceRecords", pageSize=1)
    assert [record["name"] for record in first["conferenceRecords"]] == [running[0]["name"]]
    second = alice.get_json("conferenceRecords", pageSize=1, pageToken=first["nextPageToken"])
    assert [record["name"] for record in second["conferenceRecords"]] == [finished["name"]]
    assert "nextPageToken" not in second


def test_filters_travel_form_encoded(alice, control, space, finished):
    """requests encodes `space.name = "spaces/X"` with `+` for spaces, as Google's clients do."""
    other = alice.post_json("spaces", {})
    control.start_conference(other["name"], [DAVE])
    mine = alice.get_json("conferenceRecords", filter=f'space.name = "{space["name"]}"')["conferenceRecords"]
    assert [record["name"] for record in mine] == [finished["name"]]
    by_code = alice.get_json("conferenceRecords", filter=f'space.meeting_code = "{space["meetingCode"].upper()}"')
    assert [record["name"] for record in by_code["conferenceRecords"]] == [finished["name"]]
    window = 'start_time>="2000-01-01T00:00:00.000Z" AND end_time<="2100-01-01T00:00:00Z"'
    assert [r["name"] for r in alice.get_json("conferenceRecords", filter=window)["conferenceRecords"]] == [
        finished["name"]
    ]


def test_a_filter_google_would_refuse_is_a_400(alice, finished):
    for bad in ('space.name = "a" OR space.name = "b"', 'spaceName = "a"', 'start_time > "yesterday"'):
        response = alice.get("conferenceRecords", filter=bad)
        assert error_of(response) == (400, "INVALID_ARGUMENT")
        assert response.json()["error"]["message"]


def test_participants_and_their_sessions(alice, control, space):
    record = control.start_conference(space["name"], [DAVE, GUEST])
    control.advance_clock(60)
    control.join(space["name"], CALLER)
    control.leave(space["name"], GUEST)
    participants = alice.get_json(f"{record['name']}/participants")["participants"]
    assert len(participants) == 3
    assert "phoneUser" in participants[0]  # newest join first
    in_call = alice.get_json(f"{record['name']}/participants", filter="latest_end_time IS NULL")["participants"]
    assert sorted(next(k for k in p if k.endswith("User")) for p in in_call) == ["phoneUser", "signedinUser"]
    dave = next(p for p in participants if "signedinUser" in p)
    assert dave["signedinUser"]["user"].startswith("users/")
    assert alice.get_json(dave["name"]) == dave
    sessions = alice.get_json(f"{dave['name']}/participantSessions")["participantSessions"]
    assert len(sessions) == 1
    assert "endTime" not in sessions[0]
    assert alice.get_json(sessions[0]["name"]) == sessions[0]
    assert (
        alice.get_json(f"{dave['name']}/participantSessions", filter="end_time IS NULL")["participantSessions"]
        == sessions
    )


def test_dave_rejoining_is_one_participant_with_two_sessions(alice, control, space):
    record = control.start_conference(space["name"], [DAVE])
    control.advance_clock(60)
    control.leave(space["name"], DAVE)
    control.advance_clock(60)
    control.join(space["name"], DAVE)
    (dave,) = alice.get_json(f"{record['name']}/participants")["participants"]
    sessions = alice.get_json(f"{dave['name']}/participantSessions")["participantSessions"]
    assert ["endTime" in session for session in sessions] == [False, True]  # newest first


def test_artifacts_appear_once_their_files_are_generated(alice, control, space):
    record = control.start_conference(space["name"], [DAVE])
    control.add_recording(space["name"])
    control.add_transcript(
        space["name"],
        entries=[{"participant": DAVE, "text": "Good morning"}, {"participant": DAVE, "text": "Let us begin"}],
    )
    control.add_smart_note(space["name"])
    (recording,) = alice.get_json(f"{record['name']}/recordings")["recordings"]
    assert recording["state"] == "STARTED"
    assert "driveDestination" not in recording
    control.end_conference(space["name"])
    assert alice.get_json(recording["name"])["state"] == "ENDED"
    control.advance_clock(5 * 60)
    generated = alice.get_json(recording["name"])
    assert generated["state"] == "FILE_GENERATED"
    assert generated["driveDestination"]["exportUri"].startswith("https://drive.google.com/file/d/")
    (transcript,) = alice.get_json(f"{record['name']}/transcripts")["transcripts"]
    assert transcript["docsDestination"]["document"]
    (note,) = alice.get_json(f"{record['name']}/smartNotes")["smartNotes"]
    assert note["state"] == "FILE_GENERATED"
    entries = alice.get_json(f"{transcript['name']}/entries")["transcriptEntries"]
    assert [entry["text"] for entry in entries] == ["Good morning", "Let us begin"]
    dave = alice.get_json(f"{record['name']}/participants")["participants"][0]
    assert {entry["participant"] for entry in entries} == {dave["name"]}
    assert alice.get_json(entries[1]["name"]) == entries[1]


def test_artifact_states_in_the_integer_enum_dialect(alice, control, space, finished):
    control.add_recording(finished["name"], state="ENDED")
    response = alice.get(f"{finished['name']}/recordings", **{"$alt": "json;enum-encoding=int"})
    assert response.status_code == 200, response.text
    assert [recording["state"] for recording in response.json()["recordings"]] == [2]  # ENDED


def test_someone_who_never_took_part_sees_nothing(emulator, control, finished):
    erin = meet_as(emulator, control, "erin@otherco.test")
    assert erin.get_json("conferenceRecords").get("conferenceRecords", []) == []
    assert error_of(erin.get(finished["name"])) == (404, "NOT_FOUND")
    assert error_of(erin.get(f"{finished['name']}/participants"))[0] == 404


def test_a_participant_with_the_readonly_scope_sees_the_record(emulator, control, finished):
    dave = meet_as(
        emulator, control, "dave@example.com", client_id="dave-tool.apps.googleusercontent.com", scopes=(READONLY,)
    )
    assert [record["name"] for record in dave.get_json("conferenceRecords")["conferenceRecords"]] == [finished["name"]]


def test_another_app_with_only_the_created_scope_cannot_reach_alices_records(emulator, control, finished):
    other = meet_as(emulator, control, "alice@example.com", client_id=OTHER_APP, scopes=(CREATED,))
    assert other.get_json("conferenceRecords").get("conferenceRecords", []) == []
    assert error_of(other.get(finished["name"])) == (404, "NOT_FOUND")  # as if it did not exist


def test_missing_names_are_404(alice, finished):
    assert error_of(alice.get("conferenceRecords/doesNotExist")) == (404, "NOT_FOUND")
    assert error_of(alice.get(f"{finished['name']}/participants/nobody")) == (404, "NOT_FOUND")
    assert error_of(alice.get(f"{finished['name']}/recordings/none")) == (404, "NOT_FOUND")
    assert error_of(alice.get(f"{finished['name']}/transcripts/none/entries")) == (404, "NOT_FOUND")


def test_a_record_is_gone_thirty_days_after_its_conference(emulator, control, finished):
    control.advance_clock(30 * 24 * 3600 - 60)
    alice = meet_as(emulator, control, "alice@example.com")  # a fresh token: the first one expired weeks ago
    assert alice.get_json(finished["name"])["name"] == finished["name"]
    control.advance_clock(120)
    assert error_of(alice.get(finished["name"])) == (404, "NOT_FOUND")
    assert alice.get_json("conferenceRecords").get("conferenceRecords", []) == []


def test_a_record_keeps_the_code_its_space_had(alice, control, space, finished):
    """The code moves to another space; the old record still answers to it, the new space's record too."""
    code = space["meetingCode"]
    other = alice.post_json("spaces", {})
    control.reassign_code(code, other["name"])
    newer = control.start_conference(other["name"], [DAVE])
    found = alice.get_json("conferenceRecords", filter=f'space.meeting_code = "{code}"')["conferenceRecords"]
    assert [record["name"] for record in found] == [newer["name"], finished["name"]]
    assert [record["space"] for record in found] == [other["name"], space["name"]]


SEED = {
    "users": [{"email": "alice@example.com"}, {"email": "dave@example.com"}],
    "spaces": [
        {"id": "AliceWeekly1", "owner": "alice@example.com", "project": "seeded-app", "code": "wee-klya-lic"},
        {"id": "AliceAdHoc02", "owner": "alice@example.com", "project": "seeded-app"},
    ],
    "conferences": [
        {
            "space": "spaces/AliceWeekly1",
            "startTime": {"daysAgo": 2, "hoursAgo": 1},
            "endTime": {"daysAgo": 2},
            "participants": [{"email": "alice@example.com"}, {"email": "dave@example.com"}, GUEST],
            "recordings": [{}],
            "transcripts": [
                {
                    "entries": [
                        {"participant": {"email": "alice@example.com"}, "text": "Welcome back."},
                        {"participant": GUEST, "text": "Hello from the guest."},
                    ]
                }
            ],
            "smartNotes": [{}],
        },
        {"space": "spaces/AliceWeekly1", "startTime": {"minutesAgo": 10}, "participants": [DAVE, CALLER]},
    ],
}


def test_seeded_conferences_survive_a_restart_from_the_state_file(tmp_path):
    """Seeded conferences, and one started since, read the same after the emulator restarts from its state."""
    from google_emulator.control.client import EmulatorControl
    from google_emulator.server import start

    state_file = str(tmp_path / "emulator-state.json")

    def everything_alice_reads(running) -> list:
        alice = meet_as(running, EmulatorControl(running.url), "alice@example.com", client_id="reader-app")
        records = alice.get_json("conferenceRecords")["conferenceRecords"]
        seen: list = [records]
        for record in records:
            seen.append(alice.get_json(f"{record['name']}/participants").get("participants", []))
            for kind in ("recordings", "transcripts", "smartNotes"):
                seen.append(alice.get_json(f"{record['name']}/{kind}").get(kind, []))
            for transcript in alice.get_json(f"{record['name']}/transcripts").get("transcripts", []):
                seen.append(alice.get_json(f"{transcript['name']}/entries")["transcriptEntries"])
        return seen

    with start(seed=SEED, state_file=state_file) as first:
        EmulatorControl(first.url).start_conference("spaces/AliceAdHoc02", [DAVE])
        before = everything_alice_reads(first)
    with start(seed="empty", state_file=state_file) as second:
        after = everything_alice_reads(second)
    newest_first = ["spaces/AliceAdHoc02", "spaces/AliceWeekly1", "spaces/AliceWeekly1"]
    assert [record["space"] for record in before[0]] == newest_first
    assert [entry["text"] for entry in before[-1]] == ["Welcome back.", "Hello from the guest."]
    assert after == before
