"""A space as Google holds it, read past meetadmin's cache."""

from __future__ import annotations

from typing import Any

import requests
from django.conf import settings

from accounts.models import MEET_SCOPES


def as_google_sees_it(control, email: str, space_name: str) -> dict[str, Any]:
    """The space as `get` answers its owner right now, read over HTTP like any client would."""
    token = control.token(email, settings.GOOGLE_CLIENT_ID, sorted(MEET_SCOPES.values()))["access_token"]
    response = requests.get(
        f"{settings.MEET_API_URL}/v2/{space_name}", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    response.raise_for_status()
    return response.json()
