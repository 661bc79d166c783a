"""Roles for templates, so navigation offers only what the person may use (one cached query per request), and the
time zone times are shown in (no query: it lives in the session)."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.roles import is_helpdesk, is_it_admin
from accounts.time_zones import zone_of


def roles(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_helpdesk": False, "is_it_admin": False}
    return {"is_helpdesk": is_helpdesk(user), "is_it_admin": is_it_admin(user)}


def time_zone(request: HttpRequest) -> dict[str, object]:
    """The zone times are shown in, and whether the page should ask the browser for one (signed in, none yet)."""
    user = getattr(request, "user", None)
    name = zone_of(request)
    signed_in = user is not None and user.is_authenticated
    return {"time_zone_name": name or "UTC", "time_zone_detect": signed_in and name is None}
