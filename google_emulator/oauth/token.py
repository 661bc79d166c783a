"""Google's OAuth 2.0 token endpoint (`POST /token`) and revocation (`POST /revoke`), as google-auth calls them.

Grants: `refresh_token` (client id and secret checked, as a form or HTTP Basic) and the service-account JWT bearer
grant (`urn:ietf:params:oauth:grant-type:jwt-bearer`: an RS256 assertion signed with the account's key, `aud` this
token URL, `sub` a user of a domain whose admin granted the account's client those scopes).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import jwt
from werkzeug.wrappers import Request

from google_emulator.oauth.scopes import known_scope
from google_emulator.world import World

BEARER = "Bearer"  # the OAuth 2.0 token type of every access token the emulator issues

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
# google-auth signs assertions valid for an hour; Google refuses longer-lived or far-off ones.
MAX_ASSERTION_LIFETIME = 3600
CLOCK_SKEW = 300
# google-auth always signs for Google's canonical token URL, whatever its token_uri says, and Google accepts it;
# so the emulator accepts that audience as well as its own token URL.
GOOGLE_TOKEN_AUDIENCES = ("https://oauth2.googleapis.com/token", "https://www.googleapis.com/oauth2/v4/token")
# Descriptions from Google's table of JWT grant errors (developers.google.com/identity/protocols/oauth2/
# service-account, "JWT error codes"), word for word: clients match on them.
INVALID_SIGNATURE = "Invalid JWT Signature."
NOT_SHORT_LIVED = (
    "Invalid JWT: Token must be a short-lived token (60 minutes) and in "
    "a reasonable timeframe. Check your iat and exp values in the JWT claim."
)
NOT_AUTHORIZED_FOR_SCOPES = (
    "Client is unauthorized to retrieve access tokens using "
    "this method, or client not authorized for any of the scopes requested."
)


OAuthEndpoint = Callable[[World, Request], tuple[int, dict[str, Any]]]


def oauth_fault_body(status: int) -> dict[str, Any]:
    """What Google's token endpoint answers when it fails on its side (or refuses, for an injected 4xx)."""
    if status >= 500:
        return {"error": "internal_failure", "error_description": "Backend Error"}
    if status == 429:
        return {"error": "rate_limit_exceeded", "error_description": "Rate Limit Exceeded"}
    if status == 401:
        return {"error": "invalid_client", "error_description": "Unauthorized"}
    return {"error": "invalid_grant", "error_description": "Bad Request"}


class OAuthError(Exception):
    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.body = {"error": error, "error_description": description}


def token_endpoint(world: World, request: Request) -> tuple[int, dict[str, Any]]:
    form = request.form
    grant = form.get("grant_type")
    try:
        with world.lock:
            if grant == "refresh_token":
                return 200, _refresh(world, request)
            if grant == JWT_BEARER:
                return 200, _jwt_bearer(world, request)
            raise OAuthError(400, "unsupported_grant_type", f"Invalid grant_type: {grant}")
    except OAuthError as error:
        return error.status, error.body


def client_credentials(request: Request) -> tuple[str | None, str | None]:
    if request.authorization and request.authorization.type == "basic":
        return request.authorization.username, request.authorization.password
    return request.form.get("client_id"), request.form.get("client_secret")


def _refresh(world: World, request: Request) -> dict[str, Any]:
    client_id, client_secret = client_credentials(request)
    client = world.directory.clients.get(client_id or "")
    if client is None:
        raise OAuthError(401, "invalid_client", "The OAuth client was not found.")
    if client.client_secret != client_secret:
        raise OAuthError(401, "invalid_client", "Unauthorized")
    refresh = world.directory.tokens.get(request.form.get("refresh_token", ""))
    if refresh is None or refresh.kind != "refresh":
        raise OAuthError(400, "invalid_grant", "Token has been expired or revoked.")
    if refresh.client_id != client.client_id:
        # What Google answers a refresh token presented by another OAuth client than the one it was issued to
        # (say, after the app's client id changed): 401, not RFC 6749's 400 invalid_grant.
        raise OAuthError(401, "unauthorized_client", "Unauthorized")
    scopes = refresh.scopes
    requested = request.form.get("scope")
    if requested:
        wanted = requested.split()
        if not set(wanted) <= set(refresh.scopes):
            raise OAuthError(400, "invalid_scope", "Bad Request")
        scopes = wanted
    access, _ = world.directory.issue(
        user=refresh.user,
        client_id=client.client_id,
        project=client.project,
        scopes=scopes,
        now=world.now(),
        with_refresh=False,
        refresh_token=refresh.value,
    )
    return _token_response(access.value, scopes)


def _token_response(access_token: str, scopes: list[str], **extra: Any) -> dict[str, Any]:
    body = {"access_token": access_token, "expires_in": 3599, "scope": " ".join(scopes), "token_type": BEARER}
    body.update(extra)
    return body


def _jwt_bearer(world: World, request: Request) -> dict[str, Any]:
    assertion = request.form.get("assertion", "")
    try:
        unverified = jwt.decode(assertion, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise OAuthError(400, "invalid_grant", "Invalid JWT: the assertion is not a JWT.") from None
    account = world.service_account(str(unverified.get("iss", "")))
    if account is None:
        raise OAuthError(400, "invalid_grant", "Invalid grant: account not found")
    token_url = request.host_url.rstrip("/") + "/token"
    try:
        claims = jwt.decode(
            assertion,
            account.public_key_pem,
            algorithms=["RS256"],
            audience=[token_url, *GOOGLE_TOKEN_AUDIENCES],
            leeway=CLOCK_SKEW,
            options={"require": ["iss", "aud", "iat", "exp"]},
        )
    except jwt.InvalidAudienceError:
        raise OAuthError(400, "invalid_grant", f"Invalid JWT: audience must be {token_url}.") from None
    except jwt.InvalidSignatureError:
        raise OAuthError(400, "invalid_grant", INVALID_SIGNATURE) from None
    except (jwt.ExpiredSignatureError, jwt.ImmatureSignatureError):
        raise OAuthError(400, "invalid_grant", NOT_SHORT_LIVED) from None
    except jwt.PyJWTError as error:
        raise OAuthError(400, "invalid_grant", f"Invalid JWT: {error}") from None
    if account.disabled:
        # Google's table names the code and description, not the HTTP status: 401, like invalid_client.
        raise OAuthError(401, "disabled_client", "The OAuth client was disabled.")
    # The assertion's times are the client's real clock, not the emulated one: compare with real time.
    if claims["exp"] - claims["iat"] > MAX_ASSERTION_LIFETIME or claims["iat"] > time.time() + CLOCK_SKEW:
        raise OAuthError(400, "invalid_grant", NOT_SHORT_LIVED)
    scopes = str(claims.get("scope", "")).split()
    if not scopes or not all(known_scope(scope, world.api_scopes) for scope in scopes):
        raise OAuthError(400, "invalid_scope", "Invalid OAuth scope or ID token audience provided.")
    subject = claims.get("sub")
    if subject and subject != account.email:
        user = world.directory.user(subject)
        if user is None:
            raise OAuthError(400, "invalid_grant", "Invalid email or User ID")
        if user.domain not in account.delegations:
            raise OAuthError(401, "unauthorized_client", "Unauthorized client or scope in request.")
        granted = set(account.delegations[user.domain])
        if not granted & set(scopes):
            raise OAuthError(401, "unauthorized_client", NOT_AUTHORIZED_FOR_SCOPES)
        if not set(scopes) <= granted:
            # Google's table: "one or more requested scopes aren't authorized"; its HTTP status is not documented.
            raise OAuthError(400, "access_denied", "Requested client not authorized.")
        access, _ = world.directory.issue(
            user=user.email,
            client_id=account.client_id,
            project=account.project,
            scopes=scopes,
            now=world.now(),
            with_refresh=False,
            service_account=account.email,
        )
    else:
        access, _ = world.directory.issue(
            user=None,
            client_id=account.client_id,
            project=account.project,
            scopes=scopes,
            now=world.now(),
            with_refresh=False,
            service_account=account.email,
        )
    return {"access_token": access.value, "expires_in": 3599, "token_type": BEARER}


def revoke_endpoint(world: World, request: Request) -> tuple[int, dict[str, Any]]:
    token = request.args.get("token") or request.form.get("token", "")
    with world.lock:
        if world.directory.revoke(token):
            return 200, {}
    return 400, {"error": "invalid_token", "error_description": "Token expired or revoked"}
