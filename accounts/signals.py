"""After every Google sign-in, store the grant it brought back (tokens never go into allauth's tables)."""

from __future__ import annotations

from allauth.account.signals import user_logged_in
from django.contrib.auth.signals import user_logged_in as django_user_logged_in
from django.dispatch import Signal, receiver

from accounts.google_grants import grant_store
from accounts.session_limits import HOSTED_DOMAIN
from accounts.time_zones import time_zone_restore
from accounts.views.google import GRANTED_SCOPE_KEY

# Sent after a sign-in stored a grant, with `user` and `grant`: the spaces app starts discovery from it.
grant_stored = Signal()


@receiver(user_logged_in)
def store_google_grant(sender, request, user, sociallogin=None, **kwargs) -> None:
    if sociallogin is None or sociallogin.token is None:
        return
    grant = grant_store(
        user=user,
        claims=sociallogin.account.extra_data,
        refresh_token=sociallogin.token.token_secret or "",
        scopes=sociallogin.account.extra_data.get(GRANTED_SCOPE_KEY, ""),
    )
    if grant is None:  # refused as another Google account's (accounts.google_grants logs it)
        return
    if getattr(request, "session", None) is not None:
        request.session[HOSTED_DOMAIN] = grant.hosted_domain  # the `hd` of the ID token just verified
    grant_stored.send(sender=store_google_grant, user=user, grant=grant)


@receiver(django_user_logged_in)  # Django's, sent by every sign-in (allauth's own is sent only by its flows)
def restore_time_zone(sender, request, user, **kwargs) -> None:
    time_zone_restore(request=request, user=user)
