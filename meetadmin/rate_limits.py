"""Rate limits: starting and finishing a Google sign-in, per client address; every write, per signed-in person.

One middleware, so no write endpoint can be forgotten: any unsafe method from a signed-in person counts, before the
view runs, so a refused request queues and records nothing. Counters live in the Redis cache (django-ratelimit's
fixed windows). allauth's own ACCOUNT_RATE_LIMITS cover its password and e-mail flows, which meetadmin does not
use (Google only), and do not cover a provider's login and callback; hence these.

A cache that does not answer lets requests through (and says so in the log): Redis down already stops the work
queue, and refusing everyone with a 429 would only hide the real fault.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import timedelta
from functools import cache

from allauth.account.adapter import get_adapter as get_account_adapter
from django.conf import settings
from django.core.checks import Error, register
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
RATE = re.compile(r"\d+/\d*[smhd]")  # what django-ratelimit understands, with the period required


@cache
def _sign_in_paths() -> frozenset[str]:
    return frozenset({reverse("google_login"), reverse("google_callback")})


@cache
def _unlimited_write_paths() -> frozenset[str]:
    # Signing out must always work, however busy someone has been. The page's own background POSTs (asking for stale
    # spaces to be re-read, reporting the browser's time zone) are not a person's changes, and bounded elsewhere:
    # by the spaces' freshness window and by once a session.
    return frozenset(
        {reverse("account_logout"), reverse("spaces:refresh_stale"), reverse("preferences:time_zone_detect")}
    )


@register()
def check_rates(app_configs, **kwargs) -> list[Error]:
    """A mistyped limit would otherwise fail open on every request, quietly: refuse to start instead."""
    return [
        Error(
            f"{name} is {value!r}, which is not a rate.",
            hint='Write it as count/period, e.g. "60/m" (period s, m, h or d, optionally with a number: "100/5m").',
            id="meetadmin.E101",
        )
        for name in ("RATE_LIMIT_SIGN_IN", "RATE_LIMIT_WRITES")
        if not RATE.fullmatch(value := str(getattr(settings, name)))
    ]


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = refusal_for(request)
        return refusal if refusal is not None else self.get_response(request)


def refusal_for(request: HttpRequest) -> HttpResponse | None:
    path = request.path_info
    if path in _sign_in_paths():
        return _limited(request, group="sign-in", key=client_address, rate=settings.RATE_LIMIT_SIGN_IN, what="sign_in")
    if request.method in SAFE_METHODS or path in _unlimited_write_paths() or not request.user.is_authenticated:
        return None
    return _limited(request, group="writes", key="user", rate=settings.RATE_LIMIT_WRITES, what="writes")


def client_address(group: str, request: HttpRequest) -> str:
    # The same rule as allauth's: X-Forwarded-For counted from the right by TRUSTED_PROXY_COUNT (gunicorn drops the
    # header from anyone outside FORWARDED_ALLOW_IPS), else the socket's peer. One setting for both.
    return get_account_adapter().get_client_ip(request)


def _limited(request: HttpRequest, *, group: str, key: str | Callable, rate: str, what: str) -> HttpResponse | None:
    try:
        usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    except Exception as error:  # the cache is unreachable: let the request through (module docstring)
        logger.warning("rate limit %s not checked: %s", group, error)
        return None
    if usage is None or not usage["should_limit"]:
        return None
    retry_after = max(int(usage["time_left"]), 1)
    logger.info("rate limit %s hit: %s requests in the window, limit %s", group, usage["count"], usage["limit"])
    return too_many_requests(request, retry_after=retry_after, what=what)


def too_many_requests(request: HttpRequest, *, retry_after: int, what: str) -> HttpResponse:
    context = {"retry_after": retry_after, "retry_at": timezone.now() + timedelta(seconds=retry_after), "what": what}
    # Read the header itself: this runs before django-htmx's middleware has set `request.htmx`.
    template = "429.html#refusal" if request.headers.get("HX-Request") == "true" else "429.html"
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(retry_after)
    if template.endswith("#refusal"):  # shown above the page, whichever part of it asked (see base.html's htmx-config)
        response["HX-Retarget"], response["HX-Reswap"] = "#live-errors", "innerHTML"
    return response
