"""The discovery validator must itself be right before it judges the emulator: hand-made values, good and bad."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.support import discovery
from tests.support.discovery import SchemaViolation, validate

GOOD_SPACE = {
    "name": "spaces/jQCFfuBOdN5z",
    "meetingUri": "https://meet.google.com/abc-mnop-xyz",
    "meetingCode": "abc-mnop-xyz",
    "config": {
        "accessType": "TRUSTED",
        "entryPointAccess": "ALL",
        "moderation": "ON",
        "moderationRestrictions": {"chatRestriction": "HOSTS_ONLY", "defaultJoinAsViewerType": "OFF"},
        "attendanceReportGenerationType": "DO_NOT_GENERATE",
        "artifactConfig": {
            "recordingConfig": {"autoRecordingGeneration": "ON"},
            "transcriptionConfig": {"autoTranscriptionGeneration": "OFF"},
            "smartNotesConfig": {"autoSmartNotesGeneration": "ON"},
        },
    },
    "activeConference": {"conferenceRecord": "conferenceRecords/abc"},
    "phoneAccess": [{"phoneNumber": "+1 555 0100", "pin": "123456", "regionCode": "US", "languageCode": "en-US"}],
    "gatewaySipAccess": [{"uri": "sip:123@meet.example", "sipAccessCode": "9876"}],
}


def violation(schema_name, value, **options) -> SchemaViolation:
    with pytest.raises(SchemaViolation) as caught:
        validate(schema_name, value, **options)
    return caught.value


# -------------------------------------------------------------------------------------------- the document itself


def test_every_method_of_the_document_is_described():
    ids = discovery.all_method_ids()
    assert len(ids) == 24
    assert "meet.spaces.endActiveConference" in ids
    assert "meet.conferenceRecords.transcripts.entries.list" in ids


def test_method_description_of_patch():
    patch = discovery.method("meet.spaces.patch")
    assert patch.http_method == "PATCH"
    assert patch.path == "v2/{+name}"
    assert patch.flat_path == "v2/spaces/{spacesId}"
    assert set(patch.path_parameters) == {"name"}
    assert set(patch.query_parameters) == {"updateMask"}
    assert patch.request == "Space"
    assert patch.response == "Space"
    assert patch.scopes == (
        "https://www.googleapis.com/auth/meetings.space.created",
        "https://www.googleapis.com/auth/meetings.space.settings",
    )
    assert patch.url_path(name="spaces/abc") == "/v2/spaces/abc"


def test_method_without_body_has_no_request_schema():
    get = discovery.method("meet.conferenceRecords.get")
    assert get.request is None
    assert get.response == "ConferenceRecord"
    end = discovery.method("meet.spaces.endActiveConference")
    assert end.request == "EndActiveConferenceRequest"
    assert end.response == "Empty"
    assert end.url_path(name="spaces/abc") == "/v2/spaces/abc:endActiveConference"


def test_url_path_refuses_a_name_outside_the_pattern():
    with pytest.raises(ValueError):
        discovery.method("meet.spaces.patch").url_path(name="conferenceRecords/abc")


def test_unknown_method_is_a_clear_error():
    with pytest.raises(KeyError, match=r"meet\.spaces\.list"):
        discovery.method("meet.spaces.list")


def test_list_fields_are_the_plural_item_names():
    assert discovery.list_field("ListConferenceRecordsResponse") == "conferenceRecords"
    assert discovery.list_field("ListTranscriptEntriesResponse") == "transcriptEntries"
    assert discovery.list_field("ListMembersResponse") == "members"


def test_page_sizes_read_from_the_descriptions_match_the_digest():
    assert {
        method_id: discovery.page_size_limits(method_id)
        for method_id in discovery.all_method_ids()
        if method_id.endswith(".list")
    } == {
        "meet.spaces.members.list": (250, 500),
        "meet.conferenceRecords.list": (25, 100),
        "meet.conferenceRecords.participants.list": (100, 250),
        "meet.conferenceRecords.participants.participantSessions.list": (100, 250),
        "meet.conferenceRecords.recordings.list": (10, 100),
        "meet.conferenceRecords.transcripts.list": (10, 100),
        "meet.conferenceRecords.smartNotes.list": (10, 100),
        "meet.conferenceRecords.transcripts.entries.list": (10, 100),
    }


def test_default_orders_read_from_the_descriptions_match_the_digest():
    assert discovery.default_order("meet.conferenceRecords.list") == ("start time", "descending")
    assert discovery.default_order("meet.conferenceRecords.participants.list") == ("join time", "descending")
    assert discovery.default_order("meet.conferenceRecords.participants.participantSessions.list") == (
        "join time",
        "descending",
    )
    for kind in ("recordings", "transcripts", "smartNotes", "transcripts.entries"):
        assert discovery.default_order(f"meet.conferenceRecords.{kind}.list") == ("start time", "ascending")
    assert discovery.default_order("meet.spaces.members.list") is None


# -------------------------------------------------------------------------------------------- accepted values


def test_a_complete_space_is_valid_in_the_names_dialect():
    validate("Space", GOOD_SPACE)


def test_the_same_space_in_the_ints_dialect():
    as_ints = discovery.to_ints("Space", GOOD_SPACE)
    assert as_ints["config"]["accessType"] == 2
    assert as_ints["config"]["moderationRestrictions"]["defaultJoinAsViewerType"] == 2
    validate("Space", as_ints, dialect="ints")
    assert discovery.to_names("Space", as_ints) == GOOD_SPACE


def test_list_responses_and_timestamps_with_or_without_fractions():
    validate(
        "ListConferenceRecordsResponse",
        {
            "conferenceRecords": [
                {"name": "conferenceRecords/a", "startTime": "2026-11-24T10:15:00Z", "space": "spaces/x"},
                {
                    "name": "conferenceRecords/b",
                    "startTime": "2026-11-24T10:15:00.123456Z",
                    "endTime": "2026-11-24T11:00:00.123456789Z",
                    "expireTime": "2026-12-24T11:00:00.5Z",
                },
            ],
            "nextPageToken": "opaque",
        },
    )
    validate("ListParticipantsResponse", {"participants": [], "totalSize": 0})
    validate("Empty", {})


# -------------------------------------------------------------------------------------------- rejected values


def test_unknown_top_level_field():
    error = violation("Space", {"name": "spaces/x", "owner": "users/1"})
    assert error.path == "Space.owner"
    assert "unknown field" in str(error)


def test_unknown_nested_field_names_its_path():
    error = violation("Space", {"config": {"moderationRestrictions": {"chatRestrictions": "HOSTS_ONLY"}}})
    assert error.path == "Space.config.moderationRestrictions.chatRestrictions"


def test_snake_case_field_is_unknown():
    assert violation("Space", {"meeting_code": "abc-mnop-xyz"}).path == "Space.meeting_code"


def test_wrong_nesting_is_refused():
    # accessType belongs to SpaceConfig, not to the Space itself.
    assert violation("Space", {"accessType": "OPEN"}).path == "Space.accessType"
    # a setting of moderationRestrictions placed directly under config
    assert violation("Space", {"config": {"chatRestriction": "HOSTS_ONLY"}}).path == "Space.config.chatRestriction"


@pytest.mark.parametrize(
    ("schema_name", "value", "path"),
    [
        ("Space", {"name": 42}, "Space.name"),
        ("Space", {"name": None}, "Space.name"),
        ("Space", {"config": "OPEN"}, "Space.config"),
        ("Space", {"config": []}, "Space.config"),
        ("Space", {"phoneAccess": {"pin": "1"}}, "Space.phoneAccess"),
        ("Space", {"phoneAccess": ["+1 555"]}, "Space.phoneAccess[0]"),
        ("Space", {"phoneAccess": [{}, {"pin": 123456}]}, "Space.phoneAccess[1].pin"),
        ("ListParticipantsResponse", {"totalSize": "3"}, "ListParticipantsResponse.totalSize"),
        ("ListParticipantsResponse", {"totalSize": 3.5}, "ListParticipantsResponse.totalSize"),
        ("ListParticipantsResponse", {"totalSize": True}, "ListParticipantsResponse.totalSize"),
        ("ListParticipantsResponse", {"totalSize": 2**31}, "ListParticipantsResponse.totalSize"),
        ("ListConferenceRecordsResponse", {"conferenceRecords": {}}, "ListConferenceRecordsResponse.conferenceRecords"),
        ("ListConferenceRecordsResponse", {"nextPageToken": 2}, "ListConferenceRecordsResponse.nextPageToken"),
        ("Participant", {"signedinUser": "users/1"}, "Participant.signedinUser"),
        ("Participant", {"signedinUser": {"user": ["users/1"]}}, "Participant.signedinUser.user"),
    ],
)
def test_wrong_types(schema_name, value, path):
    assert violation(schema_name, value).path == path


def test_a_top_level_value_that_is_not_an_object():
    assert violation("Space", ["spaces/x"]).path == "Space"


@pytest.mark.parametrize("value", ["OPENED", "open", "", 1, None])
def test_bad_enum_names(value):
    error = violation("Space", {"config": {"accessType": value}})
    assert error.path == "Space.config.accessType"


def test_enum_name_of_another_field_is_refused():
    # HOSTS_ONLY is a RestrictionType, not an AccessType.
    assert violation("Space", {"config": {"accessType": "HOSTS_ONLY"}}).path == "Space.config.accessType"


@pytest.mark.parametrize("value", [4, -1, "OPEN", "1", True, 1.0])
def test_bad_enum_integers_in_the_ints_dialect(value):
    error = violation("Space", {"config": {"accessType": value}}, dialect="ints")
    assert error.path == "Space.config.accessType"


def test_enum_range_is_per_field_in_the_ints_dialect():
    # ModerationRestrictions.chatRestriction has 3 values, Recording.state 4.
    validate("Recording", {"state": 3}, dialect="ints")
    validate("Space", {"config": {"moderationRestrictions": {"chatRestriction": 2}}}, dialect="ints")
    error = violation("Space", {"config": {"moderationRestrictions": {"chatRestriction": 3}}}, dialect="ints")
    assert error.path == "Space.config.moderationRestrictions.chatRestriction"


def test_names_in_an_array_of_objects_in_the_ints_dialect():
    error = violation("ListRecordingsResponse", {"recordings": [{"state": 1}, {"state": "ENDED"}]}, dialect="ints")
    assert error.path == "ListRecordingsResponse.recordings[1].state"


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-24T10:15:00",  # no zone
        "2026-11-24T10:15:00+00:00",  # an offset, not Z
        "2026-11-24T11:15:00+01:00",
        "2026-11-24 10:15:00Z",  # a space instead of T
        "2026-11-24T10:15Z",  # no seconds
        "2026-13-24T10:15:00Z",  # month 13
        "2026-02-30T10:15:00Z",  # no 30th of February
        "2026-11-24T24:00:00Z",
        "2026-11-24T10:15:00.Z",
        "2026-11-24T10:15:00.1234567890Z",  # more than nanoseconds
        "1764000000",
        "",
    ],
)
def test_bad_timestamps(value):
    error = violation("ConferenceRecord", {"startTime": value})
    assert error.path == "ConferenceRecord.startTime"


def test_a_good_timestamp_is_returned_parsed_to_the_microsecond():
    parsed = discovery.check_timestamp("2026-11-24T10:15:00.123456789Z")
    assert parsed == datetime(2026, 11, 24, 10, 15, 0, 123456, tzinfo=UTC)
    assert discovery.check_timestamp("2026-11-24T10:15:00Z") == datetime(2026, 11, 24, 10, 15, tzinfo=UTC)


def test_a_timestamp_as_a_number_is_a_wrong_type():
    assert violation("ConferenceRecord", {"endTime": 1764000000}).path == "ConferenceRecord.endTime"


def test_bad_timestamp_deep_in_a_list():
    error = violation(
        "ListParticipantSessionsResponse",
        {"participantSessions": [{"startTime": "2026-11-24T10:15:00Z"}, {"startTime": "2026-11-24T10:15:00z"}]},
    )
    assert error.path == "ListParticipantSessionsResponse.participantSessions[1].startTime"


# -------------------------------------------------------------------------------------------- requests


def test_output_only_fields_are_refused_in_requests():
    assert violation("Space", {"meetingCode": "abc-mnop-xyz"}, request=True).path == "Space.meetingCode"
    assert violation("Space", {"phoneAccess": []}, request=True).path == "Space.phoneAccess"
    nested = {"activeConference": {"conferenceRecord": "conferenceRecords/a"}}
    assert violation("Space", nested, request=True).path == "Space.activeConference.conferenceRecord"


def test_output_only_fields_are_fine_in_responses():
    validate("Space", {"meetingCode": "abc-mnop-xyz", "meetingUri": "https://meet.google.com/abc-mnop-xyz"})


def test_a_settings_request_is_valid():
    validate("Space", {"name": "spaces/x", "config": {"accessType": "OPEN", "moderation": "OFF"}}, request=True)
    validate("Member", {"email": "dave@example.com", "role": "COHOST"}, request=True)
    validate(
        "BatchUpdateMembersRequest",
        {"requests": [{"member": {"name": "spaces/x/members/1", "role": 1}}], "updateMask": "role"},
        dialect="ints",
        request=True,
    )


def test_unknown_dialect_is_a_programming_error():
    with pytest.raises(ValueError):
        validate("Space", {}, dialect="proto")


# -------------------------------------------------------------------------------------------- proto3 defaults


def test_default_valued_fields_are_found():
    found = discovery.default_valued_fields(
        "Space",
        {
            "name": "spaces/x",
            "meetingCode": "",
            "phoneAccess": [],
            "config": {"accessType": "ACCESS_TYPE_UNSPECIFIED", "moderation": "ON", "moderationRestrictions": {}},
        },
    )
    assert found == [
        "Space.meetingCode",
        "Space.phoneAccess",
        "Space.config.accessType",
        "Space.config.moderationRestrictions",
    ]
    assert discovery.default_valued_fields("Space", {"config": {"accessType": 0}}) == ["Space.config.accessType"]
    assert discovery.default_valued_fields("Space", GOOD_SPACE) == []
