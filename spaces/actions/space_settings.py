"""Changing settings. Idempotent: a retry sends the same mask and values, computed when it was asked for."""

from __future__ import annotations

from django.utils import timezone

from spaces import meet
from spaces.actions.outcome import Outcome
from spaces.identities import meet_client_for
from spaces.models import Operation
from spaces.space_records import space_file

# The words of the settings form (spaces/forms.py), for the outcome people read; keyed by the mask path's last part.
SETTING_NAMES = {
    "accessType": "who can join",
    "entryPointAccess": "ways to join",
    "moderation": "host management",
    "moderationRestrictions": "who can chat, react and present",
    "chatRestriction": "who can chat",
    "reactionRestriction": "who can react",
    "presentRestriction": "who can present",
    "defaultJoinAsViewerType": "join as viewers by default",
    "autoRecordingGeneration": "record automatically",
    "autoTranscriptionGeneration": "transcribe automatically",
    "autoSmartNotesGeneration": "take notes automatically",
    "attendanceReportGenerationType": "attendance report",
}


def setting_name(mask_path: str) -> str:
    leaf = mask_path.rsplit(".", 1)[-1]
    return SETTING_NAMES.get(leaf, leaf)


def patch(operation: Operation) -> Outcome:
    client = meet_client_for(operation.identity_kind, operation.identity_email)
    wanted = meet.SpaceConfig.from_json(operation.params["config"])
    mask = list(operation.params["updateMask"])
    record = client.patch_space(meet.SpaceName.id(operation.space_id.removeprefix("spaces/")), wanted, update_mask=mask)
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
