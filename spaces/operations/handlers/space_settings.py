"""Changing settings. Idempotent: a retry sends the same mask and values, computed when it was asked for."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

import meet_client as meet
from spaces.models import Operation
from spaces.operations.outcome import Outcome
from spaces.setting_words import setting_name
from spaces.space_cache import space_file


def patch(operation: Operation, client: meet.MeetClient) -> Outcome:
    wanted = meet.SpaceConfig.from_json(operation.params["config"])
    mask = list(operation.params["updateMask"])
    space_name = meet.SpaceName.id(operation.space_name)
    if "loaded" in operation.params:
        # Google has no conditional patch: read the space as the same identity just before, and send only fields
        # still as the form showed them. One still moved since is not overwritten blindly: the person chooses.
        current = meet.config_leaves(client.get_space(space_name).config)
        mask, moved = _still_as_loaded(mask, operation.params["loaded"], meet.config_leaves(wanted), current)
        if moved:
            return Outcome.failed(_moved_message(operation, moved), error_status="CONFLICT", result={"moved": moved})
        if not mask:
            return Outcome.done("Nothing to change: Google already has these settings.")
    record = client.patch_space(space_name, wanted, update_mask=mask)
    space = space_file(record=record, seen_at=timezone.now(), caller_email=operation.identity_email)
    note = ""
    # Only a patch that turns moderation off resets the restrictions; one leaving it off touches nothing else.
    if "config.moderation" in mask and meet.resets_moderation_restrictions(wanted):
        note = " Host management is off, so Google reset who can chat, react and present to their defaults."
    return Outcome.done(
        f"Settings changed: {', '.join(setting_name(path) for path in mask)}.{note}",
        config_after=record.config.to_json() if record.config else {},
        space=space,
    )


def _still_as_loaded(
    mask: list[str], loaded: dict, wanted: dict[str, str], current: dict[str, str]
) -> tuple[list[str], list[dict]]:
    """The mask paths to send (still as loaded), and those Google shows moved to a third value since."""
    send, moved = [], []
    for path in mask:
        now, before, asked = current.get(path), loaded.get(path), wanted.get(path)
        # A field the form showed as "Default" (unset in the cache) carries no value to compare: Google's `get`
        # fills in defaults the cache may never have seen, which is no one's change.
        if now == before or before is None:
            send.append(path)
        elif now != asked:  # equal to what was asked: already so (a first attempt that died after Google did it)
            moved.append({"path": path, "loaded": before, "current": now, "wanted": asked})
    return send, moved


def _moved_message(operation: Operation, moved: list[dict]) -> str:
    changes = "; ".join(
        f"{setting_name(item['path'])} is now {_value(item['current'])} at Google (it was {_value(item['loaded'])} "
        f"when you opened the form; you asked for {_value(item['wanted'])})"
        for item in moved
    )
    link = reverse("spaces:space_settings", args=[meet.space_id_of(operation.space_name)])
    return f"Nothing was changed: someone changed it meanwhile. {changes}. Choose again at {link}"


def _value(value: str | None) -> str:
    return value.replace("_", " ").capitalize() if value else "the default"
