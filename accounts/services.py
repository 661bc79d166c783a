"""Writes for people: storing the Google grant that sign-in brought back, and marking it for reconnect."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from accounts.models import GoogleGrant
from accounts.roles import Role, is_it_admin, role_grant, roles_of
from accounts.session_limits import sessions_end


def grant_store(*, user: AbstractBaseUser, claims: Mapping[str, Any], refresh_token: str, scopes: str) -> GoogleGrant:
    """Keep the newest refresh token: Google sends one only when the person consents again, else keep the old."""
    grant = GoogleGrant.objects.filter(user=user).first() or GoogleGrant(user=user)
    grant.google_subject = str(claims["sub"])
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
        role_grant(user=user, role=Role.IT_ADMIN)
    if email in settings.INITIAL_HELPDESK and Role.HELPDESK not in roles_of(user):
        role_grant(user=user, role=Role.HELPDESK)
    return grant


def grants_mark_needs_reconnect(*, email: str, reason: str) -> int:
    """Google answered `invalid_grant`: the person's grant needs a reconnect, and their sessions end, since Google
    refusing it can mean the account was suspended, deleted or cut off from meetadmin; the next sign-in, which Google
    judges, reconnects it."""
    grants = GoogleGrant.objects.filter(email__iexact=email)
    # Only a grant Google refused just now: work queued earlier that fails on an already-marked grant must not end
    # the session the person has signed in with since.
    sessions_end(
        user_ids=grants.filter(state=GoogleGrant.State.ACTIVE).values_list("user_id", flat=True),
        reason="Google no longer accepts meetadmin's access to your account, so your session was ended.",
    )
    return grants.update(state=GoogleGrant.State.NEEDS_RECONNECT, state_reason=reason[:255])
