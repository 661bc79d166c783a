"""The idle timeout (SESSION_IDLE_SECONDS): kept without a database write on every request, and counting what a
person does, not what an open page does by itself.

Saving the session on every request (Django's SESSION_SAVE_EVERY_REQUEST) would keep the timeout to the second, but
costs each page an UPDATE and a commit that waits for the disk, even for a page that only reads. Renewing it at most
once per SESSION_RENEW_SECONDS keeps the timeout within that much of exact, and leaves reading pages read-only.

A page that polls (the live call, an action's outcome, recent actions, an import's progress) does not renew it at
all: otherwise an open tab would keep a session alive for ever.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

RENEWED_AT = "_meetadmin_renewed_at"
BACKGROUND_POLL = "meetadmin_background_poll"


class SessionIdleMiddleware:
    """After the view, marks the session modified when it was last renewed long enough ago (so Django saves it),
    unless a `background_poll` view answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or getattr(request, BACKGROUND_POLL, False):
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


def background_poll(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For views that htmx polls: the poll does not keep the session alive, and once the session has ended the page
    reloads itself (onto the sign-in page) rather than swapping a sign-in page into one of its parts."""

    @wraps(view)
    def polled(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not getattr(request, "htmx", False):
            return view(request, *args, **kwargs)
        setattr(request, BACKGROUND_POLL, True)
        if not request.user.is_authenticated:
            return HttpResponse(headers={"HX-Refresh": "true"})
        return view(request, *args, **kwargs)

    return polled
