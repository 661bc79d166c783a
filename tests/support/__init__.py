"""Test-only support for the emulator's conformance tests: Google's error shape, checked, and the seeded world
the conformance tests call every Meet method in. Raw HTTP goes through `tests.support.meet_http`, the
discovery-document oracle is `tests.support.discovery`; each other module of this package is one helper.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

from tests.support.meet_http import MeetHttp

SCOPE_CREATED = "https://www.googleapis.com/auth/meetings.space.created"
SCOPE_READONLY = "https://www.googleapis.com/auth/meetings.space.readonly"
SCOPE_SETTINGS = "https://www.googleapis.com/auth/meetings.space.settings"
MEET_SCOPES = (SCOPE_CREATED, SCOPE_READONLY, SCOPE_SETTINGS)

# Two OAuth clients unknown to the emulator: each is registered on the fly as its own Cloud project, i.e. two apps.
OWN_APP = "conformance-own-app.apps.googleusercontent.com"
OTHER_APP = "conformance-other-app.apps.googleusercontent.com"

PERMISSION_DENIED_SPACE = "Permission denied on resource MeetingSpace (or it might not exist)"
INSUFFICIENT_SCOPES = "Request had insufficient authentication scopes."


def access_token(control: Any, email: str, scopes: list[str] | tuple[str, ...], client_id: str = OWN_APP) -> str:
    """A fresh access token for a user of the emulated Workspace, through the given app."""
    return control.token(email, client_id, list(scopes))["access_token"]


def google_error(response: requests.Response) -> dict[str, Any]:
    """The `error` object of Google's JSON error body (fails clearly when the body is not one)."""
    try:
        payload = response.json()
    except ValueError:
        raise AssertionError(f"{response.status_code} without a JSON body: {response.text[:300]!r}") from None
    assert set(payload) == {"error"}, f"not Google's error shape: {payload}"
    error = payload["error"]
    assert error.get("code") == response.status_code, f"error.code {error.get('code')} != HTTP {response.status_code}"
    return error


def assert_google_error(
    response: requests.Response,
    http_status: int,
    status: str,
    message: str | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    """The response is Google's error with this HTTP status and canonical status (and message / ErrorInfo reason)."""
    assert response.status_code == http_status, (
        f"expected {http_status} {status}, got {response.status_code}: {response.text[:500]}"
    )
    error = google_error(response)
    assert error.get("status") == status, error
    assert isinstance(error.get("message"), str), error
    if message is not None:
        assert error["message"] == message, error
    if reason is not None:
        reasons = [
            detail.get("reason")
            for detail in error.get("details", [])
            if detail.get("@type") == "type.googleapis.com/google.rpc.ErrorInfo"
        ]
        assert reason in reasons, f"no ErrorInfo with reason {reason}: {error}"
    return error


# ---------------------------------------------------------------------------------------------------- a seeded world

ALICE = "alice@example.com"  # owns the spaces
DAVE = "dave@example.com"  # joins alice's calls
FRANK = "frank@example.com"  # one of the space's members

SETTINGS = {
    "accessType": "RESTRICTED",
    "entryPointAccess": "ALL",
    "moderation": "ON",
    "moderationRestrictions": {
        "chatRestriction": "HOSTS_ONLY",
        "reactionRestriction": "NO_RESTRICTION",
        "presentRestriction": "HOSTS_ONLY",
        "defaultJoinAsViewerType": "ON",
    },
    "attendanceReportGenerationType": "GENERATE_REPORT",
    "artifactConfig": {
        "recordingConfig": {"autoRecordingGeneration": "ON"},
        "transcriptionConfig": {"autoTranscriptionGeneration": "ON"},
        "smartNotesConfig": {"autoSmartNotesGeneration": "OFF"},
    },
}


@dataclass
class ConformanceSeed:
    """alice's `space` (two members, two past conferences, the first full of artifacts) and `live_space`, where a
    conference with dave in it is running."""

    url: str
    token: str
    space: dict[str, Any]
    live_space: dict[str, Any]
    members: list[dict[str, Any]]
    record: str  # the first, richer past conference of `space`
    participant: str  # dave in `record`: two sessions
    recording: str
    transcript: str
    entry: str
    smart_note: str

    def client(self, dialect: str) -> MeetHttp:
        return MeetHttp(self.url, self.token, dialect)


def seed_conformance(emulator: Any, control: Any) -> ConformanceSeed:
    """Seeds the conformance world through the control surface and the API itself, as alice of the own app."""
    for email in (ALICE, DAVE, FRANK):
        control.add_user(email)
    token = access_token(control, ALICE, MEET_SCOPES)
    alice = MeetHttp(emulator.url, token)
    space = alice.ok("meet.spaces.create", body={"config": SETTINGS})
    live_space = alice.ok("meet.spaces.create", body={})
    members = [
        alice.ok("meet.spaces.members.create", parent=space["name"], body={"email": DAVE, "role": "COHOST"}),
        alice.ok("meet.spaces.members.create", parent=space["name"], body={"email": FRANK}),
    ]

    record = control.start_conference(
        space["name"], [{"email": DAVE}, {"anonymous": "Guest of alice"}, {"phone": "Caller one"}]
    )["name"]
    control.leave(space["name"], {"email": DAVE})
    control.join(space["name"], {"email": DAVE})
    participants = alice.list_all("meet.conferenceRecords.participants.list", parent=record)
    (dave,) = [p for p in participants if "signedinUser" in p]
    (guest,) = [p for p in participants if "anonymousUser" in p]
    recordings = [control.add_recording(record, state="FILE_GENERATED") for _ in range(2)]
    transcripts = [
        control.add_transcript(
            record,
            entries=[
                {"participant": dave["name"], "text": "Hello everyone.", "languageCode": "en-US"},
                {"participant": guest["name"], "text": "Hi Dave.", "languageCode": "en-US"},
            ],
            state="FILE_GENERATED",
        )
        for _ in range(2)
    ]
    notes = [control.add_smart_note(record, state="FILE_GENERATED") for _ in range(2)]
    control.end_conference(space["name"])
    control.advance_clock(60)
    control.start_conference(space["name"], [{"email": DAVE}])
    control.advance_clock(60)
    control.end_conference(space["name"])
    control.start_conference(live_space["name"], [{"email": DAVE}])

    entries = alice.list_all("meet.conferenceRecords.transcripts.entries.list", parent=transcripts[0]["name"])
    return ConformanceSeed(
        url=emulator.url,
        token=token,
        space=space,
        live_space=live_space,
        members=members,
        record=record,
        participant=dave["name"],
        recording=recordings[0]["name"],
        transcript=transcripts[0]["name"],
        entry=entries[0]["name"],
        smart_note=notes[0]["name"],
    )


# How to call each method in that world: path parameters, query parameters, body (names dialect).
CALLS: dict[str, Callable[[ConformanceSeed], dict[str, Any]]] = {
    "meet.spaces.create": lambda w: {"body": {"config": {"accessType": "OPEN", "moderation": "ON"}}},
    "meet.spaces.get": lambda w: {"name": w.space["name"]},
    "meet.spaces.patch": lambda w: {
        "name": w.space["name"],
        "params": {"updateMask": "config.accessType,config.moderationRestrictions.chatRestriction"},
        "body": {"config": {"accessType": "TRUSTED", "moderationRestrictions": {"chatRestriction": "NO_RESTRICTION"}}},
    },
    "meet.spaces.endActiveConference": lambda w: {"name": w.live_space["name"]},
    "meet.spaces.members.create": lambda w: {
        "parent": w.space["name"],
        "body": {"email": "erin@example.com", "role": "COHOST"},
    },
    "meet.spaces.members.get": lambda w: {"name": w.members[0]["name"]},
    "meet.spaces.members.list": lambda w: {"parent": w.space["name"]},
    "meet.spaces.members.patch": lambda w: {
        "name": w.members[1]["name"],
        "params": {"updateMask": "role"},
        "body": {"role": "COHOST"},
    },
    "meet.spaces.members.delete": lambda w: {"name": w.members[1]["name"]},
    "meet.spaces.members.batchUpdate": lambda w: {
        "parent": w.space["name"],
        "body": {"requests": [{"member": {"name": w.members[1]["name"], "role": "COHOST"}}], "updateMask": "role"},
    },
    "meet.conferenceRecords.list": lambda w: {},
    "meet.conferenceRecords.get": lambda w: {"name": w.record},
    "meet.conferenceRecords.participants.list": lambda w: {"parent": w.record},
    "meet.conferenceRecords.participants.get": lambda w: {"name": w.participant},
    "meet.conferenceRecords.participants.participantSessions.list": lambda w: {"parent": w.participant},
    "meet.conferenceRecords.participants.participantSessions.get": lambda w: {
        "name": MeetHttp(w.url, w.token).list_all(
            "meet.conferenceRecords.participants.participantSessions.list", parent=w.participant
        )[0]["name"]
    },
    "meet.conferenceRecords.recordings.list": lambda w: {"parent": w.record},
    "meet.conferenceRecords.recordings.get": lambda w: {"name": w.recording},
    "meet.conferenceRecords.transcripts.list": lambda w: {"parent": w.record},
    "meet.conferenceRecords.transcripts.get": lambda w: {"name": w.transcript},
    "meet.conferenceRecords.transcripts.entries.list": lambda w: {"parent": w.transcript},
    "meet.conferenceRecords.transcripts.entries.get": lambda w: {"name": w.entry},
    "meet.conferenceRecords.smartNotes.list": lambda w: {"parent": w.record},
    "meet.conferenceRecords.smartNotes.get": lambda w: {"name": w.smart_note},
}
