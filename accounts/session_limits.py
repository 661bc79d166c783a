"""Sessions never outlive a person's access (docs/security.md, "Sessions").

Besides the idle timeout (accounts/idle_sessions.py), every request of a signed-in person checks, at no extra query:

- the absolute lifetime: a session older than SESSION_ABSOLUTE_SECONDS since its sign-in ends, whatever the
  activity, so each working day starts with a Google sign-in, where Google itself refuses suspended and deleted
  accounts;
- the domain: the Workspace domain the person signed in with (the ID token's `hd`, kept in the session at sign-in)
  must still be in ALLOWED_WORKSPACE_DOMAINS;
- the person's "sessions valid after" stamp (`AccessCheck`, loaded with the user by accounts/auth_backends.py): a
  session signed in before it ends. Revoking a role, Google refusing the person's grant (`invalid_grant`) and IT's
  `manage.py end_sessions` move the stamp.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import AccessCheck, GoogleGrant
from accounts.sign_in_domains import refusal_reason

SIGNED_IN_AT = "_meetadmin_signed_in_at"
HOSTED_DOMAIN = "_meetadmin_hosted_domain"


@dataclass(frozen=True)
class Ending:
    message: str
    refusal: bool = False  # the domain may no longer sign in: the refusal page, not the sign-in page


def access_check_of(user: AbstractBaseUser) -> AccessCheck | None:
    """The person's AccessCheck; loaded with the user by the backend, and cached on it either way."""
    try:
        return user.access_check
    except AccessCheck.DoesNotExist:
        return None


def sessions_end(*, user_ids: Iterable[int], reason: str) -> int:
    """Every session these people signed in before now ends at its next request, with `reason` shown to them."""
    now = timezone.now()
    ended = 0
    for user_id in set(user_ids):
        AccessCheck.objects.update_or_create(
            user_id=user_id, defaults={"sessions_valid_after": now, "sessions_ended_reason": reason[:255]}
        )
        ended += 1
    return ended


def why_ended(request: HttpRequest) -> Ending | None:
    """None while this signed-in session may go on; else why it ends."""
    session = request.session
    signed_in_at = session.get(SIGNED_IN_AT)
    if not isinstance(signed_in_at, (int, float)) or time.time() - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
        return Ending(
            f"Your session has ended: sign-ins last at most {_duration(settings.SESSION_ABSOLUTE_SECONDS)}. "
            "Sign in again to go on."
        )
    user = request.user
    if not user.is_authenticated:
        return None  # the user is gone or inactive: Django has already ended the session
    domain = str(session.get(HOSTED_DOMAIN) or "")
    reason = refusal_reason(
        {"email": user.email, "email_verified": True, "hd": domain}, settings.ALLOWED_WORKSPACE_DOMAINS
    )
    if reason:
        return Ending(reason, refusal=True)
    check = access_check_of(user)
    if check is not None and check.sessions_valid_after and signed_in_at < check.sessions_valid_after.timestamp():
        return Ending(f"{check.sessions_ended_reason or 'Your session was ended.'} Sign in again to go on.")
    return None


class SessionLimitsMiddleware:
    """Ends the session before the view runs when `why_ended` says so: the person lands on the sign-in page with
    the reason (or on the refusal page, when their domain may no longer use meetadmin); an htmx request reloads its
    page, which then does the same."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is None or session.get(SESSION_KEY) is None:
            return self.get_response(request)
        ending = why_ended(request)
        if ending is None:
            return self.get_response(request)
        logout(request)
        if request.headers.get("HX-Request") == "true":
            messages.add_message(request, messages.ERROR if ending.refusal else messages.WARNING, ending.message)
            return HttpResponse(headers={"HX-Refresh": "true"})
        if ending.refusal:
            return render(request, "accounts/refused.html", {"reason": ending.message}, status=403)
        messages.warning(request, ending.message)
        # Only a page read comes back after sign-in; a form's POST would not survive the trip.
        return redirect_to_login(request.get_full_path() if request.method in ("GET", "HEAD") else "/")


@receiver(user_logged_in)
def start_session(sender, request: HttpRequest, user: AbstractBaseUser, **kwargs) -> None:
    """Every sign-in (always through Google) starts the session's clock, keeps the Workspace domain for the
    per-request check, and counts as Google accepting the person just now."""
    session = getattr(request, "session", None)
    if session is None:
        return
    session[SIGNED_IN_AT] = time.time()
    grant = GoogleGrant.objects.filter(user=user).only("hosted_domain").first()
    # allauth's sign-in stores the grant after this; accounts/signals.py then keeps the fresh `hd` instead.
    session[HOSTED_DOMAIN] = grant.hosted_domain if grant else user.email.rpartition("@")[2].lower()
    AccessCheck.objects.update_or_create(user=user, defaults={"google_checked_at": timezone.now()})


def _duration(seconds: int) -> str:
    if seconds % 86400 == 0:
        return f"{seconds // 86400} day{'s' if seconds != 86400 else ''}"
    if seconds % 3600 == 0:
        return f"{seconds // 3600} hour{'s' if seconds != 3600 else ''}"
    return f"{seconds // 60} minutes"
