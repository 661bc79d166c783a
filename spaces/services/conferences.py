"""Ending a conference that is still running."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from spaces.models import Operation, Space
from spaces.permissions import Identity
from spaces.services.operations import operation_queue


def conference_end(*, space: Space, actor: AbstractBaseUser, identity: Identity, reason: str = "") -> Operation:
    return operation_queue(
        kind=Operation.Kind.END_CONFERENCE,
        identity=identity,
        actor=actor,
        space=space,
        reason=reason.strip(),
        params={"conference": space.active_conference, "participants_in_call": space.active_participant_count},
    )
