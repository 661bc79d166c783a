"""Changing settings. Idempotent: a retry sends the same mask and values, computed when it was asked for."""

from __future__ import annotations

from django.utils import timezone

from spaces import meet
from spaces.actions.outcome import Outcome
from spaces.identities import meet_client_for
from spaces.models import Operation
from spaces.space_records import space_file


def patch(operation: Operation) -> Outcome:
    client = meet_client_for(operation.identity_kind, operation.identity_email)
    wanted = meet.SpaceConfig.from_json(operation.params["config"])
    mask = list(operation.params["updateMask"])
    record = client.patch_space(meet.SpaceName.id(operation.space_id.removeprefix("spaces/")), wanted, update_mask=mask)
    space = space_file(record=record, seen_at=timezone.now(), caller_email=operation.identity_email)
    note = ""
    if meet.resets_moderation_restrictions(wanted):
        note = " Moderation is off, so Google reset its restrictions to their defaults."
    return Outcome.done(
        f"Settings changed: {', '.join(path.removeprefix('config.') for path in mask)}.{note}",
        config_after=record.config.to_json() if record.config else {},
        space=space,
    )
