"""Pages format their times in Python (accounts/local_times.py), not with the `date` filter: the text must not
change, and a conference always shows when it started."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone

from accounts.local_times import stamp_clock, stamp_minutes, stamp_seconds, stamp_span

MOMENTS = [
    datetime(2026, 1, 15, 12, 30, 45, tzinfo=UTC),
    datetime(2026, 7, 15, 23, 59, 59, 999999, tzinfo=UTC),  # summer time, and the next day in zones east of UTC
    datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC),  # a second before Europe moves its clocks
    datetime(2026, 3, 29, 1, 0, 0, tzinfo=UTC),
    datetime(2026, 11, 1, 4, 30, tzinfo=UTC),  # the hour before New York's repeated hour
]
REPEATED_HOUR = [datetime(2026, 11, 1, 5, 30, tzinfo=UTC), datetime(2026, 11, 1, 6, 30, tzinfo=UTC)]
ZONES = [None, "UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham"]


def as_the_filter_shows(moment: datetime | None, format: str) -> str:
    return Template("{{ moment|date:format }}").render(Context({"moment": moment, "format": format}))


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("moment", MOMENTS)
def test_stamps_read_as_the_date_filter_does_in_the_active_zone(zone, moment):
    with timezone.override(zoneinfo.ZoneInfo(zone) if zone else None):
        assert stamp_minutes(moment) == as_the_filter_shows(moment, "Y-m-d H:i T")
        assert stamp_seconds(moment) == as_the_filter_shows(moment, "Y-m-d H:i:s T")
        assert stamp_clock(moment) == as_the_filter_shows(moment, "H:i:s T")


def test_a_stamp_carries_the_zone_it_is_in():
    moment = datetime(2026, 7, 15, 10, 0, tzinfo=UTC)
    with timezone.override(zoneinfo.ZoneInfo("Europe/Berlin")):
        assert stamp_minutes(moment) == "2026-07-15 12:00 CEST"
    with timezone.override(zoneinfo.ZoneInfo("Asia/Kolkata")):
        assert stamp_seconds(moment) == "2026-07-15 15:30:00 IST"


def test_the_repeated_hour_says_which_of_the_two_it_is():
    """The one difference from the filter, on purpose: for a time in the hour clocks repeat, `date` leaves the zone
    out ("01:30 ", twice an hour apart); an audit log has to say which 01:30 it was."""
    with timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        assert [stamp_minutes(moment) for moment in REPEATED_HOUR] == ["2026-11-01 01:30 EDT", "2026-11-01 01:30 EST"]
        assert {as_the_filter_shows(moment, "Y-m-d H:i T") for moment in REPEATED_HOUR} == {"2026-11-01 01:30 "}


def test_no_time_is_shown_as_nothing():
    assert (
        stamp_minutes(None)
        == stamp_seconds(None)
        == stamp_clock(None)
        == ""
        == as_the_filter_shows(None, "Y-m-d H:i T")
    )


def test_a_conference_shows_its_start_and_end_in_the_zone():
    start, end = datetime(2026, 12, 4, 20, 30, tzinfo=UTC), datetime(2026, 12, 4, 21, 6, tzinfo=UTC)
    with timezone.override(zoneinfo.ZoneInfo("Europe/Paris")):
        assert stamp_span(start, end, running=False) == "2026-12-04 21:30 – 22:06 CET"
        assert stamp_span(start, None, running=True) == "started 2026-12-04 21:30 CET, still running"


def test_a_conference_over_midnight_or_a_clock_change_shows_both_in_full():
    with timezone.override(zoneinfo.ZoneInfo("Europe/Paris")):
        late = datetime(2026, 12, 4, 22, 30, tzinfo=UTC), datetime(2026, 12, 4, 23, 10, tzinfo=UTC)
        assert stamp_span(*late, running=False) == "2026-12-04 23:30 CET – 2026-12-05 00:10 CET"
        change = datetime(2026, 3, 29, 0, 30, tzinfo=UTC), datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
        assert stamp_span(*change, running=False) == "2026-03-29 01:30 CET – 2026-03-29 03:30 CEST"


def test_a_conference_never_shows_an_end_alone_or_running_when_it_is_not():
    start, end = datetime(2026, 12, 4, 20, 30, tzinfo=UTC), datetime(2026, 12, 4, 21, 6, tzinfo=UTC)
    with timezone.override(zoneinfo.ZoneInfo("UTC")):
        assert (
            stamp_span(start, None, running=False) == "started 2026-12-04 20:30 UTC; its end not read from Google yet"
        )
        assert stamp_span(None, end, running=False) == "ended 2026-12-04 21:06 UTC; start time not read from Google yet"
        assert stamp_span(None, None, running=True) == "start time not read from Google yet, still running"
