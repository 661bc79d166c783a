"""conference_records_filter writes Google's filter syntax; its results are checked over HTTP elsewhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from spaces.meet import SpaceName, conference_records_filter


def test_terms_are_joined_with_and_in_a_stable_order():
    text = conference_records_filter(
        space=SpaceName.parse("spaces/jQCFfuBOdN5z"),
        running_only=True,
        started_at_or_after=datetime(2026, 11, 24, 10, 15, tzinfo=UTC),
    )
    assert (
        text
        == 'space.name = "spaces/jQCFfuBOdN5z" AND end_time IS NULL AND start_time >= "2026-11-24T10:15:00.000000Z"'
    )


def test_timestamps_are_converted_to_utc():
    paris = timezone(timedelta(hours=1))
    text = conference_records_filter(started_before=datetime(2026, 11, 24, 11, 15, tzinfo=paris))
    assert text == 'start_time < "2026-11-24T10:15:00.000000Z"'


def test_a_meeting_code_filters_on_the_code_without_the_prefix():
    assert conference_records_filter(space=SpaceName.parse("ABC-MNOP-XYZ")) == 'space.meeting_code = "abc-mnop-xyz"'
