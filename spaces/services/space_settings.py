"""Changing a space's settings with a minimal update mask, computed once so that a retry sends the same."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from spaces import meet
from spaces.models import Operation, Space
from spaces.permissions import Identity
from spaces.services.operations import operation_queue


class NothingToChange(ValueError):
    """The wanted settings are the ones the space already has."""


def space_settings_change(
    *, space: Space, actor: AbstractBaseUser, identity: Identity, wanted: meet.SpaceConfig
) -> Operation:
    current = meet.SpaceConfig.from_json(space.config or {})
    mask = meet.space_config_update_mask(current, wanted)
    if not mask:
        raise NothingToChange("These are already the space's settings.")
    return operation_queue(
        kind=Operation.Kind.PATCH,
        identity=identity,
        actor=actor,
        space=space,
        params={"updateMask": mask, "config": wanted.to_json()},
        config_before=space.config or {},
    )
