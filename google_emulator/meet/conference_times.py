"""Moments in seed specs and control calls: absolute RFC 3339 strings or offsets back from the emulated now."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from google_emulator.core.clock import parse_rfc3339, rfc3339
from google_emulator.core.errors import invalid_argument

_AGO_UNITS = {"daysAgo": "days", "hoursAgo": "hours", "minutesAgo": "minutes", "secondsAgo": "seconds"}


def moment(value: Any, now: datetime, *, what: str = "time") -> datetime:
    """`"2026-11-24T10:15:00Z"`, or `{"minutesAgo": 90}` (also `daysAgo`, `hoursAgo`, `secondsAgo`, summed if
    several are given), or a datetime. Relative moments let a seed read the same whatever day it is loaded."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return parse_rfc3339(value)
        except ValueError:
            raise invalid_argument(f"{what}: {value!r} is not an RFC 3339 timestamp.") from None
    if isinstance(value, dict) and value and set(value) <= set(_AGO_UNITS):
        try:
            offset = timedelta(**{_AGO_UNITS[key]: float(amount) for key, amount in value.items()})
        except (TypeError, ValueError):
            raise invalid_argument(f"{what}: offsets must be numbers, got {value!r}.") from None
        return now - offset
    raise invalid_argument(
        f'{what}: expected an RFC 3339 string or an offset like {{"minutesAgo": 90}}, got {value!r}.'
    )


def optional_rfc3339(value: datetime | None) -> str | None:
    return None if value is None else rfc3339(value)


def optional_moment(value: str | None) -> datetime | None:
    return None if value is None else parse_rfc3339(value)
