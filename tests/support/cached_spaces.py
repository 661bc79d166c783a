"""Spaces in meetadmin's cache only, for the pages that list them."""

from __future__ import annotations

from django.utils import timezone

from spaces.models import Space


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
