"""Times as list pages show them, in the person's zone, without Django's `date` filter.

The filter parses its format string, looks the zone up and builds a formatter object for every value: a tenth of a
list page's time at 50 rows with two dates each. These give the same text as `|date:"Y-m-d H:i T"` (and
`"Y-m-d H:i:s T"`) in the active time zone, from one `strftime` (tests/spaces/test_list_times.py holds them to it),
except in the hour a zone's clocks repeat, where the filter leaves the zone's name out and these say which it was.
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
