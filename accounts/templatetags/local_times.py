"""`{{ moment|minutes }}`, `{{ moment|seconds }}`, `{{ moment|clock }}`,
`{{ record|conference_span:space.active_conference }}`: times in the person's zone, as accounts/local_times.py writes
them (the one way pages show a time)."""

from __future__ import annotations

from datetime import datetime

from django import template

from accounts.local_times import stamp_clock, stamp_minutes, stamp_seconds, stamp_span

register = template.Library()


@register.filter
def minutes(moment: datetime | None) -> str:
    return stamp_minutes(moment)


@register.filter
def seconds(moment: datetime | None) -> str:
    return stamp_seconds(moment)


@register.filter
def clock(moment: datetime | None) -> str:
    return stamp_clock(moment)


@register.filter
def conference_span(record, live_record: str) -> str:
    """A conference record's start – end; `live_record` names the space's running conference, if any."""
    return stamp_span(record.start_time, record.end_time, running=bool(live_record) and record.pk == live_record)
