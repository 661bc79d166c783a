"""The two Google identities a Meet call can run as (docs/architecture.md, "Whose identity makes a call").

- a person's own OAuth credentials (offline refresh token from sign-in) for self-service;
- a service account impersonating the space owner through domain-wide delegation, for helpdesk and IT staff.

Both take the token endpoint from configuration, so the same code talks to Google or to the emulator. Refresh
failures become typed errors here, in one place: a revoked grant, or one given to another OAuth client, is
`MeetReauthRequired`; a refused delegation is `MeetDelegationDenied`; a delegated user Google does not know is
`MeetDelegatedUserUnknown`; the service account's own problems are `MeetServiceAccountRefused`.
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
    MeetDelegatedUserUnknown,
    MeetDelegationDenied,
    MeetError,
    MeetGrantOfAnotherClient,
    MeetReauthRequired,
    MeetServiceAccountRefused,
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
# A person's refresh token presented by another OAuth client than the one it was issued to (meetadmin's client id
# changed): Google answers 401 `unauthorized_client`. Only a new consent to the current app helps.
_OTHER_CLIENT_ERRORS = {"unauthorized_client"}
# What Google answers a JWT grant whose subject the service account may not impersonate (its "JWT error codes"
# table: the Admin console has not authorised the client, or not for these scopes).
_DELEGATION_ERRORS = {"unauthorized_client", "access_denied"}
# The same table: `invalid_grant` with one of these means Google has no such user (deleted, renamed, a typo).
_UNKNOWN_USER_DESCRIPTIONS = ("Invalid email or User ID", "Not a valid email")
# ...and the rest of it: the service account's own request was refused; no person can fix these.
_SERVICE_ACCOUNT_PROBLEMS = {
    "invalid_scope": MeetServiceAccountRefused.PROBLEM_SCOPE,
    "disabled_client": MeetServiceAccountRefused.PROBLEM_DISABLED,
    "admin_policy_enforced": MeetServiceAccountRefused.PROBLEM_POLICY,
    "invalid_client": MeetServiceAccountRefused.PROBLEM_CLIENT,
    "org_internal": MeetServiceAccountRefused.PROBLEM_CLIENT,
}
_SHORT_LIVED_DESCRIPTION = "Token must be a short-lived token"


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

    The same code means different things for the two identities: `invalid_grant` is "sign in again" for a
    person's grant, but for a service account an unknown user or a refused key or clock; `unauthorized_client` is
    "this grant belongs to another OAuth client, reconnect" for a person, but "delegation refused" for a service
    account.
    """
    if isinstance(failure, google.auth.exceptions.TransportError):
        return MeetTransportError(f"could not reach the token endpoint: {type(failure).__name__}")
    response = failure.args[1] if len(failure.args) > 1 and isinstance(failure.args[1], Mapping) else {}
    code = str(response.get("error") or "")
    description = str(response.get("error_description") or "")
    reason = f"{code}: {description}" if description else code or "token refresh failed"
    if delegated:
        if error := _delegation_error(code, description, reason):
            return error
    elif code in _REAUTH_ERRORS:
        return MeetReauthRequired(f"Google refused the stored sign-in ({reason}); the person must sign in again")
    elif code in _OTHER_CLIENT_ERRORS:
        return MeetGrantOfAnotherClient(
            f"Google refused the stored sign-in for meetadmin's OAuth client ({reason}); the person must reconnect"
        )
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


def _delegation_error(code: str, description: str, reason: str) -> MeetError | None:
    if code in _DELEGATION_ERRORS:
        return MeetDelegationDenied(f"domain-wide delegation refused ({reason})")
    if code == "invalid_grant" and any(text in description for text in _UNKNOWN_USER_DESCRIPTIONS):
        return MeetDelegatedUserUnknown(f"Google knows no such user ({reason})")
    if code == "invalid_grant":
        problem = (
            MeetServiceAccountRefused.PROBLEM_CLOCK
            if _SHORT_LIVED_DESCRIPTION in description
            else MeetServiceAccountRefused.PROBLEM_KEY
        )
        return MeetServiceAccountRefused(f"the service account's assertion was refused ({reason})", problem=problem)
    if code in _SERVICE_ACCOUNT_PROBLEMS:
        return MeetServiceAccountRefused(
            f"the service account was refused ({reason})", problem=_SERVICE_ACCOUNT_PROBLEMS[code]
        )
    return None
