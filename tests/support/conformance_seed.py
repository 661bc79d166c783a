"""The seeded world the emulator's conformance tests call every Meet method in: alice of an app of her own, her
spaces, their members and past conferences full of artifacts, and tokens to reach them with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.support.meet_http import MeetHttp

SCOPE_CREATED = "https://www.googleapis.com/auth/meetings.space.created"
SCOPE_READONLY = "https://www.googleapis.com/auth/meetings.space.readonly"
SCOPE_SETTINGS = "https://www.googleapis.com/auth/meetings.space.settings"
MEET_SCOPES = (SCOPE_CREATED, SCOPE_READONLY, SCOPE_SETTINGS)

# Two OAuth clients unknown to the emulator: each is registered on the fly as its own Cloud project, i.e. two apps.
OWN_APP = "conformance-own-app.apps.googleusercontent.com"
OTHER_APP = "conformance-other-app.apps.googleusercontent.com"


def access_token(control: Any, email: str, scopes: list[str] | tuple[str, ...], client_id: str = OWN_APP) -> str:
    """A fresh access token for a user of the emulated Workspace, through the given app."""
    return control.token(email, client_id, list(scopes))["access_token"]


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
