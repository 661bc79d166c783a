"""Turn an Operation's recorded identity into a Meet client: one HTTP session per Google identity per process.

Which identity runs a call is decided once, by spaces.permissions, when the Operation is made; this module only
builds the credentials for it. Access tokens stay in memory (google-auth refreshes them); only the encrypted
refresh token is read from the database.
"""

from __future__ import annotations

import threading
from functools import partial

from django.conf import settings

from accounts.crypto import InvalidToken
from accounts.delegation import delegation_config
from accounts.google_grants import grant_acting_as
from accounts.models import GoogleGrant
from meet_client import MeetClient, MeetCredentialsError, MeetReauthRequired, delegated_credentials, user_credentials
from spaces import quota_buckets
from spaces.models import Operation

_clients: dict[tuple, MeetClient] = {}
_lock = threading.Lock()


def meet_client_for(identity_kind: str, email: str, scopes: tuple[str, ...] | None = None) -> MeetClient:
    """`scopes` narrows the access token (Google allows fewer scopes than were granted, never more)."""
    key, make_credentials = _credentials(identity_kind, email, scopes)
    with _lock:
        client = _clients.get(key)
        if client is None:
            client = MeetClient(
                make_credentials(),
                base_url=settings.MEET_API_URL,
                timeout=(settings.MEET_CONNECT_TIMEOUT, settings.MEET_READ_TIMEOUT),
                before_call=partial(quota_buckets.take_for_method, email),
            )
            _clients[key] = client
        return client


def _credentials(identity_kind: str, email: str, scopes: tuple[str, ...] | None):
    if identity_kind == Operation.IdentityKind.DELEGATION:
        config = delegation_config()
        if config is None:
            raise MeetCredentialsError("domain-wide delegation is not configured")
        key = ("delegation", email.lower(), config.service_account_email, settings.GOOGLE_TOKEN_URI, scopes)
        return key, lambda: delegated_credentials(
            config.key_info,
            subject=email,
            token_uri=settings.GOOGLE_TOKEN_URI,
            **({"scopes": scopes} if scopes else {}),
        )
    grant = grant_acting_as(email)
    if grant is None:
        raise MeetReauthRequired(f"{email} has no Google grant in meetadmin; they must sign in")
    if grant.state == GoogleGrant.State.NEEDS_RECONNECT:
        raise MeetReauthRequired(grant.state_reason or f"{email} must reconnect their Google account")
    try:
        refresh_token = grant.refresh_token
    except InvalidToken:  # encrypted under a key no longer in TOKEN_ENCRYPTION_KEYS: only a new consent helps
        raise MeetReauthRequired(
            f"{email}'s Google grant cannot be read with meetadmin's current token keys; they must reconnect"
        ) from None
    # The grant's update time is in the key so that a reconnect (a new refresh token) gets a new session.
    key = ("own_grant", email.lower(), grant.pk, grant.updated_at.isoformat(), settings.GOOGLE_TOKEN_URI, scopes)
    return key, lambda: user_credentials(
        refresh_token=refresh_token,
        client_id=settings.GOOGLE_CLIENT_ID,
        client_secret=settings.GOOGLE_CLIENT_SECRET,
        token_uri=settings.GOOGLE_TOKEN_URI,
        scopes=list(scopes) if scopes else (grant.scopes or None),
    )
