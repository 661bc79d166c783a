"""Typed records read Google's JSON without crashing on anything new, and write SpaceConfig back."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from meet_client import (
    AccessType,
    ArtifactState,
    ConferenceRecord,
    Member,
    MemberRole,
    Moderation,
    ModerationRestrictions,
    Participant,
    Recording,
    RestrictionType,
    Space,
    SpaceConfig,
)
from meet_client import records as records_module
from meet_client.json_codec import json_key, parse_timestamp

# Google's discovery document, as committed beside the emulator.
DISCOVERY = json.loads((Path(__file__).resolve().parents[2] / "google_emulator" / "meet" / "meet.v2.json").read_text())

SPACE_JSON = {
    "name": "spaces/jQCFfuBOdN5z",
    "meetingUri": "https://meet.google.com/abc-mnop-xyz",
    "meetingCode": "abc-mnop-xyz",
    "config": {
        "accessType": "TRUSTED",
        "entryPointAccess": "ALL",
        "moderation": "ON",
        "moderationRestrictions": {"chatRestriction": "HOSTS_ONLY", "defaultJoinAsViewerType": "OFF"},
        "attendanceReportGenerationType": "DO_NOT_GENERATE",
        "artifactConfig": {"recordingConfig": {"autoRecordingGeneration": "ON"}},
    },
    "activeConference": {"conferenceRecord": "conferenceRecords/rec-1"},
    "phoneAccess": [{"phoneNumber": "+1 555-0100", "pin": "123456", "regionCode": "US", "languageCode": "en-US"}],
    "gatewaySipAccess": [{"uri": "sip:123@meet.example", "sipAccessCode": "42"}],
}


def test_a_space_reads_every_documented_field():
    space = Space.from_json(SPACE_JSON)
    assert space.name == "spaces/jQCFfuBOdN5z"
    assert space.space_id == "jQCFfuBOdN5z"
    assert space.meeting_code == "abc-mnop-xyz"
    assert space.config.access_type is AccessType.TRUSTED
    assert space.config.moderation is Moderation.ON
    assert space.config.moderation_restrictions.chat_restriction is RestrictionType.HOSTS_ONLY
    assert space.config.artifact_config.recording_config.auto_recording_generation == "ON"
    assert space.active_conference.conference_record == "conferenceRecords/rec-1"
    assert space.phone_access[0].pin == "123456"
    assert space.gateway_sip_access[0].sip_access_code == "42"


def test_unknown_fields_are_kept_in_extra_at_every_level():
    data = json.loads(json.dumps(SPACE_JSON))
    data["brandNewField"] = {"x": 1}
    data["config"]["futureSetting"] = "YES"
    space = Space.from_json(data)
    assert space.extra == {"brandNewField": {"x": 1}}
    assert space.config.extra == {"futureSetting": "YES"}


def test_unknown_enum_values_stay_raw_strings():
    config = SpaceConfig.from_json({"accessType": "INVITE_ONLY_FUTURE", "moderation": "ON"})
    assert config.access_type == "INVITE_ONLY_FUTURE"
    assert not isinstance(config.access_type, AccessType)
    assert config.moderation is Moderation.ON


def test_timestamps_are_aware_utc_datetimes_even_with_nanoseconds_or_offsets():
    record = ConferenceRecord.from_json(
        {
            "name": "conferenceRecords/r1",
            "startTime": "2026-11-24T10:15:00.123456789Z",
            "endTime": "2026-11-24T12:15:00+02:00",
            "space": "spaces/jQCFfuBOdN5z",
        }
    )
    assert record.start_time == datetime(2026, 11, 24, 10, 15, 0, 123456, tzinfo=UTC)
    assert record.end_time == datetime(2026, 11, 24, 10, 15, tzinfo=UTC)
    assert record.end_time.tzinfo is not None
    assert not record.is_active
    assert parse_timestamp("2026-11-24T10:15:00Z").tzinfo is not None


def test_participant_kinds_and_artifacts():
    guest = Participant.from_json(
        {
            "name": "conferenceRecords/r/participants/p",
            "anonymousUser": {"displayName": "G"},
            "earliestStartTime": "2026-11-24T10:15:00Z",
        }
    )
    assert guest.display_name == "G"
    assert guest.in_call
    recording = Recording.from_json(
        {
            "name": "conferenceRecords/r/recordings/x",
            "state": "FILE_GENERATED",
            "driveDestination": {"file": "f1", "exportUri": "https://drive/x"},
        }
    )
    assert recording.state is ArtifactState.FILE_GENERATED
    assert recording.drive_destination.export_uri == "https://drive/x"


def test_space_config_serialises_back_to_googles_json():
    config = Space.from_json(SPACE_JSON).config
    assert config.to_json() == SPACE_JSON["config"]
    assert SpaceConfig.from_json(config.to_json()) == config


def test_serialising_leaves_out_unset_fields_and_empty_nested_objects():
    config = SpaceConfig(access_type=AccessType.OPEN, moderation_restrictions=ModerationRestrictions())
    assert config.to_json() == {"accessType": "OPEN"}


def test_records_are_frozen_and_hashable():
    config = SpaceConfig(access_type=AccessType.OPEN)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.access_type = AccessType.TRUSTED
    assert hash(config) == hash(SpaceConfig(access_type=AccessType.OPEN))
    assert Member(email="a@example.com", role=MemberRole.COHOST).to_json() == {
        "email": "a@example.com",
        "role": "COHOST",
    }


# Resources no client method reads (the client has only the methods meetadmin calls: docs/meet-client.md).
NOT_READ = ("ParticipantSession", "TranscriptEntry")
RECORD_FOR_SCHEMA = {
    name: getattr(records_module, name)
    for name in DISCOVERY["schemas"]
    if not name.startswith(("List", "BatchUpdate"))
    and name not in ("Empty", "EndActiveConferenceRequest", "UpdateMemberRequest", *NOT_READ)
}


@pytest.mark.parametrize("schema", sorted(RECORD_FOR_SCHEMA))
def test_every_resource_schema_has_a_record_with_every_field_and_enum(schema):
    record_type = RECORD_FOR_SCHEMA[schema]
    fields = {json_key(field): field for field in dataclasses.fields(record_type) if field.name != "extra"}
    properties = DISCOVERY["schemas"][schema]["properties"]
    assert set(fields) == set(properties)
    for key, definition in properties.items():
        if "enum" in definition:
            sample = {key: definition["enum"][-1]}
            value = getattr(record_type.from_json(sample), fields[key].name)
            assert value == definition["enum"][-1]
            assert type(value) is not str, f"{schema}.{key} should read as an enum member"
            assert [member.value for member in type(value)] == definition["enum"]


def test_a_value_of_an_unexpected_shape_stays_raw_in_extra_instead_of_failing():
    record = ConferenceRecord.from_json(
        {"name": "conferenceRecords/r1", "startTime": "yesterday-ish", "endTime": {"seconds": 5}, "space": "spaces/x"}
    )
    assert record.name == "conferenceRecords/r1"
    assert record.start_time is None
    assert record.end_time is None
    assert record.extra == {"startTime": "yesterday-ish", "endTime": {"seconds": 5}}
