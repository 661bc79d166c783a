"""What a space's settings form posts, for the tests that change a space's settings through the page."""

from __future__ import annotations

import json

from spaces.forms import SpaceSettingsForm

MODERATED = {
    "accessType": "TRUSTED",
    "moderation": "ON",
    "moderationRestrictions": {"chatRestriction": "HOSTS_ONLY", "presentRestriction": "HOSTS_ONLY"},
}


def form_data(loaded_from: dict = MODERATED, **changes) -> dict[str, str]:
    """What the form posts: its fields, and the values it was loaded with (`loaded_from`, Google's config)."""
    data = {
        "loaded": json.dumps(SpaceSettingsForm.initial_from(loaded_from)),
        "access_type": "TRUSTED",
        "moderation": "ON",
        "chat_restriction": "HOSTS_ONLY",
        "present_restriction": "HOSTS_ONLY",
    }
    data.update(changes)
    return data
