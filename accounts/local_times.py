"""Times as every page shows them: in the person's zone (accounts/time_zones.py activates it), with the zone's
abbreviation, from one `strftime` each.

Django's `date` filter parses its format string, looks the zone up and builds a formatter object for every value: a
tenth of a list page's time at 50 rows with two dates each (docs/benchmarks.md). These give the same text as
`|date:"Y-m-d H:i T"` (and `"Y-m-d H:i:s T"`) in the active time zone (tests/accounts/test_local_times.py holds them
to it), except in the hour a zone's clocks repeat, where the filter leaves the zone's name out and these say which
it was. Pages use them through the `local_times` template filters; rows made in Python (space_rows, audit_rows)
call them directly.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def stamp_minutes(moment: datetime | None) -> str:
    """`2026-11-26 03:04 CET`: what `|date:"Y-m-d H:i T"` shows; "" for no time."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def stamp_seconds(moment: datetime | None) -> str:
    """`2026-11-26 03:04:05 CET`: what `|date:"Y-m-d H:i:s T"` shows; "" for no time."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%Y-%m-%d %H:%M:%S} {local.tzname()}"


def stamp_clock(moment: datetime | None) -> str:
    """`03:04:05 CET`: the time of day alone, for a moment within the next minutes; "" for no time."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%H:%M:%S} {local.tzname()}"


def stamp_span(start: datetime | None, end: datetime | None, *, running: bool) -> str:
    """A conference's time: `2026-11-26 21:30 – 22:06 CET`, or both in full when the day or the zone's name
    changed between them (`2026-11-26 23:30 CET – 2026-11-27 00:10 CET`); `started 2026-11-26 21:30 CET, still
    running` while it runs. Google gives every conference record a start time, and an end once it is over; a copy
    that has not read one yet says so rather than leaving it out."""
    if start is None:
        if end is None:
            return "start time not read from Google yet" + (", still running" if running else "")
        return f"ended {stamp_minutes(end)}; start time not read from Google yet"
    if end is None:
        if running:
            return f"started {stamp_minutes(start)}, still running"
        return f"started {stamp_minutes(start)}; its end not read from Google yet"
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    if local_start.date() == local_end.date() and local_start.tzname() == local_end.tzname():
        return f"{local_start:%Y-%m-%d %H:%M} – {local_end:%H:%M} {local_end.tzname()}"
    return f"{stamp_minutes(start)} – {stamp_minutes(end)}"
