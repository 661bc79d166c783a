"""Ending a conference that is still running."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from spaces.models import Operation, Space
from spaces.operations.queue import operation_queue
from spaces.permissions import Identity


def conference_end(
    *,
    space: Space,
    actor: AbstractBaseUser,
    identity: Identity,
    reason: str = "",
    conference: str | None = None,
    once: str = "",
) -> Operation:
    """Ends `conference` (the one the person confirmed; by default the cache's live one) and nothing later: the
    worker reads the space first and ends only if that is still the active conference
    (spaces.operations.handlers.conferences)."""
    confirmed = space.active_conference if conference is None else conference
    return operation_queue(
        kind=Operation.Kind.END_CONFERENCE,
        identity=identity,
        actor=actor,
        space=space,
        target=confirmed or space.name,
        reason=reason.strip(),
        params={"conference": confirmed, "participants_in_call": space.active_participant_count},
        # Scoped to the person, so that nobody else's token can ever stand for theirs.
        once_key=f"end:{actor.pk}:{once}" if once else "",
    )
