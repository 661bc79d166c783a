"""The idle timeout, kept without a database write on every request.

A session ends after SESSION_IDLE_SECONDS without a request. Saving the session on every request (Django's
SESSION_SAVE_EVERY_REQUEST) would keep that to the second, but costs each page an UPDATE and a commit that waits for
the disk, even for a page that only reads. Renewing it at most once per SESSION_RENEW_SECONDS keeps the timeout
within that much of exact, and leaves reading pages read-only.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

RENEWED_AT = "_meetadmin_renewed_at"


class SessionIdleMiddleware:
    """After the view, marks the session modified when it was last renewed long enough ago (so Django saves it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        now = int(time.time())
        if session.modified or now - int(session.get(RENEWED_AT, 0)) >= settings.SESSION_RENEW_SECONDS:
            session[RENEWED_AT] = now
        return response


@receiver(user_logged_in)
def stamp_new_session(sender, request: HttpRequest, user, **kwargs) -> None:
    """Signing in saves a fresh session anyway: it counts as renewed."""
    if getattr(request, "session", None) is not None:
        request.session[RENEWED_AT] = int(time.time())
