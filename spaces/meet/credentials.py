"""The two Google identities a Meet call can run as (DESIGN.md, "Whose Google identity makes a call").

- a person's own OAuth credentials (offline refresh token from sign-in) for self-service;
- a service account impersonating the space owner through domain-wide delegation, for helpdesk and IT staff.

Both take the token endpoint from configuration, so the same code talks to Google or to the emulator. Refresh
failures become typed errors here, in one place: a revoked grant is `MeetReauthRequired`, a refused delegation
is `MeetDelegationDenied`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import google.auth.exceptions
import google.auth.transport.requests
from google.auth.credentials import Credentials
from google.oauth2 import credentials as user_oauth
from google.oauth2 import service_account

from .errors import (
    MeetCredentialsError,
    MeetDelegationDenied,
    MeetError,
    MeetReauthRequired,
    MeetTokenEndpointUnavailable,
    MeetTransportError,
)

GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"  # noqa: S105 - a URL, not a secret  # nosec B105

SCOPE_CREATED = "https://www.googleapis.com/auth/meetings.space.created"
SCOPE_READONLY = "https://www.googleapis.com/auth/meetings.space.readonly"
SCOPE_SETTINGS = "https://www.googleapis.com/auth/meetings.space.settings"
MEET_SCOPES = (SCOPE_CREATED, SCOPE_READONLY, SCOPE_SETTINGS)

# Google's OAuth error codes (RFC 6749 section 5.2) that mean "this grant is dead, ask the person again".
_REAUTH_ERRORS = {"invalid_grant"}
# What Google answers a JWT grant whose subject the service account may not impersonate.
_DELEGATION_ERRORS = {"unauthorized_client", "access_denied"}


def user_credentials(
    *,
    refresh_token: str,
    client_id: str,
    client_secret: str,
    token_uri: str = GOOGLE_TOKEN_URI,
    access_token: str | None = None,
    expiry: datetime | None = None,
    scopes: Sequence[str] | None = None,
) -> Credentials:
    """A person's OAuth credentials; google-auth refreshes the access token through `token_uri` when needed.

    `expiry` (aware, or naive UTC) lets google-auth refresh ahead of time; without it the access token is used
    until Google answers 401, and then refreshed.
    """
    if expiry is not None and expiry.tzinfo is not None:
        expiry = expiry.astimezone(UTC).replace(tzinfo=None)  # google-auth compares with naive UTC
    return user_oauth.Credentials(
        token=access_token,
        refresh_token=refresh_token,
        token_uri=token_uri,
        client_id=client_id,
        client_secret=client_secret,
        scopes=list(scopes) if scopes else None,
        expiry=expiry,
    )


def is_delegated(credentials: Credentials) -> bool:
    return isinstance(credentials, service_account.Credentials)


def delegated_credentials(
    service_account_info: Mapping[str, Any],
    *,
    subject: str,
    scopes: Sequence[str] = MEET_SCOPES,
    token_uri: str | None = None,
) -> Credentials:
    """A service account (its JSON key) acting as `subject` by domain-wide delegation.

    `token_uri` overrides the key's own, so the emulator can stand in for Google.
    """
    info = dict(service_account_info)
    if token_uri:
        info["token_uri"] = token_uri
    # google-auth always addresses the assertion to Google's token URL; RFC 7523 wants the endpoint that receives
    # it, which is the same thing for Google and the only thing that works for a stand-in.
    claims = {"aud": info["token_uri"]} if info.get("token_uri") else {}
    base = service_account.Credentials.from_service_account_info(info, scopes=list(scopes), additional_claims=claims)
    return base.with_subject(subject)


def error_from_refresh(failure: google.auth.exceptions.GoogleAuthError, *, delegated: bool = False) -> MeetError:
    """A google-auth refresh failure as a typed Meet error; the message never contains a token.

    `invalid_grant` means "sign in again" only for a person's grant; for a service account it means its key or
    assertion was refused, which no person can fix by reconnecting.
    """
    if isinstance(failure, google.auth.exceptions.TransportError):
        return MeetTransportError(f"could not reach the token endpoint: {type(failure).__name__}")
    response = failure.args[1] if len(failure.args) > 1 and isinstance(failure.args[1], Mapping) else {}
    code = str(response.get("error") or "")
    description = str(response.get("error_description") or "")
    reason = f"{code}: {description}" if description else code or "token refresh failed"
    if code in _REAUTH_ERRORS and not delegated:
        return MeetReauthRequired(f"Google refused the stored sign-in ({reason}); the person must sign in again")
    if code in _DELEGATION_ERRORS:
        return MeetDelegationDenied(f"domain-wide delegation refused ({reason})")
    if failure.args and isinstance(failure.args[0], str) and not response:
        reason = failure.args[0]
    if getattr(failure, "retryable", False):
        return MeetTokenEndpointUnavailable(f"the token endpoint failed temporarily ({reason})")
    return MeetCredentialsError(f"could not get an access token ({reason})")


def refresh_now(credentials: Credentials, *, timeout: tuple[float, float]) -> None:
    """Ask the token endpoint for a new access token now, which is asking Google whether it still accepts this grant
    (the staff re-check). Raises the same typed errors as a refresh during a call."""
    transport = google.auth.transport.requests.Request()

    def request(*args: Any, **kwargs: Any) -> Any:
        return transport(*args, **{**kwargs, "timeout": timeout})

    try:
        credentials.refresh(request)
    except google.auth.exceptions.GoogleAuthError as failure:
        raise error_from_refresh(failure, delegated=is_delegated(credentials)) from failure
