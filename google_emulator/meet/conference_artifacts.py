"""Recordings, transcripts (with their entries) and smart notes of one conference record.

An artifact's `state` follows the clock the way Google's does: `STARTED` while it is being captured, `ENDED` once
capture stopped (when the conference ends, at the latest), and `FILE_GENERATED` once the Drive file or Google Doc
exists, FILE_GENERATION_DELAY later. The destination (`driveDestination` / `docsDestination`) is shown only from then
on, because Google fills it only when the file is there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from google_emulator.core.clock import rfc3339
from google_emulator.core.errors import invalid_argument
from google_emulator.meet.conference_times import moment, optional_moment, optional_rfc3339

ARTIFACT_KINDS = ("recordings", "transcripts", "smartNotes")
STATES = ("STARTED", "ENDED", "FILE_GENERATED")
# Google needs a little while after a recording stops to write the MP4 (or the Doc); long enough that a client
# polling right after the call sees ENDED, short enough that advancing the emulated clock a minute shows the file.
FILE_GENERATION_DELAY = timedelta(minutes=1)
DEFAULT_ENTRY_DURATION = timedelta(seconds=10)
DEFAULT_LANGUAGE = "en-US"

_DESTINATION_FIELD = {
    "recordings": "driveDestination",
    "transcripts": "docsDestination",
    "smartNotes": "docsDestination",
}
_DESTINATION_ID_FIELD = {"driveDestination": "file", "docsDestination": "document"}
_ARTIFACT_FIELDS = {"state", "startTime", "endTime", "driveDestination", "docsDestination", "file", "document"}
_ENTRY_FIELDS = {"participant", "text", "languageCode", "startTime", "endTime"}


def export_uri(kind: str, file_id: str) -> str:
    if kind == "recordings":
        return f"https://drive.google.com/file/d/{file_id}/view"
    return f"https://docs.google.com/document/d/{file_id}/view"


@dataclass
class TranscriptEntry:
    id: str
    participant: str  # the speaker's Participant resource name
    text: str
    language_code: str
    start: datetime
    end: datetime
    seq: int

    def resource(self, transcript_name: str) -> dict[str, Any]:
        return {
            "name": f"{transcript_name}/entries/{self.id}",
            "participant": self.participant,
            "text": self.text,
            "languageCode": self.language_code,
            "startTime": rfc3339(self.start),
            "endTime": rfc3339(self.end),
        }

    def to_state(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "participant": self.participant,
            "text": self.text,
            "languageCode": self.language_code,
            "start": rfc3339(self.start),
            "end": rfc3339(self.end),
            "seq": self.seq,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> TranscriptEntry:
        return cls(
            id=state["id"],
            participant=state["participant"],
            text=state["text"],
            language_code=state["languageCode"],
            start=optional_moment(state["start"]),
            end=optional_moment(state["end"]),
            seq=state["seq"],
        )


@dataclass
class Artifact:
    kind: str  # one of ARTIFACT_KINDS
    id: str
    start: datetime
    end: datetime | None  # None while still being captured
    file_ready_at: datetime | None  # when the file exists; None means never (the artifact stays ENDED)
    file_id: str  # Drive file id (recordings) or Docs document id (transcripts, smart notes)
    export_uri: str
    seq: int
    entries: dict[str, TranscriptEntry] = field(default_factory=dict)

    def state(self, now: datetime) -> str:
        if self.end is None:
            return "STARTED"
        if self.file_ready_at is not None and now >= self.file_ready_at:
            return "FILE_GENERATED"
        return "ENDED"

    def finish(self, at: datetime) -> None:
        """Capture stops (the conference ended); the file follows after FILE_GENERATION_DELAY."""
        if self.end is None:
            self.end = max(at, self.start)
            self.file_ready_at = self.end + FILE_GENERATION_DELAY

    def resource(self, record_name: str, now: datetime) -> dict[str, Any]:
        state = self.state(now)
        resource: dict[str, Any] = {
            "name": f"{record_name}/{self.kind}/{self.id}",
            "state": state,
            "startTime": rfc3339(self.start),
        }
        if self.end is not None:
            resource["endTime"] = rfc3339(self.end)
        if state == "FILE_GENERATED":
            destination = _DESTINATION_FIELD[self.kind]
            resource[destination] = {_DESTINATION_ID_FIELD[destination]: self.file_id, "exportUri": self.export_uri}
        return resource

    def ordered_entries(self) -> list[TranscriptEntry]:
        return sorted(self.entries.values(), key=lambda entry: (entry.start, entry.seq))

    def to_state(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "start": rfc3339(self.start),
            "end": optional_rfc3339(self.end),
            "fileReadyAt": optional_rfc3339(self.file_ready_at),
            "fileId": self.file_id,
            "exportUri": self.export_uri,
            "seq": self.seq,
            "entries": [entry.to_state() for entry in self.entries.values()],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Artifact:
        entries = [TranscriptEntry.from_state(entry) for entry in state.get("entries", [])]
        return cls(
            kind=state["kind"],
            id=state["id"],
            start=optional_moment(state["start"]),
            end=optional_moment(state["end"]),
            file_ready_at=optional_moment(state["fileReadyAt"]),
            file_id=state["fileId"],
            export_uri=state["exportUri"],
            seq=state["seq"],
            entries={entry.id: entry for entry in entries},
        )


def build_artifact(
    kind: str,
    fields: dict[str, Any],
    *,
    artifact_id: str,
    file_id: str,
    seq: int,
    conference_start: datetime,
    conference_end: datetime | None,
    now: datetime,
) -> Artifact:
    """An artifact from control/seed fields: `state`, `startTime`, `endTime` (moments as in conference_times),
    `file`/`document` or a `driveDestination`/`docsDestination` dict to choose the file id and export URI.

    Unset times follow the conference: capture starts when it started (or now, if it is running) and stops when it
    ended. Without an explicit state, an artifact whose capture stopped gets its file FILE_GENERATION_DELAY later.
    """
    if kind not in ARTIFACT_KINDS:
        raise ValueError(f"unknown artifact kind {kind!r}")
    unknown = set(fields) - _ARTIFACT_FIELDS
    if unknown:
        raise invalid_argument(f"Unknown {kind} fields: {', '.join(sorted(unknown))}.")
    state = fields.get("state")
    if state is not None and state not in STATES:
        raise invalid_argument(f"state must be one of {', '.join(STATES)}, not {state!r}.")
    default_start = conference_start if conference_end is not None else max(conference_start, now)
    start = moment(fields["startTime"], now, what="startTime") if "startTime" in fields else default_start
    if "endTime" in fields:
        end: datetime | None = moment(fields["endTime"], now, what="endTime")
    elif state == "STARTED":
        end = None
    elif conference_end is not None:
        end = max(conference_end, start)
    elif state in ("ENDED", "FILE_GENERATED"):
        end = max(now, start)
    else:
        end = None
    if state == "STARTED" and end is not None:
        raise invalid_argument("A STARTED artifact has no endTime.")
    if end is not None and end < start:
        raise invalid_argument("endTime is before startTime.")
    if end is None or state == "ENDED":
        file_ready_at = None
    elif state == "FILE_GENERATED":
        file_ready_at = end
    else:
        file_ready_at = end + FILE_GENERATION_DELAY
    destination = fields.get(_DESTINATION_FIELD[kind]) or {}
    if not isinstance(destination, dict):
        raise invalid_argument(f"{_DESTINATION_FIELD[kind]} must be an object.")
    chosen_id = destination.get(_DESTINATION_ID_FIELD[_DESTINATION_FIELD[kind]]) or fields.get(
        _DESTINATION_ID_FIELD[_DESTINATION_FIELD[kind]]
    )
    file_id = str(chosen_id or file_id)
    return Artifact(
        kind=kind,
        id=artifact_id,
        start=start,
        end=end,
        file_ready_at=file_ready_at,
        file_id=file_id,
        export_uri=str(destination.get("exportUri") or export_uri(kind, file_id)),
        seq=seq,
    )


def build_entry(
    fields: dict[str, Any],
    *,
    entry_id: str,
    participant_name: str,
    seq: int,
    default_start: datetime,
    now: datetime,
) -> TranscriptEntry:
    """An entry from control/seed fields: `participant` (resolved by the caller), `text`, `languageCode`
    (default en-US), `startTime`/`endTime` (default: right after the previous entry, DEFAULT_ENTRY_DURATION long)."""
    unknown = set(fields) - _ENTRY_FIELDS
    if unknown:
        raise invalid_argument(f"Unknown transcript entry fields: {', '.join(sorted(unknown))}.")
    text = fields.get("text")
    if not isinstance(text, str) or not text:
        raise invalid_argument("A transcript entry needs its text.")
    start = moment(fields["startTime"], now, what="startTime") if "startTime" in fields else default_start
    end = moment(fields["endTime"], now, what="endTime") if "endTime" in fields else start + DEFAULT_ENTRY_DURATION
    if end < start:
        raise invalid_argument("A transcript entry's endTime is before its startTime.")
    return TranscriptEntry(
        id=entry_id,
        participant=participant_name,
        text=text,
        language_code=str(fields.get("languageCode") or DEFAULT_LANGUAGE),
        start=start,
        end=end,
        seq=seq,
    )
