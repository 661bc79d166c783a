"""Roles for templates, so navigation offers only what the person may use (one cached query per request)."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.roles import is_helpdesk, is_it_admin


def roles(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_helpdesk": False, "is_it_admin": False}
    return {"is_helpdesk": is_helpdesk(user), "is_it_admin": is_it_admin(user)}
