"""Spaces in meetadmin's cache only, for the pages that list them."""

from __future__ import annotations

from django.utils import timezone

from spaces.models import Space


def alices_live_space(space_id: str, *, in_call: int = 0, **fields) -> Space:
    """Alice's space, made by meetadmin, with a call running (`conferenceRecords/r1`, `in_call` people in it) as far
    as the cache knows; `fields` adds or overrides what a test needs."""
    return Space.objects.create(
        **{
            "name": f"spaces/{space_id}",
            "owner_email": "alice@example.com",
            "made_by_meetadmin": True,
            "active_conference": "conferenceRecords/r1",
            "active_participant_count": in_call,
            **fields,
        }
    )


def fresh_spaces(owner: str, count: int, prefix: str) -> None:
    """`count` cached spaces of `owner`, read from Google just now (so no page queues a refresh for them)."""
    now = timezone.now()
    Space.objects.bulk_create(
        Space(
            name=f"spaces/{prefix}{number:05d}",
            owner_email=owner,
            meeting_code=f"{prefix.lower()}-aaaa-{number:03d}",
            meeting_code_seen_at=now,
            fetched_at=now,
            label=f"{prefix} {number}",
        )
        for number in range(count)
    )
