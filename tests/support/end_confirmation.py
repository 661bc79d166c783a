"""What the End confirmation form posts."""

from __future__ import annotations

import secrets

from spaces.models import Space


def end_confirmation(space_id: str, **fields: str) -> dict[str, str]:
    """What the End confirmation form posts: the conference it showed (the cache's live one) and a one-time token."""
    conference = Space.objects.get(pk=f"spaces/{space_id}").active_conference
    return {"conference": conference, "once": secrets.token_urlsafe(24), **fields}
