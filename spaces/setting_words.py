"""What people call each Meet setting: the words of the settings form (spaces/forms.py), for the pages and the
outcomes they read. Keyed by the last part of an update-mask path; imports nothing, so every layer may use it."""

from __future__ import annotations

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
