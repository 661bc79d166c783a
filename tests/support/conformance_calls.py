"""How the conformance tests call each Meet method in the seeded world."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.support.conformance_seed import ConformanceSeed
from tests.support.meet_http import MeetHttp

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
