"""Writes for people: storing the Google grant that sign-in brought back, and marking it for reconnect."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from accounts.models import GoogleGrant
from accounts.roles import Role, is_it_admin, role_grant, roles_of


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
        role_grant(user=user, role=Role.IT_ADMIN, reason="INITIAL_IT_ADMINS, at sign-in")
    if email in settings.INITIAL_HELPDESK and Role.HELPDESK not in roles_of(user):
        role_grant(user=user, role=Role.HELPDESK, reason="INITIAL_HELPDESK, at sign-in")
    return grant


def grants_mark_needs_reconnect(*, email: str, reason: str) -> int:
    """Google answered `invalid_grant`: the person sees a reconnect banner until they sign in again."""
    return GoogleGrant.objects.filter(email__iexact=email).update(
        state=GoogleGrant.State.NEEDS_RECONNECT, state_reason=reason[:255]
    )
