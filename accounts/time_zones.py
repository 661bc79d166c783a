"""Times in the person's own time zone: taken from their browser, or chosen by them on the preferences page.

The zone lives in the session, so activating it costs no query: the session is read on every signed-in request
anyway. A zone the person chose is also kept in `TimeZonePreference` and copied into the session at sign-in.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from functools import cache

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from accounts.models import TimeZonePreference

SESSION_KEY = "time_zone"
CHOSEN_SESSION_KEY = "time_zone_chosen"


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone this Python knows, sorted, without the legacy aliases people never pick."""
    return tuple(sorted(name for name in _known_zones() if "/" in name or name == "UTC"))


@cache
def _known_zones() -> frozenset[str]:
    # available_timezones() walks the zone database's folders on every call (tens of milliseconds); every request
    # of someone with a zone asked it twice (middleware and context processor).
    return frozenset(zoneinfo.available_timezones())


def is_zone(name: object) -> bool:
    return isinstance(name, str) and name in _known_zones()


def zone_of(request: HttpRequest) -> str | None:
    session = getattr(request, "session", None)
    name = session.get(SESSION_KEY) if session is not None else None
    return name if is_zone(name) else None


def time_zone_use(*, request: HttpRequest, name: str, chosen: bool) -> None:
    """From now on this person's pages show times in `name`; a choice (not a browser's report) is also kept."""
    request.session[SESSION_KEY] = name
    request.session[CHOSEN_SESSION_KEY] = chosen
    if chosen and request.user.is_authenticated:
        TimeZonePreference.objects.update_or_create(user=request.user, defaults={"time_zone": name})


def time_zone_restore(*, request: HttpRequest, user: AbstractBaseUser) -> None:
    """At sign-in: the zone this person chose before, if any (else their browser reports one on the first page)."""
    preference = TimeZonePreference.objects.filter(user=user).first()
    if preference is not None and is_zone(preference.time_zone):
        request.session[SESSION_KEY] = preference.time_zone
        request.session[CHOSEN_SESSION_KEY] = True


class TimeZoneMiddleware:
    """Activates the session's zone for the request, so templates' `date` filter and forms' dates use it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = zone_of(request)
        if name:
            timezone.activate(zoneinfo.ZoneInfo(name))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
