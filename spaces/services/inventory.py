"""How spaces get into meetadmin, and how the cache stays fresh: create, add by link, discover, refresh."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

import meet_client as meet
from spaces.models import Operation, Space
from spaces.operations.queue import operation_build, operation_queue, operations_queue
from spaces.permissions import Action, Identity, decide


def space_create(*, actor: AbstractBaseUser, identity: Identity, config: meet.SpaceConfig, label: str) -> Operation:
    return operation_queue(
        kind=Operation.Kind.CREATE,
        identity=identity,
        actor=actor,
        # The space has no name until Google answers; the audit row says what was asked for.
        target=f"a new space “{label.strip()}”" if label.strip() else "a new space",
        params={"config": config.to_json(), "label": label.strip()},
    )


def space_add_by_link(*, actor: AbstractBaseUser, identity: Identity, pasted: str) -> Operation:
    """Queues a lookup of whatever was pasted; raises meet.InvalidSpaceName (with a helpful message) first."""
    name = meet.SpaceName.parse(pasted)
    return operation_queue(
        kind=Operation.Kind.RESOLVE,
        identity=identity,
        actor=actor,
        target=pasted.strip()[:300],
        params={"name": name.name},
    )


def space_refresh(*, space: Space, identity: Identity, actor: AbstractBaseUser | None = None) -> Operation:
    """Queues one refresh; if one is already in flight for this space, that one is returned instead."""
    try:
        with transaction.atomic():
            return operation_queue(kind=Operation.Kind.REFRESH, identity=identity, actor=actor, space=space)
    except IntegrityError:  # the partial unique constraint: one refresh in flight per space
        return Operation.objects.get(space=space, kind=Operation.Kind.REFRESH, state__in=Operation.UNSETTLED)


def space_refresh_watched(*, space: Space, viewer: AbstractBaseUser) -> Operation | None:
    """Someone has the space's page open: keep its live call current, at most one Google read per
    LIVE_REFRESH_SECONDS for this space however many people watch it (LIVE_IDLE_REFRESH_SECONDS while it has no
    call), None when nothing was queued.

    Driven by the page's poll rather than by beat, so quota is spent only on calls someone is looking at; the
    cache's age and the one-refresh-in-flight constraint bound it per space, not per viewer. These upkeep reads
    run without an actor (no co-host read, and they stay out of the space's list of people's actions).
    """
    # A space with no call is re-read less often: an open page notices a call starting a little later, and an open
    # tab left on a quiet space spends little quota (and leaves few refresh rows behind).
    window = settings.LIVE_REFRESH_SECONDS if space.active_conference else settings.LIVE_IDLE_REFRESH_SECONDS
    fresh_after = timezone.now() - timedelta(seconds=window)
    if space.fetched_at is not None and space.fetched_at >= fresh_after:
        return None
    if Operation.objects.filter(space=space, kind=Operation.Kind.REFRESH, state__in=Operation.UNSETTLED).exists():
        return None
    decision = decide(viewer, space, Action.REFRESH)
    if not decision.allowed or decision.identity is None:
        return None
    return space_refresh(space=space, identity=decision.identity)


def spaces_refresh_stale(*, spaces: Iterable[Space], viewer: AbstractBaseUser) -> int:
    """Queue a refresh for each shown space older than its freshness window, in a constant number of queries.

    Returns how many were queued. Spaces with a refresh already in flight are skipped by the database itself.
    """
    stale_before = timezone.now() - timedelta(seconds=settings.SPACE_FRESHNESS_SECONDS)
    wanted: list[Operation] = []
    for space in spaces:
        if space.fetched_at is not None and space.fetched_at >= stale_before:
            continue
        decision = decide(viewer, space, Action.REFRESH)
        if decision.allowed and decision.identity is not None:
            wanted.append(operation_build(kind=Operation.Kind.REFRESH, identity=decision.identity, space=space))
    return len(operations_queue(wanted, queue=settings.BULK_QUEUE, skip_conflicts=True))


def spaces_discover(*, identity: Identity, actor: AbstractBaseUser | None = None, batch: str = "") -> Operation:
    """Find the spaces a person owns through their conference records (Google has no "list my spaces")."""
    return operation_queue(
        kind=Operation.Kind.DISCOVER,
        identity=identity,
        actor=actor,
        target=identity.email,
        params={"batch": batch} if batch else {},
    )
