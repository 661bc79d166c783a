"""Requests that carry a NUL character in their path, query string or cookies are answered 400, before any view.

PostgreSQL's text cannot hold NUL, so a lookup with one (a pasted space id, a search box, a session cookie) fails in
the database driver, as a 500. Forms already refuse NUL in their fields (Django's ProhibitNullCharactersValidator);
this covers what views read without a form. Nobody types a NUL: only a broken client or a probe sends one.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

NUL = "\x00"


def carries_nul(request: HttpRequest) -> bool:
    query = chain.from_iterable((key, *values) for key, values in request.GET.lists())
    return any(NUL in text for text in chain((request.path,), query, request.COOKIES.keys(), request.COOKIES.values()))


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if carries_nul(request):
            return HttpResponseBadRequest("This request carries a NUL character, which meetadmin never accepts.")
        return self.get_response(request)
