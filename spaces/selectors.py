"""Reads for pages: the cache only, never Google, and a constant number of queries however many spaces."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from spaces.models import Artifact, ConferenceRecord, Operation, Participant, Space, TranscriptEntry


def spaces_owned_by(user: AbstractBaseUser) -> QuerySet[Space]:
    return Space.objects.filter(owner_email=user.email.lower()).order_by("label", "meeting_code", "name")


def spaces_all() -> QuerySet[Space]:
    return Space.objects.all()


def spaces_total() -> int:
    """How many spaces are cached: one row the database keeps exact (migration 0007), not a count of every space."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT spaces FROM spaces_space_total")
        row = cursor.fetchone()
    # The row is made by the migration; were it gone, counting is slower but as right.
    return row[0] if row is not None else Space.objects.count()


def spaces_stale(spaces: Iterable[Space]) -> list[str]:
    """The names of the shown spaces older than their freshness window (no query: what the page already read)."""
    stale_before = timezone.now() - timedelta(seconds=settings.SPACE_FRESHNESS_SECONDS)
    return [space.name for space in spaces if space.fetched_at is None or space.fetched_at < stale_before]


def operations_recent_for(user: AbstractBaseUser, limit: int = 10) -> list[Operation]:
    return list(Operation.objects.filter(actor=user).select_related("space").order_by("-created_at")[:limit])


def import_failures(batch: str, limit: int = 50) -> list[Operation]:
    return list(Operation.objects.filter(batch=batch, state=Operation.State.FAILED).order_by("target")[:limit])


def operations_for_space(space: Space, limit: int = 10) -> list[Operation]:
    """What people did on this space; the schedule's and the pages' own upkeep reads (no actor) would drown it."""
    return list(
        Operation.objects.filter(space=space)
        .exclude(kind=Operation.Kind.REFRESH, actor__isnull=True)
        .select_related("actor")
        .order_by("-created_at")[:limit]
    )


def operation_followed(user: AbstractBaseUser, operation_id: object, space: Space | None = None) -> Operation | None:
    """One of this person's own Operations (on `space`, if given), for a page that follows it; None otherwise."""
    try:
        operation_id = int(operation_id)
    except (TypeError, ValueError):
        return None
    operations = Operation.objects.filter(pk=operation_id, actor=user)
    if space is not None:
        operations = operations.filter(space=space)
    return operations.first()


def conference_history(space: Space, limit: int = 10) -> list[ConferenceRecord]:
    """Past conferences copied from Google, with their participants and artifacts, in three queries."""
    return list(
        ConferenceRecord.objects.filter(space=space)
        .prefetch_related("participants", "artifacts")
        .order_by("-start_time")[:limit]
    )


def conference_history_ends(space: Space, limit: int = 10) -> list[tuple[str, object]]:
    """(record, end time) of what `conference_history` shows, in one query: enough to tell the history changed."""
    return list(
        ConferenceRecord.objects.filter(space=space).order_by("-start_time").values_list("pk", "end_time")[:limit]
    )


def participants_in_call(space: Space) -> list[Participant]:
    """Who is in the live call, as far as the copied history knows (the count on the space is always current)."""
    if not space.active_conference:
        return []
    return list(Participant.objects.filter(record_id=space.active_conference, latest_end_time__isnull=True))


def transcript_of(space: Space, record_id: str, transcript_id: str) -> Artifact | None:
    """A transcript copied from one of this space's conferences, with its conference; None for anything else."""
    return (
        Artifact.objects.filter(
            name=f"conferenceRecords/{record_id}/transcripts/{transcript_id}",
            kind=Artifact.Kind.TRANSCRIPT,
            record__space=space,
        )
        .select_related("record")
        .first()
    )


def transcript_entries(transcript: Artifact, search: str = "") -> QuerySet[TranscriptEntry]:
    """The copied entries in the order they were spoken; with `search`, those whose text contains it (any case)."""
    entries = TranscriptEntry.objects.filter(transcript=transcript).order_by("start_time", "name")
    return entries.filter(text__icontains=search) if search else entries
