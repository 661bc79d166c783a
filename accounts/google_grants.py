"""Writes for people: storing the Google grant that sign-in brought back, and marking it for reconnect."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from accounts.identity import GOOGLE
from accounts.models import GoogleGrant
from accounts.roles import Role, is_it_admin, role_grant, roles_of
from accounts.session_limits import sessions_end

logger = logging.getLogger(__name__)


def grant_store(
    *, user: AbstractBaseUser, claims: Mapping[str, Any], refresh_token: str, scopes: str
) -> GoogleGrant | None:
    """Keep the newest refresh token: Google sends one only when the person consents again, else keep the old.

    A grant is the person's own Google account acting: one whose `sub` is not the Google account they are linked to
    (or not the one their stored grant came from) is refused, logged, and changes nothing.
    """
    subject = str(claims["sub"])
    grant = GoogleGrant.objects.filter(user=user).first() or GoogleGrant(user=user)
    linked = set(SocialAccount.objects.filter(user=user, provider=GOOGLE).values_list("uid", flat=True))
    if (linked and subject not in linked) or (grant.google_subject and grant.google_subject != subject):
        logger.warning(
            "grant refused: Google account %s is not the one meetadmin person #%s is linked to", subject, user.pk
        )
        return None
    grant.google_subject = subject
    grant.email = str(claims.get("email", ""))
    grant.hosted_domain = str(claims.get("hd", ""))
    if scopes:
        grant.scopes = sorted(set(scopes.split()))
    if refresh_token:
        grant.refresh_token = refresh_token
        grant.state, grant.state_reason = GoogleGrant.State.ACTIVE, ""
    elif not grant.refresh_token_ciphertext:
        grant.state = GoogleGrant.State.NEEDS_RECONNECT
        grant.state_reason = "Google did not grant offline access; reconnect to let meetadmin act for you."
    grant.save()
    email = grant.email.lower()
    if email in settings.INITIAL_IT_ADMINS and not is_it_admin(user):
        role_grant(user=user, role=Role.IT_ADMIN, reason="INITIAL_IT_ADMINS, at sign-in")
    if email in settings.INITIAL_HELPDESK and Role.HELPDESK not in roles_of(user):
        role_grant(user=user, role=Role.HELPDESK, reason="INITIAL_HELPDESK, at sign-in")
    return grant


def grant_acting_as(email: str) -> GoogleGrant | None:
    """The grant an "own grant" call as `email` runs with: the grant of the person meetadmin knows by that address
    (an Operation records its identity by address), which is bound to their Google account's `sub`."""
    return GoogleGrant.objects.filter(user__email__iexact=email).order_by("-updated_at").first()


def grants_mark_needs_reconnect(*, google_subject: str, reason: str) -> int:
    """Google answered `invalid_grant`: the person's grant needs a reconnect, and their sessions end, since Google
    refusing it can mean the account was suspended, deleted or cut off from meetadmin; the next sign-in, which Google
    judges, reconnects it.

    By `sub`, the Google account whose token failed: never another grant that happens to show the same address.
    """
    grants = GoogleGrant.objects.filter(google_subject=google_subject)
    # Only a grant Google refused just now: work queued earlier that fails on an already-marked grant must not end
    # the session the person has signed in with since.
    sessions_end(
        user_ids=grants.filter(state=GoogleGrant.State.ACTIVE).values_list("user_id", flat=True),
        reason="Google no longer accepts meetadmin's access to your account, so your session was ended.",
    )
    return grants.update(state=GoogleGrant.State.NEEDS_RECONNECT, state_reason=reason[:255])
