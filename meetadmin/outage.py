"""When the database does not answer: a 503 that says so, instead of a 500 that blames meetadmin or a connection that
gunicorn drops when its timeout kills the worker.

Connecting and each statement are bounded (DATABASE_CONNECT_TIMEOUT, DATABASE_STATEMENT_TIMEOUT, below gunicorn's
timeout), so a database that is down, unreachable or stuck ends in `OperationalError` (or `InterfaceError` on a
connection that broke) well before that. Django hands every exception a view or middleware did not handle to
`handler500`, inside its `except`: this one tells a database outage apart from a bug there.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

OUTAGE_ERRORS = (OperationalError, InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    if isinstance(sys.exc_info()[1], OUTAGE_ERRORS):
        return database_unavailable(request)
    return defaults.server_error(request)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    retry_after = settings.DATABASE_OUTAGE_RETRY_AFTER_SECONDS
    # No request in the context: its context processors (roles, time zone) would ask the database again.
    page = loader.render_to_string("503.html", {"retry_after": retry_after})
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
