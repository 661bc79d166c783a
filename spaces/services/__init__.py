"""Writes: each service makes an Operation (the durable record of one Meet action) and queues it once committed.

Views call these after `spaces.permissions` said yes; the Operation engine (spaces/operations/) runs what they queue.
"""

from spaces.services.bulk_import import (
    ImportNotPossible,
    ImportStarted,
    ImportTooLarge,
    emails_from_text,
    spaces_import,
)
from spaces.services.conferences import conference_end
from spaces.services.inventory import (
    space_add_by_link,
    space_create,
    space_refresh,
    space_refresh_watched,
    spaces_discover,
    spaces_refresh_stale,
)
from spaces.services.members import members_change
from spaces.services.space_settings import space_settings_change

__all__ = [
    "ImportNotPossible",
    "ImportStarted",
    "ImportTooLarge",
    "conference_end",
    "emails_from_text",
    "members_change",
    "space_add_by_link",
    "space_create",
    "space_refresh",
    "space_refresh_watched",
    "space_settings_change",
    "spaces_discover",
    "spaces_import",
    "spaces_refresh_stale",
]
