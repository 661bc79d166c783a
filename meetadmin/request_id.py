"""A request id that follows one action from the view, through its Operation, into the worker's Meet calls.

The id lives in a context variable; a logging filter copies it onto every log record, so modules that know nothing
of Django or Celery (the Meet client) still log it. The web sets it per request (`RequestIdMiddleware`), the worker
per task (meetadmin/celery.py), from the id the Operation was made with.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# What a proxy may hand us: short, and nothing that could forge a log line or a header (Operation.request_id is 64).
_SANE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
_current: ContextVar[str] = ContextVar("meetadmin_request_id", default="")


def current_request_id() -> str:
    return _current.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def sane_or_new(proposed: str | None) -> str:
    if proposed and _SANE.fullmatch(proposed):
        return proposed
    return new_request_id()


def bind_request_id(request_id: str) -> None:
    """Set, not scoped: a request clears it when it finishes, a task in its postrun signal."""
    _current.set(request_id)


class RequestIdFilter(logging.Filter):
    """Puts `request_id` on every record a handler sees ("-" outside any request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = _current.get() or "-"
        return True


class RequestIdMiddleware:
    """Takes the proxy's X-Request-ID when it is a sane token, else makes one; echoes it on the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = sane_or_new(request.headers.get(HEADER))
        request.request_id = request_id
        # Bound until the request finishes (`request_finished`, see apps.py), not just while the middleware runs:
        # Django logs a 4xx/5xx after the middleware returns, and a streamed body is produced later still.
        bind_request_id(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def request_finished(**_) -> None:
    bind_request_id("")
