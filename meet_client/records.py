"""Typed records for every resource schema of meet.v2.json, and its enums spelled as Google spells them.

Fields follow the discovery document in snake_case; `None` means Google left the field out. Enum-typed fields hold
the enum member, or the raw string when Google sends a value this code does not know yet. Keys this code does not
know are kept in `extra`, so a new Google field never crashes a worker. (The List*/BatchUpdate*/Empty request and
response schemas are handled by the client's iterators and methods rather than exposed as records.)
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Self

from .json_codec import from_json, to_json
from .names import space_id_of


def _no_extra() -> Mapping[str, Any]:
    return types.MappingProxyType({})


# Unknown fields are kept for reading and logging but are not part of a record's identity.
def _extra() -> Any:
    return field(default_factory=_no_extra, compare=False, repr=False)


class _Record:
    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Self:
        return from_json(cls, data)

    def to_json(self) -> dict[str, Any]:
        return to_json(self)


# Enums (discovery order; each *_UNSPECIFIED means "not set / the user's or admin's default").


class AccessType(StrEnum):
    ACCESS_TYPE_UNSPECIFIED = "ACCESS_TYPE_UNSPECIFIED"
    OPEN = "OPEN"
    TRUSTED = "TRUSTED"
    RESTRICTED = "RESTRICTED"


class EntryPointAccess(StrEnum):
    ENTRY_POINT_ACCESS_UNSPECIFIED = "ENTRY_POINT_ACCESS_UNSPECIFIED"
    ALL = "ALL"
    CREATOR_APP_ONLY = "CREATOR_APP_ONLY"


class Moderation(StrEnum):
    MODERATION_UNSPECIFIED = "MODERATION_UNSPECIFIED"
    OFF = "OFF"
    ON = "ON"


class RestrictionType(StrEnum):
    RESTRICTION_TYPE_UNSPECIFIED = "RESTRICTION_TYPE_UNSPECIFIED"
    HOSTS_ONLY = "HOSTS_ONLY"
    NO_RESTRICTION = "NO_RESTRICTION"


class DefaultJoinAsViewerType(StrEnum):
    DEFAULT_JOIN_AS_VIEWER_TYPE_UNSPECIFIED = "DEFAULT_JOIN_AS_VIEWER_TYPE_UNSPECIFIED"
    ON = "ON"
    OFF = "OFF"


class AttendanceReportGenerationType(StrEnum):
    ATTENDANCE_REPORT_GENERATION_TYPE_UNSPECIFIED = "ATTENDANCE_REPORT_GENERATION_TYPE_UNSPECIFIED"
    GENERATE_REPORT = "GENERATE_REPORT"
    DO_NOT_GENERATE = "DO_NOT_GENERATE"


class AutoGenerationType(StrEnum):
    AUTO_GENERATION_TYPE_UNSPECIFIED = "AUTO_GENERATION_TYPE_UNSPECIFIED"
    ON = "ON"
    OFF = "OFF"


class ArtifactState(StrEnum):
    """State of a Recording, Transcript or SmartNote."""

    STATE_UNSPECIFIED = "STATE_UNSPECIFIED"
    STARTED = "STARTED"
    ENDED = "ENDED"
    FILE_GENERATED = "FILE_GENERATED"


class MemberRole(StrEnum):
    ROLE_UNSPECIFIED = "ROLE_UNSPECIFIED"
    COHOST = "COHOST"


# Space settings.


@dataclass(frozen=True)
class ModerationRestrictions(_Record):
    """Apply while moderation is ON; Google resets them to defaults when moderation is turned OFF."""

    chat_restriction: RestrictionType | str | None = None
    reaction_restriction: RestrictionType | str | None = None
    present_restriction: RestrictionType | str | None = None
    default_join_as_viewer_type: DefaultJoinAsViewerType | str | None = None
    extra: Mapping[str, Any] = _extra()


@dataclass(frozen=True)
class RecordingConfig(_Record):
    auto_recording_generation: AutoGenerationType | str | None = None
    extra: Mapping[str, Any] = _extra()


@dataclass(frozen=True)
class TranscriptionConfig(_Record):
    auto_transcription_generation: AutoGenerationType | str | None = None
    extra: Mapping[str, Any] = _extra()


@dataclass(frozen=True)
class SmartNotesConfig(_Record):
    auto_smart_notes_generation: AutoGenerationType | str | None = None
    extra: Mapping[str, Any] = _extra()


@dataclass(frozen=True)
class ArtifactConfig(_Record):
    recording_config: RecordingConfig | None = None
    transcription_config: TranscriptionConfig | None = None
    smart_notes_config: SmartNotesConfig | None = None
    extra: Mapping[str, Any] = _extra()


@dataclass(frozen=True)
class SpaceConfig(_Record):
    access_type: AccessType | str | None = None
    entry_point_access: EntryPointAccess | str | None = None
    moderation: Moderation | str | None = None
    moderation_restrictions: ModerationRestrictions | None = None
    attendance_report_generation_type: AttendanceReportGenerationType | str | None = None
    artifact_config: ArtifactConfig | None = None
    extra: Mapping[str, Any] = _extra()


# Spaces.


@dataclass(frozen=True)
class ActiveConference(_Record):
    conference_record: str | None = None
    extra: Mapping[str, Any] = _extra()


@dataclass(frozen=True)
class PhoneAccess(_Record):
    phone_number: str | None = None
    pin: str | None = None
    region_code: str | None = None
    language_code: str | None = None
    extra: Mapping[str, Any] = _extra()


@dataclass(frozen=True)
class GatewaySipAccess(_Record):
    uri: str | None = None
    sip_access_code: str | None = None
    extra: Mapping[str, Any] = _extra()


@dataclass(frozen=True)
class Space(_Record):
    """What `get` returns depends on who asks: `config` only for owners, `active_conference` for owners and
    participants (docs/architecture.md, Google fact 3). A missing `config` means "not shown to you", not "no
    settings"."""

    name: str | None = None
    meeting_uri: str | None = None
    meeting_code: str | None = None
    config: SpaceConfig | None = None
    active_conference: ActiveConference | None = None
    phone_access: tuple[PhoneAccess, ...] = ()
    gateway_sip_access: tuple[GatewaySipAccess, ...] = ()
    extra: Mapping[str, Any] = _extra()

    @property
    def space_id(self) -> str | None:
        """The id part of `name` (`spaces/{space_id}`)."""
        return space_id_of(self.name) if self.name else None


@dataclass(frozen=True)
class Member(_Record):
    name: str | None = None
    email: str | None = None
    role: MemberRole | str | None = None
    extra: Mapping[str, Any] = _extra()


# Conference records.


@dataclass(frozen=True)
class ConferenceRecord(_Record):
    name: str | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    expire_time: datetime | None = None
    space: str | None = None
    extra: Mapping[str, Any] = _extra()

    @property
    def is_active(self) -> bool:
        """Google leaves `endTime` unset while the conference runs."""
        return self.end_time is None


@dataclass(frozen=True)
class SignedinUser(_Record):
    user: str | None = None
    display_name: str | None = None
    extra: Mapping[str, Any] = _extra()


@dataclass(frozen=True)
class AnonymousUser(_Record):
    display_name: str | None = None
    extra: Mapping[str, Any] = _extra()


@dataclass(frozen=True)
class PhoneUser(_Record):
    display_name: str | None = None
    extra: Mapping[str, Any] = _extra()


@dataclass(frozen=True)
class Participant(_Record):
    name: str | None = None
    signedin_user: SignedinUser | None = None
    anonymous_user: AnonymousUser | None = None
    phone_user: PhoneUser | None = None
    earliest_start_time: datetime | None = None
    latest_end_time: datetime | None = None
    extra: Mapping[str, Any] = _extra()

    @property
    def display_name(self) -> str | None:
        for person in (self.signedin_user, self.anonymous_user, self.phone_user):
            if person is not None:
                return person.display_name
        return None

    @property
    def in_call(self) -> bool:
        """Google leaves `latestEndTime` unset while the participant is in the call."""
        return self.latest_end_time is None


@dataclass(frozen=True)
class DriveDestination(_Record):
    file: str | None = None
    export_uri: str | None = None
    extra: Mapping[str, Any] = _extra()


@dataclass(frozen=True)
class DocsDestination(_Record):
    document: str | None = None
    export_uri: str | None = None
    extra: Mapping[str, Any] = _extra()


@dataclass(frozen=True)
class Recording(_Record):
    name: str | None = None
    state: ArtifactState | str | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    drive_destination: DriveDestination | None = None
    extra: Mapping[str, Any] = _extra()


@dataclass(frozen=True)
class Transcript(_Record):
    name: str | None = None
    state: ArtifactState | str | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    docs_destination: DocsDestination | None = None
    extra: Mapping[str, Any] = _extra()


@dataclass(frozen=True)
class TranscriptEntry(_Record):
    """One person's speech in a transcript; `participant` names the speaker's participant resource."""

    name: str | None = None
    participant: str | None = None
    text: str | None = None
    language_code: str | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    extra: Mapping[str, Any] = _extra()


@dataclass(frozen=True)
class SmartNote(_Record):
    name: str | None = None
    state: ArtifactState | str | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    docs_destination: DocsDestination | None = None
    extra: Mapping[str, Any] = _extra()
