"""List filters in Google's syntax, built from typed values so that quoting and timestamps are never hand-written.

Google's filter grammar (EBNF, see meet.v2.json): `field op value` terms joined by `AND`; strings in double quotes;
timestamps as quoted RFC 3339; `IS NULL` for unset fields.
"""

from __future__ import annotations

from datetime import datetime

from .json_codec import format_timestamp
from .names import SpaceName

# Participants still in the call (Google leaves the end unset until they leave).
PARTICIPANTS_IN_CALL = "latest_end_time IS NULL"


def conference_records_filter(
    *,
    space: SpaceName | None = None,
    running_only: bool = False,
    started_at_or_after: datetime | None = None,
    started_before: datetime | None = None,
) -> str | None:
    """A `conferenceRecords.list` filter; None when nothing is asked (every record the caller may see).

    A space given by its meeting code filters on `space.meeting_code`, by its id on `space.name`.
    """
    terms = []
    if space is not None:
        field = "space.meeting_code" if space.is_meeting_code else "space.name"
        value = space.value if space.is_meeting_code else space.name
        terms.append(f"{field} = {_quoted(value)}")
    if running_only:  # the documented filters offer `IS NULL` only, so "ended" is not expressible
        terms.append("end_time IS NULL")
    if started_at_or_after is not None:
        terms.append(f"start_time >= {_quoted(format_timestamp(started_at_or_after))}")
    if started_before is not None:
        terms.append(f"start_time < {_quoted(format_timestamp(started_before))}")
    return " AND ".join(terms) or None


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
