"""Filing Google's answers into the cache, keyed by the space id; meeting codes follow as display aliases."""

from __future__ import annotations

from datetime import datetime

from django.db import connection, transaction

import meet_client as meet
from spaces.models import Space


def space_file(
    *,
    record: meet.Space,
    seen_at: datetime,
    caller_email: str,
    made_by_meetadmin: bool = False,
) -> Space:
    """Store what `get` (or create/patch) returned, under the id it returned.

    Google's Space has no owner field; only the owner is shown `config`, so an answer with `config` proves that
    the caller owns the space. An answer without it keeps the owner already cached (or none: owner unknown).
    """
    with transaction.atomic():
        # The cache is a copy of Google's answer: if PostgreSQL crashed before this commit reached the disk, the
        # space would just be read again. Not waiting for the disk here saves a bulk refresh one flush per space;
        # the Operation that records the call still commits durably.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        space, _created = Space.objects.select_for_update().get_or_create(name=record.name)
        if record.meeting_code:
            code = record.meeting_code.lower()
            # The alias may have moved here from another space; that one no longer shows it.
            Space.objects.filter(meeting_code=code).exclude(name=record.name).update(
                meeting_code="", meeting_code_seen_at=None, meeting_uri=""
            )
            space.meeting_code, space.meeting_code_seen_at = code, seen_at
            space.meeting_uri = record.meeting_uri or f"https://meet.google.com/{code}"
        if record.config is not None:
            space.owner_email = caller_email.lower()
            space.config = record.config.to_json()
            space.config_seen_at = seen_at
            space.access_type = str(record.config.access_type or "")
            space.entry_point_access = str(record.config.entry_point_access or "")
            space.moderation = str(record.config.moderation or "")
            # The owner is always shown the active conference, so its absence means none is running.
            _file_active_conference(space, record)
        elif record.active_conference is not None:
            _file_active_conference(space, record)
        space.made_by_meetadmin = space.made_by_meetadmin or made_by_meetadmin
        space.fetched_at = seen_at
        space.save()
    return space


def _file_active_conference(space: Space, record: meet.Space) -> None:
    """The participant count is filled by the caller, which lists who is in the call."""
    conference = record.active_conference
    space.active_conference = (conference.conference_record or "") if conference else ""
    if not space.active_conference:
        space.active_participant_count = 0
