"""The idle timeout (SESSION_IDLE_SECONDS) counts what a person does, not what an open page does by itself.

Sessions are saved on every request, so that their age counts from the last one; a page that polls (the live call,
an action's outcome, recent actions, an import's progress) would otherwise keep a session alive for ever, and write
it to the database every few seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

BACKGROUND_POLL = "meetadmin_background_poll"


class PollAwareSessionMiddleware(SessionMiddleware):
    """Django's session middleware, except that an unmodified session is not saved (nor its cookie renewed) for a
    request that a `background_poll` view answered."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and getattr(request, BACKGROUND_POLL, False) and not session.modified:
            if session.accessed:
                patch_vary_headers(response, ("Cookie",))
            return response
        return super().process_response(request, response)


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
