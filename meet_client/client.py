"""`MeetClient`: the methods of meet.v2.json that meetadmin calls, over one google-auth `AuthorizedSession` (one per
identity). A method with no caller in the application is left out until one needs it.

It returns typed records and raises typed errors, never a `dict` or a `requests.Response`. It does not retry:
workers do, on `RetryableMeetError`. (google-auth still refreshes an expired access token once on a 401, which
re-sends a request Google has refused unprocessed.) Each call is logged with its method id, resource name, HTTP
status and duration; never a token.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import quote

import google.auth.exceptions
import requests
from google.auth.credentials import Credentials
from google.auth.transport.requests import AuthorizedSession

from .credentials import error_from_refresh, is_delegated
from .errors import MeetError, MeetTransportError, error_from_response
from .json_codec import from_json
from .names import SpaceName, space_id_of
from .records import (
    ConferenceRecord,
    Member,
    MemberRole,
    Participant,
    Recording,
    SmartNote,
    Space,
    SpaceConfig,
    Transcript,
    TranscriptEntry,
)

GOOGLE_BASE_URL = "https://meet.googleapis.com"
# (connect, read) seconds: connect slightly above a TCP retransmission window, read long enough for Google.
DEFAULT_TIMEOUT = (3.05, 20.0)

logger = logging.getLogger(__name__)

Record = TypeVar("Record")
SpaceRef = SpaceName | Space | str


class InvalidResourceName(ValueError):
    """A conference-record, participant or member name of the wrong shape."""


_SEGMENT = r"[^/\s]+"
_NAME_FORMATS = {
    "conference record": "conferenceRecords/{record}",
    "participant": "conferenceRecords/{record}/participants/{participant}",
    "transcript": "conferenceRecords/{record}/transcripts/{transcript}",
    "member": "spaces/{space}/members/{member}",
}
_PATTERNS = {
    kind: re.compile("/".join(_SEGMENT if part.startswith("{") else re.escape(part) for part in name_format.split("/")))
    for kind, name_format in _NAME_FORMATS.items()
}


class MeetClient:
    """One identity's Meet API client. Use one instance per identity; close it (or use `with`) when done."""

    def __init__(
        self,
        credentials: Credentials,
        *,
        base_url: str = GOOGLE_BASE_URL,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        before_call: Callable[[str], None] | None = None,
    ) -> None:
        """`before_call(method_id)` runs before every request: the workers' quota pacing waits there."""
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._before_call = before_call
        self._session = AuthorizedSession(credentials)
        self._delegated = is_delegated(credentials)

    @property
    def credentials(self) -> Credentials:
        """The identity's credentials; after a refresh, `credentials.token` and `.expiry` are the new ones."""
        return self._session.credentials

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> MeetClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Spaces.

    def create_space(self, config: SpaceConfig | None = None) -> Space:
        """Not idempotent: a retried create makes a second space, so callers must not retry it blindly."""
        body = {"config": config.to_json()} if config is not None else {}
        return Space.from_json(self._call("meet.spaces.create", "POST", "spaces", resource="spaces", body=body))

    def get_space(self, space: SpaceRef) -> Space:
        """Accepts an id or a meeting-code alias (the only method that does); returns the space under its id."""
        name = _space_name(space).name
        return Space.from_json(self._call("meet.spaces.get", "GET", name, resource=name))

    def patch_space(self, space: SpaceRef, config: SpaceConfig, *, update_mask: Sequence[str]) -> Space:
        """Changes exactly the `update_mask` paths (see `masks.space_config_update_mask`) to `config`'s values.

        An empty mask is refused: Google would read it as "every field in the body", which is never meant here.
        """
        name = _space_name(space).require_id().name
        if isinstance(update_mask, str) or not update_mask:
            raise ValueError("update_mask must be a non-empty sequence of paths such as ['config.accessType']")
        params = {"updateMask": ",".join(update_mask)}
        body = {"config": config.to_json()}
        return Space.from_json(self._call("meet.spaces.patch", "PATCH", name, resource=name, params=params, body=body))

    def end_active_conference(self, space: SpaceRef) -> None:
        """Raises `MeetFailedPrecondition` when no conference is running (a retried end: "already ended")."""
        name = _space_name(space).require_id().name
        self._call(
            "meet.spaces.endActiveConference", "POST", name, suffix=":endActiveConference", resource=name, body={}
        )

    # Members.

    def create_member(self, space: SpaceRef, *, email: str, role: MemberRole | str | None = None) -> Member:
        parent = _space_name(space).require_id().name
        body = Member(email=email, role=role).to_json()
        return Member.from_json(
            self._call("meet.spaces.members.create", "POST", f"{parent}/members", resource=parent, body=body)
        )

    def list_members(self, space: SpaceRef, *, page_size: int | None = None) -> Iterator[Member]:
        parent = _space_name(space).name
        return self._pages("meet.spaces.members.list", f"{parent}/members", "members", Member, parent, page_size)

    def delete_member(self, member: Member | str) -> None:
        name = _member_name(member)
        self._call("meet.spaces.members.delete", "DELETE", name, resource=name)

    # Conference records.

    def list_conference_records(
        self, *, filter: str | None = None, page_size: int | None = None
    ) -> Iterator[ConferenceRecord]:
        """Newest first. `filter` as Google documents it, e.g. `space.name = "spaces/X" AND end_time IS NULL`."""
        return self._pages(
            "meet.conferenceRecords.list",
            "conferenceRecords",
            "conferenceRecords",
            ConferenceRecord,
            "conferenceRecords",
            page_size,
            filter,
        )

    def get_conference_record(self, record: ConferenceRecord | str) -> ConferenceRecord:
        name = _checked(record, "conference record")
        return ConferenceRecord.from_json(self._call("meet.conferenceRecords.get", "GET", name, resource=name))

    def list_participants(
        self, record: ConferenceRecord | str, *, filter: str | None = None, page_size: int | None = None
    ) -> Iterator[Participant]:
        """Newest join first; `filter='latest_end_time IS NULL'` lists who is in the call now."""
        parent = _checked(record, "conference record")
        return self._pages(
            "meet.conferenceRecords.participants.list",
            f"{parent}/participants",
            "participants",
            Participant,
            parent,
            page_size,
            filter,
        )

    def get_participant(self, participant: Participant | str) -> Participant:
        name = _checked(participant, "participant")
        return Participant.from_json(self._call("meet.conferenceRecords.participants.get", "GET", name, resource=name))

    def list_recordings(self, record: ConferenceRecord | str, *, page_size: int | None = None) -> Iterator[Recording]:
        parent = _checked(record, "conference record")
        return self._pages(
            "meet.conferenceRecords.recordings.list", f"{parent}/recordings", "recordings", Recording, parent, page_size
        )

    def list_transcripts(self, record: ConferenceRecord | str, *, page_size: int | None = None) -> Iterator[Transcript]:
        parent = _checked(record, "conference record")
        return self._pages(
            "meet.conferenceRecords.transcripts.list",
            f"{parent}/transcripts",
            "transcripts",
            Transcript,
            parent,
            page_size,
        )

    def list_transcript_entries(
        self, transcript: Transcript | str, *, page_size: int | None = None
    ) -> Iterator[TranscriptEntry]:
        """Oldest start first. Google caps `page_size` at 100 (larger values are read as 100)."""
        parent = _checked(transcript, "transcript")
        return self._pages(
            "meet.conferenceRecords.transcripts.entries.list",
            f"{parent}/entries",
            "transcriptEntries",
            TranscriptEntry,
            parent,
            page_size,
        )

    def list_smart_notes(self, record: ConferenceRecord | str, *, page_size: int | None = None) -> Iterator[SmartNote]:
        parent = _checked(record, "conference record")
        return self._pages(
            "meet.conferenceRecords.smartNotes.list", f"{parent}/smartNotes", "smartNotes", SmartNote, parent, page_size
        )

    # HTTP.

    def _pages(
        self,
        method: str,
        path: str,
        items_key: str,
        record_type: type[Record],
        resource: str,
        page_size: int | None,
        filter: str | None = None,
    ) -> Iterator[Record]:
        """Arguments are checked now; requests are made lazily, one page at a time, following `nextPageToken`."""
        if page_size is not None and (not isinstance(page_size, int) or page_size < 1):
            raise ValueError(f"page_size must be a positive integer; got {page_size!r}")
        params: dict[str, Any] = {}
        if page_size is not None:
            params["pageSize"] = page_size
        if filter:
            params["filter"] = filter

        def pages() -> Iterator[Record]:
            seen_tokens: set[str] = set()
            page_params = dict(params)
            while True:
                page = self._call(method, "GET", path, resource=resource, params=page_params)
                for item in page.get(items_key) or ():
                    yield from_json(record_type, item)
                token = page.get("nextPageToken")
                if not token:
                    return
                if token in seen_tokens:  # a server bug must not become an endless worker loop
                    raise MeetError(
                        f"{method} returned the page token {token!r} twice", method=method, resource=resource
                    )
                seen_tokens.add(token)
                page_params = {**params, "pageToken": token}

        return pages()

    def _call(
        self,
        method: str,
        http_method: str,
        path: str,
        *,
        resource: str,
        suffix: str = "",
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        if self._before_call is not None:
            self._before_call(method)
        url = f"{self.base_url}/v2/{quote(path, safe='/')}{suffix}"
        started = time.monotonic()
        try:
            response = self._session.request(http_method, url, params=params, json=body, timeout=self.timeout)
        except google.auth.exceptions.GoogleAuthError as failure:
            error = error_from_refresh(failure, delegated=self._delegated)
            raise self._failed(error, method, resource, started) from failure
        except requests.RequestException as failure:
            error = MeetTransportError(f"{type(failure).__name__} calling {self.base_url}")
            raise self._failed(error, method, resource, started) from failure
        duration_ms = _elapsed_ms(started)
        logger.info(
            "meet %s %s -> %s in %d ms",
            method,
            resource,
            response.status_code,
            duration_ms,
            extra={
                "meet_method": method,
                "meet_resource": resource,
                "http_status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        payload = _json_or_none(response)
        if response.status_code >= 400:
            raise error_from_response(response.status_code, payload, method=method, resource=resource)
        if response.content and not isinstance(payload, dict):
            # A 2xx that is not Google's JSON came from something in between (a proxy, a captive portal).
            raise MeetTransportError(
                f"HTTP {response.status_code} answer that is not JSON",
                http_status=None,
                method=method,
                resource=resource,
            )
        return payload if isinstance(payload, dict) else {}

    def _failed(self, error: MeetError, method: str, resource: str, started: float) -> MeetError:
        error.method, error.resource = method, resource
        duration_ms = _elapsed_ms(started)
        logger.warning(
            "meet %s %s -> %s in %d ms",
            method,
            resource,
            type(error).__name__,
            duration_ms,
            extra={"meet_method": method, "meet_resource": resource, "http_status": None, "duration_ms": duration_ms},
        )
        return error


def _elapsed_ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


def _json_or_none(response: requests.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return None


def _space_name(space: SpaceRef) -> SpaceName:
    if isinstance(space, SpaceName):
        return space
    if isinstance(space, Space):
        if not space.name:
            raise InvalidResourceName("this Space record has no name")
        return SpaceName.id(space.name)
    return SpaceName.parse(space)


def _member_name(member: Member | str) -> str:
    """A member to write to: named under its space's id, never under a meeting code."""
    name = member.name if isinstance(member, Member) else member
    name = _checked(name or "", "member")
    space_part, _, member_id = space_id_of(name).partition("/members/")
    space = SpaceName.parse(f"spaces/{space_part}").require_id()
    return f"{space.name}/members/{member_id}"


def _checked(resource: Any, kind: str) -> str:
    name = resource if isinstance(resource, str) else getattr(resource, "name", None)
    if not isinstance(name, str) or not _PATTERNS[kind].fullmatch(name.strip()):
        raise InvalidResourceName(f"expected a {kind} name ({_NAME_FORMATS[kind]}); got {name!r}")
    return name.strip()
