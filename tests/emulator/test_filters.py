"""The AIP-160 subset that conferenceRecords, participants and participantSessions accept in `filter`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from google_emulator.core.clock import rfc3339
from google_emulator.core.errors import ApiError
from google_emulator.meet.filters import FieldKind, parse_filter

RECORD_FIELDS = {
    "space.meeting_code": FieldKind.TEXT_IGNORING_CASE,
    "space.name": FieldKind.TEXT,
    "start_time": FieldKind.TIMESTAMP,
    "end_time": FieldKind.TIMESTAMP,
}
NOON = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
RUNNING = {
    "space.name": "spaces/jQCFfuBOdN5z",
    "space.meeting_code": "abc-mnop-xyz",
    "start_time": NOON,
    "end_time": None,
}
FINISHED = {**RUNNING, "end_time": NOON + timedelta(hours=1)}


def matches(text: str | None, values: dict) -> bool:
    return parse_filter(text, RECORD_FIELDS).matches(values)


def rejection(text: str) -> ApiError:
    with pytest.raises(ApiError) as raised:
        parse_filter(text, RECORD_FIELDS)
    assert raised.value.http_status == 400
    assert raised.value.status == "INVALID_ARGUMENT"
    return raised.value


@pytest.mark.parametrize("text", [None, "", "   \n\t "])
def test_no_filter_matches_everything(text):
    assert matches(text, RUNNING)
    assert matches(text, FINISHED)


@pytest.mark.parametrize(
    "text",
    [
        'space.name = "spaces/jQCFfuBOdN5z"',
        'space.name="spaces/jQCFfuBOdN5z"',
        '  space.name\t=\n"spaces/jQCFfuBOdN5z"  ',
        "space.name = 'spaces/jQCFfuBOdN5z'",
    ],
)
def test_equality_on_the_space_name_in_any_spacing_and_quoting(text):
    assert matches(text, RUNNING)
    assert not matches(text, {**RUNNING, "space.name": "spaces/other"})


def test_space_names_are_case_sensitive_but_meeting_codes_are_not():
    assert not matches('space.name = "spaces/jqcffubodn5z"', RUNNING)
    assert matches('space.meeting_code = "ABC-MNOP-xyz"', RUNNING)
    assert matches("space.meeting_code = abc-mnop-xyz", RUNNING)
    assert not matches('space.meeting_code = "abc-mnop-xyy"', RUNNING)


def test_not_equal():
    assert matches('space.name != "spaces/other"', RUNNING)
    assert not matches('space.name != "spaces/jQCFfuBOdN5z"', RUNNING)


@pytest.mark.parametrize(
    ("operator", "earlier", "same", "later"),
    [
        ("<", True, False, False),
        ("<=", True, True, False),
        (">", False, False, True),
        (">=", False, True, True),
        ("=", False, True, False),
        ("!=", True, False, True),
    ],
)
def test_timestamp_operators(operator, earlier, same, later):
    """`start_time OP bound` for a start one second before, at and after the bound."""
    bound = '"2024-01-01T12:00:00.000Z"'
    for start, expected in ((NOON - timedelta(seconds=1), earlier), (NOON, same), (NOON + timedelta(seconds=1), later)):
        assert matches(f"start_time {operator} {bound}", {**RUNNING, "start_time": start}) is expected


def test_timestamps_compare_as_instants_whatever_their_offset_or_precision():
    assert matches('start_time = "2024-01-01T13:00:00+01:00"', RUNNING)
    assert matches('start_time = "2024-01-01T12:00:00.000000000Z"', RUNNING)
    assert matches("start_time >= 2024-01-01T12:00:00Z", RUNNING)
    assert not matches('start_time > "2024-01-01T07:00:00-05:00"', RUNNING)


def test_is_null_tells_running_conferences_from_finished_ones():
    assert matches("end_time IS NULL", RUNNING)
    assert not matches("end_time IS NULL", FINISHED)
    assert matches("end_time is null", RUNNING)


def test_a_comparison_with_an_unset_time_is_false_whatever_the_operator():
    for operator in ("=", "!=", "<", ">", "<=", ">="):
        assert not matches(f'end_time {operator} "2024-01-01T12:00:00Z"', RUNNING)


def test_and_joins_comparisons():
    window = 'start_time>="2024-01-01T00:00:00.000Z" AND start_time<="2024-01-02T00:00:00.000Z"'
    assert matches(window, RUNNING)
    assert not matches(window, {**RUNNING, "start_time": NOON + timedelta(days=1)})
    assert matches(f'{window} AND end_time<="2024-01-01T13:00:00Z"', FINISHED)
    assert not matches(f"{window} AND end_time IS NULL", FINISHED)


def test_escaped_quotes_inside_a_string():
    assert matches(r'space.name = "spaces/a\"b"', {**RUNNING, "space.name": 'spaces/a"b'})


@pytest.mark.parametrize(
    "text",
    [
        'space.name = "spaces/A" OR space.name = "spaces/B"',
        "NOT end_time IS NULL",
        "end_time IS NOT NULL",
        '(space.name = "spaces/A")',
        "-end_time IS NULL",
        'space.name:"spaces/A"',
    ],
)
def test_or_not_negation_parentheses_and_has_are_refused_with_a_clear_message(text):
    assert "not supported" in rejection(text).message


def test_an_unknown_field_is_refused_and_the_message_lists_the_filterable_ones():
    message = rejection('space.id = "x"').message
    assert "'space.id'" in message
    assert "space.meeting_code, space.name, start_time, end_time" in message


def test_fields_are_snake_case():
    rejection("endTime IS NULL")


@pytest.mark.parametrize(
    "text",
    [
        'start_time > "yesterday"',
        'start_time > "2024-01-01"',
        'start_time > "2024-01-01T00:00:00"',  # no offset: not an instant
        'start_time > "2024-13-01T00:00:00Z"',
    ],
)
def test_a_time_must_be_an_rfc3339_instant(text):
    assert "start_time" in rejection(text).message or "timestamp" in rejection(text).message


@pytest.mark.parametrize(
    "text",
    [
        "end_time",
        "end_time IS",
        "end_time =",
        'space.name "spaces/A"',
        "end_time IS NULL AND",
        'end_time IS NULL and space.name = "spaces/A"',
        'end_time IS NULL space.name = "spaces/A"',
        '"spaces/A" = space.name',
        'space.name = "unterminated',
        'space.name < "spaces/B"',
    ],
)
def test_malformed_filters_are_invalid_arguments(text):
    rejection(text)


@given(
    start=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
    bound=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
)
def test_ordering_agrees_with_the_instants_themselves(start, bound):
    values = {**RUNNING, "start_time": start}
    literal = rfc3339(bound)
    assert matches(f'start_time < "{literal}"', values) is (start < bound)
    assert matches(f'start_time >= "{literal}"', values) is (start >= bound)
