"""Helpdesk and IT admins are re-checked against Google during the day (docs/security.md, "Sessions").

Their sessions carry powers over other people's spaces, through domain-wide delegation, which keeps working whatever
happens to the staff member's own account. So every STAFF_RECHECK_SECONDS a worker refreshes each staff member's own
grant at Google's token endpoint: Google answers `invalid_grant` once the grant no longer works (access revoked by the
person or an administrator, the account deleted, a session policy), and then their grant needs a reconnect and their
sessions end. A staff write (on someone else's space, or to roles) is refused while the last check Google passed
(this one, or a sign-in) is older than STAFF_RECHECK_LIMIT_SECONDS, so a re-check that cannot run (Google or the
workers away) fails closed.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import redis
from celery import current_app
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.crypto import InvalidToken
from accounts.google_grants import grants_mark_needs_reconnect
from accounts.models import AccessCheck, GoogleGrant
from accounts.roles import GROUP_NAMES
from accounts.session_limits import access_check_of
from meet_client import MeetError, MeetReauthRequired, refresh_now, user_credentials

logger = logging.getLogger(__name__)

# The one-person re-check's Celery task (accounts/tasks.py), sent by name: that module imports this one.
RECHECK_STAFF_MEMBER = "accounts.tasks.recheck_staff_member"

REFUSED_UNCHECKED = (
    "meetadmin acts on other people's spaces, and changes roles, only for staff whose Google account it has confirmed "
    "with Google in the last {minutes} minutes, and yours is not confirmed yet. It is checking now: try again in a "
    "moment. If this stays, sign out and sign in again, which confirms you too."
)


def staff_members() -> QuerySet:
    return get_user_model().objects.filter(is_active=True, groups__name__in=GROUP_NAMES.values()).distinct()


def staff_recheck(*, user: AbstractBaseUser) -> str:
    """Refreshes the person's own grant at Google now; says what came of it (for the worker's log)."""
    grant = GoogleGrant.objects.filter(user=user, state=GoogleGrant.State.ACTIVE).first()
    if grant is None:
        return "no working grant to check: not confirmed until they sign in again"
    try:
        refresh_token = grant.refresh_token
    except InvalidToken:
        return "grant unreadable with the current token keys: not confirmed until they sign in again"
    credentials = user_credentials(
        refresh_token=refresh_token,
        client_id=settings.GOOGLE_CLIENT_ID,
        client_secret=settings.GOOGLE_CLIENT_SECRET,
        token_uri=settings.GOOGLE_TOKEN_URI,
        scopes=grant.scopes or None,
    )
    try:
        refresh_now(credentials, timeout=(settings.MEET_CONNECT_TIMEOUT, settings.MEET_READ_TIMEOUT))
    except MeetReauthRequired:
        grants_mark_needs_reconnect(
            google_subject=grant.google_subject,
            reason="Google refused your sign-in at a staff re-check; sign in again.",
        )
        return "refused by Google: sessions ended, grant needs reconnect"
    except MeetError as error:  # Google or the network away: the last check ages, and staff writes stop in time
        logger.warning("staff re-check of %s could not reach Google: %s", grant.email, error)
        return f"not confirmed: {error}"
    AccessCheck.objects.update_or_create(user=user, defaults={"google_checked_at": timezone.now()})
    return "confirmed"


def staff_check_is_recent(user: AbstractBaseUser) -> bool:
    """No query for the signed-in person: their AccessCheck came with their user row."""
    check = access_check_of(user)
    limit = timezone.now() - timedelta(seconds=settings.STAFF_RECHECK_LIMIT_SECONDS)
    return check is not None and check.google_checked_at is not None and check.google_checked_at >= limit


def staff_recheck_soon(user: AbstractBaseUser) -> None:
    """At a refusal: check this person now rather than at beat's next run."""
    try:
        current_app.send_task(RECHECK_STAFF_MEMBER, (user.pk,))
    except (OperationalError, redis.RedisError) as error:  # the broker is away: beat's run will check them
        logger.warning("could not queue a staff re-check of user %s: %s", user.pk, error)


def refusal_reason() -> str:
    return REFUSED_UNCHECKED.format(minutes=settings.STAFF_RECHECK_LIMIT_SECONDS // 60)


def staff_write_hold(user: AbstractBaseUser) -> None:
    """Every staff write passes here (a change to someone else's space through delegation, a role change): refused,
    with a re-check asked for now, while Google has not confirmed the person lately."""
    if staff_check_is_recent(user):
        return
    staff_recheck_soon(user)
    raise PermissionDenied(refusal_reason())
