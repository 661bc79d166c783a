"""Nothing a signed-in person is shown may be kept by a browser's or a proxy's cache.

Pages, partials, redirects and the audit CSV name people, spaces and calls; a shared computer's back button or a
caching proxy would show them to the next person. Static files and the probes are answered before this middleware
and stay cacheable; so does what a signed-out visitor sees.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreWhenSignedInMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Asked before and after: signing out ends the session during the request, signing in starts one.
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
