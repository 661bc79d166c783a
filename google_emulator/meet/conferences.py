"""Conference records and everything under them, as Google's Meet API keeps them.

Pure in-memory logic: no HTTP, no locking (the World calls it under its lock), no Django. Every method returns
resources shaped as the discovery document says (camelCase, RFC 3339 UTC, enum names, unset fields omitted).

Rules reproduced from Google:
- at most one running conference per space; its record has no `endTime` and no `expireTime`;
- a record, with its participants and artifacts, is deleted 30 days after the conference ends (`expireTime`):
  from then on `get` is 404 and `list` omits it;
- a signed-in user who rejoins is the same participant with a new session; anonymous and phone participants have
  no identity Google could recognise, so each join of theirs is a new participant;
- ending a conference closes every open session and stops every artifact still being captured.

Errors: a malformed name is 400 INVALID_ARGUMENT; a well-formed name of nothing (or of a record that expired) is
404 NOT_FOUND "Requested entity was not found.". A record the caller may not see answers exactly like a missing one
(404, not 403): the digest's rule is that Google never tells "missing" from "forbidden", and conference records
are not MeetingSpaces, whose 403 is the special case; a deleted record (past expireTime) is NOT_FOUND by nature,
so that is the answer all three share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from google_emulator.core.clock import rfc3339
from google_emulator.core.errors import ApiError, failed_precondition, invalid_argument, not_found
from google_emulator.meet.conference_artifacts import ARTIFACT_KINDS, Artifact, build_artifact, build_entry
from google_emulator.meet.conference_participants import SIGNED_IN, Identity, Participant, Session
from google_emulator.meet.conference_times import moment, optional_moment, optional_rfc3339
from google_emulator.meet.filters import FieldKind, parse_filter

RETENTION = timedelta(days=30)
NOT_FOUND_MESSAGE = "Requested entity was not found."

RECORD_FILTER_FIELDS = {
    "space.meeting_code": FieldKind.TEXT_IGNORING_CASE,
    "space.name": FieldKind.TEXT,
    "start_time": FieldKind.TIMESTAMP,
    "end_time": FieldKind.TIMESTAMP,
}
PARTICIPANT_FILTER_FIELDS = {"earliest_start_time": FieldKind.TIMESTAMP, "latest_end_time": FieldKind.TIMESTAMP}
SESSION_FILTER_FIELDS = {"start_time": FieldKind.TIMESTAMP, "end_time": FieldKind.TIMESTAMP}

MaySee = Callable[[str, str], bool]  # (space name, record name) -> may this caller see the record?
# Told what happens in a running conference, as Meet publishes it: (event type, space name, the payload naming the
# resource, when). Meet knows nothing of who listens (the World wires the Workspace Events API in); a moment in the
# future (a file that will be generated) is the listener's to keep until then.
Listener = Callable[[str, str, dict, datetime], None]
MEET_EVENT = "google.workspace.meet.{}.v2.{}"
_ARTIFACT_EVENT = {"recordings": "recording", "transcripts": "transcript", "smartNotes": "smartNote"}


@dataclass
class ConferenceRecord:
    id: str
    space: str
    meeting_code: str | None  # the code the space had when the conference started
    start: datetime
    end: datetime | None
    seq: int
    participants: dict[str, Participant] = field(default_factory=dict)
    artifacts: dict[str, dict[str, Artifact]] = field(default_factory=lambda: {kind: {} for kind in ARTIFACT_KINDS})

    @property
    def name(self) -> str:
        return f"conferenceRecords/{self.id}"

    @property
    def expire_time(self) -> datetime | None:
        return None if self.end is None else self.end + RETENTION

    def resource(self) -> dict[str, Any]:
        resource = {"name": self.name, "startTime": rfc3339(self.start), "space": self.space}
        if self.end is not None:
            resource["endTime"] = rfc3339(self.end)
            resource["expireTime"] = rfc3339(self.end + RETENTION)
        return resource

    def to_state(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "space": self.space,
            "meetingCode": self.meeting_code,
            "start": rfc3339(self.start),
            "end": optional_rfc3339(self.end),
            "seq": self.seq,
            "participants": [participant.to_state() for participant in self.participants.values()],
            "artifacts": [artifact.to_state() for kind in ARTIFACT_KINDS for artifact in self.artifacts[kind].values()],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> ConferenceRecord:
        record = cls(
            id=state["id"],
            space=state["space"],
            meeting_code=state["meetingCode"],
            start=optional_moment(state["start"]),
            end=optional_moment(state["end"]),
            seq=state["seq"],
        )
        for participant_state in state["participants"]:
            participant = Participant.from_state(participant_state)
            record.participants[participant.id] = participant
        for artifact_state in state["artifacts"]:
            artifact = Artifact.from_state(artifact_state)
            record.artifacts[artifact.kind][artifact.id] = artifact
        return record


_SINGULAR = {
    "conferenceRecords": "conference_record",
    "participants": "participant",
    "participantSessions": "participant_session",
    "recordings": "recording",
    "transcripts": "transcript",
    "entries": "entry",
    "smartNotes": "smart_note",
}


def _ids(name: str, collections: tuple[str, ...]) -> tuple[str, ...]:
    """The ids in `name` if it has the shape `collections[0]/{id}/collections[1]/{id}...`, else 400."""
    parts = name.split("/") if isinstance(name, str) else []
    if (
        len(parts) != 2 * len(collections)
        or tuple(parts[0::2]) != collections
        or not all(part.strip() for part in parts[1::2])
    ):
        pattern = "/".join(f"{collection}/{{{_SINGULAR[collection]}}}" for collection in collections)
        raise invalid_argument(f"Invalid resource name {name!r}: expected {pattern}.")
    return tuple(parts[1::2])


def _objects(items: Any, what: str) -> list[dict]:
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise invalid_argument(f"{what} must be a list of objects, got {items!r}.")
    return items


def _not_found() -> ApiError:
    return not_found(NOT_FOUND_MESSAGE)


def _newest_first(items: list[Any], start: Callable[[Any], datetime]) -> list[Any]:
    return sorted(items, key=lambda item: (start(item), item.seq), reverse=True)


class ConferenceStore:
    def __init__(
        self, now: Callable[[], datetime], new_id: Callable[[str], str], listener: Listener | None = None
    ) -> None:
        self._now = now
        self._new_id = new_id
        self.listener = listener
        self._records: dict[str, ConferenceRecord] = {}
        self._seq = 0

    # ---- lifecycle (control surface and seeds) ----

    def start(
        self,
        space: str,
        participants: list[dict],
        start_time: datetime | None = None,
        meeting_code: str | None = None,
    ) -> dict:
        """Starts a conference in `space` with `participants` (resolved specs) joined from `start_time`."""
        if self.active_record_name(space) is not None:
            raise failed_precondition(f"A conference is already running in {space}.")
        at = start_time or self._now()
        identities = [Identity.from_spec(spec) for spec in participants]
        record = self._new_record(space, at, None, meeting_code)
        self._tell("conference", "started", record, {"conferenceRecord": {"name": record.name}}, at)
        for identity in identities:
            self._joined(record, self._participant_joining(record, identity), at)
        return record.resource()

    def active_record_name(self, space: str) -> str | None:
        record = self._active(space)
        return None if record is None else record.name

    def end(self, space: str, end_time: datetime | None = None) -> bool:
        """Ends the running conference: every open session closes, every artifact still captured stops.
        False when nothing was running."""
        record = self._active(space)
        if record is None:
            return False
        at = max(end_time or self._now(), record.start)
        record.end = at
        for participant in record.participants.values():
            for session in participant.sessions:
                if session.end is None:
                    session.end = max(at, session.start)
                    self._left(record, participant, session)
        for kind, artifacts in record.artifacts.items():
            for artifact in artifacts.values():
                capturing = artifact.end is None
                artifact.finish(at)
                if capturing:
                    self._artifact_events(record, kind, artifact, started=False)
        self._tell("conference", "ended", record, {"conferenceRecord": {"name": record.name}}, at)
        return True

    def join(self, space: str, participant: dict, at: datetime | None = None, meeting_code: str | None = None) -> dict:
        """`participant` joins the conference in `space`; as in Meet, the first one to join starts it. Joining again
        while already in the call (a second device) opens a second session of the same signed-in participant."""
        identity = Identity.from_spec(participant)
        moment_of_joining = at or self._now()
        record = self._active(space)
        if record is None:
            record = self._new_record(space, moment_of_joining, None, meeting_code)
            self._tell("conference", "started", record, {"conferenceRecord": {"name": record.name}}, moment_of_joining)
        joined = self._participant_joining(record, identity)
        self._joined(record, joined, moment_of_joining)
        return joined.resource(record.name)

    def leave(self, space: str, participant: dict, at: datetime | None = None) -> None:
        """Closes every open session of `participant`. The conference keeps running until `end` (the emulator
        does not end it on its own when the last person leaves, so tests and the demo stay in control)."""
        identity = Identity.from_spec(participant)
        record = self._active(space)
        if record is None:
            raise failed_precondition(f"No conference is running in {space}.")
        leaving = self._participant_in_call(record, identity)
        if leaving is None:
            raise failed_precondition(f"{identity.display_name or identity.user} is not in the conference in {space}.")
        moment_of_leaving = at or self._now()
        for session in leaving.sessions:
            if session.end is None:
                session.end = max(moment_of_leaving, session.start)
                self._left(record, leaving, session)

    def active_participant_user_ids(self, space: str) -> set[str]:
        record = self._active(space)
        if record is None:
            return set()
        return {p.user for p in record.participants.values() if p.user is not None and p.in_call}

    def participant_user_ids(self, record_name: str) -> set[str]:
        record = self._record(record_name)
        return {p.user for p in record.participants.values() if p.user is not None}

    def ended_sessions(self) -> Iterator[dict]:
        """Every participant session that has ended, with its conference and who it was: what an audit log of
        calls is written from (the Reports API's `call_ended`). Plain values, for an API that cannot import Meet's."""
        for record in self._records.values():
            for participant in record.participants.values():
                for session in participant.sessions:
                    if session.end is None:
                        continue
                    yield {
                        "sessionId": session.id,
                        "recordId": record.id,
                        "space": record.space,
                        "meetingCode": record.meeting_code,
                        "start": session.start,
                        "end": session.end,
                        "kind": participant.kind,
                        "displayName": participant.display_name,
                        "user": participant.user,
                        "email": participant.email,
                    }

    def record_space(self, record_name: str) -> str:
        return self._record(record_name).space

    def add_artifact(self, record_or_space: str, kind: str, fields: dict) -> dict:
        """Adds a recording, transcript or smart note to a record (`conferenceRecords/...`), or to the running (else
        the latest) conference of a space (`spaces/...`). Fields: see conference_artifacts.build_artifact."""
        if kind not in ARTIFACT_KINDS:
            raise invalid_argument(f"Artifact kind must be one of {', '.join(ARTIFACT_KINDS)}, not {kind!r}.")
        record = self._record_for(record_or_space)
        artifact = self._add_artifact(record, kind, dict(fields))
        self._artifact_events(record, kind, artifact, started=True)
        return artifact.resource(record.name, self._now())

    def add_entries(self, transcript_name: str, entries: list[dict]) -> list[dict]:
        """Appends entries to a transcript. Each entry's `participant` is a participant resource name of that
        record, or a spec (`{"user"}`, `{"email"}`, `{"anonymous"}`, `{"phone"}`) of someone who joined it."""
        record_id, transcript_id = _ids(transcript_name, ("conferenceRecords", "transcripts"))
        record = self._record(f"conferenceRecords/{record_id}")
        transcript = record.artifacts["transcripts"].get(transcript_id)
        if transcript is None:
            raise _not_found()
        return [self._add_entry(record, transcript, dict(entry), None) for entry in entries]

    def seed_conference(self, spec: dict, resolve_user: Callable[[str], dict], meeting_code: str | None = None) -> dict:
        """Builds a past or running conference from a seed spec and returns its ConferenceRecord.

        spec: `{"space": "spaces/X", "meetingCode"?, "startTime"?, "endTime"?, "participants": [...],
        "recordings": [...], "transcripts": [{..., "entries": [...]}], "smartNotes": [...]}`.
        Times are RFC 3339 strings or offsets back from now such as `{"minutesAgo": 90}` (also `daysAgo`,
        `hoursAgo`, `secondsAgo`). No startTime: now, or an hour before endTime. No endTime: still running.
        The record keeps `meetingCode` from the spec (the code the space had then), else the `meeting_code` given.
        A participant is `{"email"}` (resolved with `resolve_user(email)` to `{"user", "displayName", "email"}`),
        `{"anonymous": "Name"}` or `{"phone": "Name"}`, optionally with `"sessions": [{"startTime", "endTime"}]`
        (default: one session for the whole conference). Artifacts take the fields of
        conference_artifacts.build_artifact; transcript entries those of build_entry, their `participant` being a
        participant spec as above (`{"email"}`, `{"anonymous"}`, `{"phone"}`).
        """
        allowed = {"space", "meetingCode", "startTime", "endTime", "participants", *ARTIFACT_KINDS}
        unknown = set(spec) - allowed
        if unknown:
            raise invalid_argument(f"Unknown conference seed fields: {', '.join(sorted(unknown))}.")
        space = spec.get("space")
        if not isinstance(space, str) or not space.startswith("spaces/"):
            raise invalid_argument(f'A seeded conference needs its "space" ("spaces/..."), got {space!r}.')
        now = self._now()
        end = moment(spec["endTime"], now, what="endTime") if "endTime" in spec else None
        if "startTime" in spec:
            start = moment(spec["startTime"], now, what="startTime")
        else:
            start = now if end is None else end - timedelta(hours=1)
        if end is not None and end < start:
            raise invalid_argument("A seeded conference ends before it starts.")
        if end is None and self._active(space) is not None:
            raise failed_precondition(f"A conference is already running in {space}.")

        def resolved(participant_spec: dict) -> dict:
            if isinstance(participant_spec, dict) and "email" in participant_spec and "user" not in participant_spec:
                return {**resolve_user(participant_spec["email"]), "email": participant_spec["email"]}
            return participant_spec

        record = self._new_record(space, start, end, spec.get("meetingCode") or meeting_code)
        try:
            for participant_spec in _objects(spec.get("participants", []), "participants"):
                identity = Identity.from_spec(resolved(participant_spec))
                # A seed lists each person once, so even an anonymous guest's sessions belong to one participant.
                seeded = self._new_participant(record, identity)
                for session_spec in _objects(participant_spec.get("sessions") or [{}], "sessions"):
                    session_start = moment(session_spec.get("startTime", start), now, what="session startTime")
                    session_end_spec = session_spec.get("endTime", end)
                    session_end = None if session_end_spec is None else moment(session_end_spec, now, what="endTime")
                    if end is not None and session_end is None:
                        session_end = end
                    session = self._add_session(seeded, session_start)
                    if session_end is not None:
                        session.end = max(session_end, session_start)
            for kind in ARTIFACT_KINDS:
                for artifact_spec in _objects(spec.get(kind, []), kind):
                    fields = dict(artifact_spec)
                    entries = _objects(fields.pop("entries", []), "entries") if kind == "transcripts" else []
                    artifact = self._add_artifact(record, kind, fields)
                    for entry in entries:
                        entry = dict(entry)
                        if isinstance(entry.get("participant"), dict):
                            entry["participant"] = resolved(entry["participant"])
                        self._add_entry(record, artifact, entry, now)
        except Exception:
            # A seed that fails half-way leaves nothing behind, so it can be fixed and loaded again.
            del self._records[record.id]
            raise
        return record.resource()

    # ---- reads (the Meet REST methods) ----

    def list_records(self, filter: str | None, may_see: MaySee) -> list[dict]:
        """conferenceRecords.list: the caller's visible records, newest start first."""
        condition = parse_filter(filter, RECORD_FILTER_FIELDS)
        now = self._now()
        matching = [
            record
            for record in self._records.values()
            if self._alive(record, now)
            and may_see(record.space, record.name)
            and condition.matches(
                {
                    "space.meeting_code": record.meeting_code,
                    "space.name": record.space,
                    "start_time": record.start,
                    "end_time": record.end,
                }
            )
        ]
        return [record.resource() for record in _newest_first(matching, lambda record: record.start)]

    def get_record(self, name: str, may_see: MaySee) -> dict:
        record = self._record(name)
        if not may_see(record.space, record.name):
            raise _not_found()
        return record.resource()

    def list_participants(self, record: str, filter: str | None) -> list[dict]:
        """participants.list: newest join first."""
        condition = parse_filter(filter, PARTICIPANT_FILTER_FIELDS)
        found = self._record(record)
        matching = [
            participant
            for participant in found.participants.values()
            if condition.matches(
                {"earliest_start_time": participant.earliest_start, "latest_end_time": participant.latest_end}
            )
        ]
        ordered = _newest_first(matching, lambda participant: participant.earliest_start)
        return [participant.resource(found.name) for participant in ordered]

    def get_participant(self, name: str) -> dict:
        record, participant = self._participant(name)
        return participant.resource(record.name)

    def list_sessions(self, participant: str, filter: str | None) -> list[dict]:
        """participantSessions.list: newest join first, as the discovery document says."""
        condition = parse_filter(filter, SESSION_FILTER_FIELDS)
        _, found = self._participant(participant)
        matching = [s for s in found.sessions if condition.matches({"start_time": s.start, "end_time": s.end})]
        return [s.resource(participant) for s in _newest_first(matching, lambda s: s.start)]

    def get_session(self, name: str) -> dict:
        record_id, participant_id, session_id = _ids(name, ("conferenceRecords", "participants", "participantSessions"))
        participant_name = f"conferenceRecords/{record_id}/participants/{participant_id}"
        _, participant = self._participant(participant_name)
        for session in participant.sessions:
            if session.id == session_id:
                return session.resource(participant_name)
        raise _not_found()

    def list_artifacts(self, record: str, kind: str) -> list[dict]:
        """recordings/transcripts/smartNotes.list: oldest start first."""
        if kind not in ARTIFACT_KINDS:
            raise ValueError(f"unknown artifact kind {kind!r}")
        found = self._record(record)
        now = self._now()
        ordered = sorted(found.artifacts[kind].values(), key=lambda artifact: (artifact.start, artifact.seq))
        return [artifact.resource(found.name, now) for artifact in ordered]

    def get_artifact(self, name: str) -> dict:
        parts = name.split("/") if isinstance(name, str) else []
        kind = parts[2] if len(parts) == 4 else ""
        if kind not in ARTIFACT_KINDS:
            raise invalid_argument(
                f"Invalid resource name {name!r}: expected conferenceRecords/{{conference_record}}/"
                "recordings|transcripts|smartNotes/{id}."
            )
        record_id, artifact_id = _ids(name, ("conferenceRecords", kind))
        record = self._record(f"conferenceRecords/{record_id}")
        artifact = record.artifacts[kind].get(artifact_id)
        if artifact is None:
            raise _not_found()
        return artifact.resource(record.name, self._now())

    def list_entries(self, transcript: str) -> list[dict]:
        """transcripts.entries.list: oldest start first."""
        _, found = self._transcript(transcript)
        return [entry.resource(transcript) for entry in found.ordered_entries()]

    def get_entry(self, name: str) -> dict:
        record_id, transcript_id, entry_id = _ids(name, ("conferenceRecords", "transcripts", "entries"))
        transcript_name = f"conferenceRecords/{record_id}/transcripts/{transcript_id}"
        _, transcript = self._transcript(transcript_name)
        entry = transcript.entries.get(entry_id)
        if entry is None:
            raise _not_found()
        return entry.resource(transcript_name)

    # ---- persistence ----

    def to_state(self) -> dict:
        return {"seq": self._seq, "records": [record.to_state() for record in self._records.values()]}

    @classmethod
    def from_state(
        cls,
        state: dict,
        now: Callable[[], datetime],
        new_id: Callable[[str], str],
        listener: Listener | None = None,
    ) -> ConferenceStore:
        store = cls(now, new_id, listener)
        store._seq = state.get("seq", 0)
        for record_state in state.get("records", []):
            record = ConferenceRecord.from_state(record_state)
            store._records[record.id] = record
        return store

    # ---- what Meet publishes ----

    def _tell(self, resource: str, action: str, record: ConferenceRecord, payload: dict, at: datetime) -> None:
        if self.listener is not None:
            self.listener(MEET_EVENT.format(resource, action), record.space, payload, at)

    def _session_payload(self, record: ConferenceRecord, participant: Participant, session: Session) -> dict:
        name = f"{record.name}/participants/{participant.id}/participantSessions/{session.id}"
        return {"participantSession": {"name": name}}

    def _joined(self, record: ConferenceRecord, participant: Participant, at: datetime) -> None:
        session = self._add_session(participant, at)
        self._tell("participant", "joined", record, self._session_payload(record, participant, session), at)

    def _left(self, record: ConferenceRecord, participant: Participant, session: Session) -> None:
        at = session.end or self._now()
        self._tell("participant", "left", record, self._session_payload(record, participant, session), at)

    def _artifact_events(self, record: ConferenceRecord, kind: str, artifact: Artifact, *, started: bool) -> None:
        """started / ended / fileGenerated of a recording, transcript or smart note, each when it happens."""
        resource = _ARTIFACT_EVENT[kind]
        payload = {resource: {"name": f"{record.name}/{kind}/{artifact.id}"}}
        if started:
            self._tell(resource, "started", record, payload, artifact.start)
        if artifact.end is not None:
            self._tell(resource, "ended", record, payload, artifact.end)
        if artifact.file_ready_at is not None:
            self._tell(resource, "fileGenerated", record, payload, artifact.file_ready_at)

    # ---- internals ----

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _alive(self, record: ConferenceRecord, now: datetime) -> bool:
        return record.expire_time is None or now < record.expire_time

    def _active(self, space: str) -> ConferenceRecord | None:
        for record in self._records.values():
            if record.space == space and record.end is None:
                return record
        return None

    def _record(self, name: str) -> ConferenceRecord:
        (record_id,) = _ids(name, ("conferenceRecords",))
        record = self._records.get(record_id)
        if record is None or not self._alive(record, self._now()):
            raise _not_found()
        return record

    def _record_for(self, record_or_space: str) -> ConferenceRecord:
        if isinstance(record_or_space, str) and record_or_space.startswith("conferenceRecords/"):
            return self._record(record_or_space)
        now = self._now()
        of_space = [r for r in self._records.values() if r.space == record_or_space and self._alive(r, now)]
        if not of_space:
            raise failed_precondition(f"{record_or_space} has no conference record.")
        running = [r for r in of_space if r.end is None]
        return running[0] if running else _newest_first(of_space, lambda record: record.start)[0]

    def _participant(self, name: str) -> tuple[ConferenceRecord, Participant]:
        record_id, participant_id = _ids(name, ("conferenceRecords", "participants"))
        record = self._record(f"conferenceRecords/{record_id}")
        participant = record.participants.get(participant_id)
        if participant is None:
            raise _not_found()
        return record, participant

    def _transcript(self, name: str) -> tuple[ConferenceRecord, Artifact]:
        record_id, transcript_id = _ids(name, ("conferenceRecords", "transcripts"))
        record = self._record(f"conferenceRecords/{record_id}")
        transcript = record.artifacts["transcripts"].get(transcript_id)
        if transcript is None:
            raise _not_found()
        return record, transcript

    def _new_record(
        self, space: str, start: datetime, end: datetime | None, meeting_code: str | None
    ) -> ConferenceRecord:
        record = ConferenceRecord(
            id=self._new_id("conferenceRecord"),
            space=space,
            meeting_code=meeting_code,
            start=start,
            end=end,
            seq=self._next_seq(),
        )
        self._records[record.id] = record
        return record

    def _new_participant(self, record: ConferenceRecord, identity: Identity) -> Participant:
        participant = Participant(
            id=self._new_id("participant"),
            kind=identity.kind,
            display_name=identity.display_name,
            user=identity.user,
            email=identity.email,
            seq=self._next_seq(),
        )
        record.participants[participant.id] = participant
        return participant

    def _participant_joining(self, record: ConferenceRecord, identity: Identity) -> Participant:
        if identity.kind == SIGNED_IN:
            for participant in record.participants.values():
                if participant.user == identity.user:
                    return participant
        return self._new_participant(record, identity)

    def _participant_in_call(self, record: ConferenceRecord, identity: Identity) -> Participant | None:
        in_call = [p for p in record.participants.values() if p.in_call and self._is(p, identity)]
        return _newest_first(in_call, lambda p: p.earliest_start)[0] if in_call else None

    @staticmethod
    def _is(participant: Participant, identity: Identity) -> bool:
        if identity.kind == SIGNED_IN:
            return participant.user == identity.user
        return participant.kind == identity.kind and participant.display_name == identity.display_name

    def _add_session(self, participant: Participant, start: datetime) -> Session:
        session = Session(id=self._new_id("participantSession"), start=start, end=None, seq=self._next_seq())
        participant.sessions.append(session)
        return session

    def _add_artifact(self, record: ConferenceRecord, kind: str, fields: dict) -> Artifact:
        artifact = build_artifact(
            kind,
            fields,
            artifact_id=self._new_id(kind[:-1]),
            file_id=self._new_id("driveFile" if kind == "recordings" else "document"),
            seq=self._next_seq(),
            conference_start=record.start,
            conference_end=record.end,
            now=self._now(),
        )
        record.artifacts[kind][artifact.id] = artifact
        return artifact

    def _add_entry(self, record: ConferenceRecord, transcript: Artifact, fields: dict, now: datetime | None) -> dict:
        speaker = self._speaker(record, fields.get("participant"))
        previous = transcript.ordered_entries()
        entry = build_entry(
            {**fields, "participant": speaker.id},
            entry_id=self._new_id("entry"),
            participant_name=f"{record.name}/participants/{speaker.id}",
            seq=self._next_seq(),
            default_start=previous[-1].end if previous else transcript.start,
            now=now or self._now(),
        )
        transcript.entries[entry.id] = entry
        return entry.resource(f"{record.name}/transcripts/{transcript.id}")

    def _speaker(self, record: ConferenceRecord, reference: Any) -> Participant:
        if isinstance(reference, str):
            prefix = f"{record.name}/participants/"
            participant = record.participants.get(reference[len(prefix) :]) if reference.startswith(prefix) else None
        elif isinstance(reference, dict) and "email" in reference and "user" not in reference:
            participant = next((p for p in record.participants.values() if p.email == reference["email"]), None)
        elif isinstance(reference, dict):
            identity = Identity.from_spec(reference)
            participant = next((p for p in record.participants.values() if self._is(p, identity)), None)
        else:
            raise invalid_argument("A transcript entry needs its participant.")
        if participant is None:
            raise invalid_argument(f"The speaker {reference!r} is not a participant of {record.name}.")
        return participant
