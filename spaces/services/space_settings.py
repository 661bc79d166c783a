"""Changing a space's settings with a minimal update mask, computed once so that a retry sends the same."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

import meet_client as meet
from spaces.models import Operation, Space
from spaces.operations.queue import operation_queue
from spaces.permissions import Identity


class NothingToChange(ValueError):
    """The wanted settings are the ones the space already has."""


class SettingsMoved(ValueError):
    """A field the person changed has moved in the cache since their form was loaded: they choose, we do not."""

    def __init__(self, moved: list[dict]) -> None:
        super().__init__("Someone changed these settings since you opened the form.")
        self.moved = moved


def space_settings_change(
    *,
    space: Space,
    actor: AbstractBaseUser,
    identity: Identity,
    wanted: meet.SpaceConfig,
    loaded: meet.SpaceConfig | None = None,
) -> Operation:
    """Sends only the fields that differ between `loaded` (what the form showed) and `wanted`.

    Without `loaded` the cache stands in for it. A changed field whose cached value has moved since the form was
    loaded (to something other than what is wanted) raises SettingsMoved; the worker checks the same against
    Google just before the patch (spaces.operations.handlers.space_settings).
    """
    current = meet.config_leaves(meet.SpaceConfig.from_json(space.config or {}))
    baseline = loaded if loaded is not None else meet.SpaceConfig.from_json(space.config or {})
    before, after = meet.config_leaves(baseline), meet.config_leaves(wanted)
    mask = meet.space_config_update_mask(baseline, wanted)
    moved = [
        {"path": path, "loaded": before.get(path), "current": current.get(path), "wanted": after.get(path)}
        for path in mask
        if current.get(path) not in (before.get(path), after.get(path))
    ]
    if moved:
        raise SettingsMoved(moved)
    mask = [path for path in mask if current.get(path) != after.get(path)]  # already so: nothing to send
    if not mask:
        raise NothingToChange("These are already the space's settings.")
    return operation_queue(
        kind=Operation.Kind.PATCH,
        identity=identity,
        actor=actor,
        space=space,
        target=", ".join(mask),  # the fields it changes
        params={"updateMask": mask, "config": wanted.to_json(), "loaded": {path: before.get(path) for path in mask}},
        config_before=space.config or {},
    )
