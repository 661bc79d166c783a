"""Google's browser sign-in (OAuth 2.0 authorization code flow with OpenID Connect), as accounts.google.com does it.

- `GET /o/oauth2/v2/auth`: checks the client and its redirect URI (a bad one is an error page, never a redirect),
  then shows the consent page: pick a user of the world, untick optional scopes, Allow or Deny.
- `POST /o/oauth2/v2/auth`: the consent form; redirects to the app with `code` and `state` (or
  `error=access_denied`).
- `POST /token` with `grant_type=authorization_code` (`exchange_code`, behind the token route of `routes.py`): client,
  secret, redirect URI and PKCE checked; answers the access token, an RS256 ID token and, for offline access on a
  first consent or with `prompt=consent`, a refresh token.
- `GET /oauth2/v1/certs` (PEM certificates by `kid`), `/oauth2/v3/certs` (JWKS), `/oauth2/v2/userinfo`,
  `/oauth2/v3/userinfo`, `/.well-known/openid-configuration`.

"Has this person consented to this app before" is read from the grants themselves: a live refresh token of the
user and client. So a revoked grant (`/revoke`) makes the next sign-in a first consent again, as at Google.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from werkzeug.wrappers import Request, Response

from google_emulator.core.errors import ApiError
from google_emulator.core.http import json_response
from google_emulator.core.identity import OAuthClient, User
from google_emulator.oauth.id_tokens import ID_TOKEN_LIFETIME, access_token_hash, certs_v1, certs_v3
from google_emulator.oauth.pages import AUTHORIZE_PATH, CONSENT_CSS, consent_page, error_page
from google_emulator.oauth.scopes import EMAIL, IDENTITY_SCOPES, OPENID, PROFILE, known_scope, normalize_scopes
from google_emulator.oauth.state import AuthorizationRequest
from google_emulator.oauth.token import BEARER, OAuthError, client_credentials
from google_emulator.world import World

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
CODE_CHALLENGE_METHODS = {"S256", "plain"}
REDEEMED_CODES_KEPT = 1000


def _html(status: int, text: str) -> Response:
    # The consent page must not be framed (clickjacking), nor cached with someone's choices in it.
    return Response(
        text,
        status=status,
        content_type="text/html; charset=utf-8",
        headers={
            "X-Frame-Options": "DENY",
            "Cache-Control": "no-store",
            "Content-Security-Policy": "default-src 'none'; style-src 'self'; form-action *; frame-ancestors 'none'",
        },
    )


def stylesheet(world: World, request: Request) -> Response:
    return Response(CONSENT_CSS, content_type="text/css; charset=utf-8")


def certs(world: World, request: Request) -> Response:
    """`/oauth2/v1/certs` (PEM certificates by `kid`) or `/oauth2/v3/certs` (JWKS)."""
    with world.lock:
        key = world.signin.signing_key
    body = certs_v1(key) if "/v1/" in request.path else certs_v3(key)
    return json_response(200, body, {"Cache-Control": "public, max-age=3600"})


def openid_configuration_endpoint(world: World, request: Request) -> Response:
    return json_response(200, openid_configuration(_base_url(request)))


def userinfo_endpoint(world: World, request: Request) -> Response:
    return userinfo(world, request, version=2 if "/v2/" in request.path else 3)


def method_not_allowed(world: World, request: Request) -> Response:
    message = f"{request.method} is not allowed on {request.path}."
    return json_response(405, ApiError(405, "METHOD_NOT_ALLOWED", message).body())


def _base_url(request: Request) -> str:
    """The issuer: the emulator's URL exactly as this request reached it, without a trailing slash."""
    return request.host_url.rstrip("/")


def scope_label(world: World, scope: str) -> str:
    if scope in IDENTITY_SCOPES:
        return IDENTITY_SCOPES[scope]
    return str(world.api_scopes[scope]).rstrip(".")


def redirect_uri_allowed(client: OAuthClient, redirect_uri: str) -> bool:
    """Registered URIs match exactly; a client without any accepts http(s) URIs on the loopback host (the demo's
    dashboard on 127.0.0.1:8000, tests' live servers on random ports)."""
    if client.redirect_uris:
        return redirect_uri in client.redirect_uris
    parts = urlsplit(redirect_uri)
    return parts.scheme in ("http", "https") and (parts.hostname or "") in LOOPBACK_HOSTS and not parts.fragment


def _with_query(uri: str, params: dict[str, str | None]) -> str:
    parts = urlsplit(uri)
    extra = urlencode({name: value for name, value in params.items() if value is not None})
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _redirect(uri: str) -> Response:
    return Response("", status=302, headers={"Location": uri, "Cache-Control": "no-store"})


# --- the authorization endpoint ---
def authorize(world: World, request: Request) -> Response:
    params = request.args
    client_id = params.get("client_id", "")
    redirect_uri = params.get("redirect_uri", "")
    details = {name: params[name] for name in ("client_id", "redirect_uri", "response_type", "scope") if name in params}
    with world.lock:
        client = world.directory.clients.get(client_id)
        if client is None:
            return _html(401, error_page(401, "invalid_client", "The OAuth client was not found.", details))
        if not redirect_uri:
            return _html(400, error_page(400, "invalid_request", "Missing required parameter: redirect_uri", details))
        if not redirect_uri_allowed(client, redirect_uri):
            return _html(
                400,
                error_page(
                    400,
                    "redirect_uri_mismatch",
                    "You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy: the "
                    f"redirect URI is not registered for the OAuth client. redirect_uri={redirect_uri}",
                    details,
                ),
            )
        problem = _request_problem(world, params)
        if problem:
            error, message = problem
            return _html(400, error_page(400, error, message, details))
        scopes = normalize_scopes(params["scope"])
        prompt = params.get("prompt", "")
        if "none" in prompt.split():
            # The emulator keeps no browser session, so a silent sign-in can never succeed.
            return _redirect(_with_query(redirect_uri, {"error": "login_required", "state": params.get("state")}))
        pending = world.signin.new_request(
            world.now(),
            client_id=client_id,
            redirect_uri=redirect_uri,
            scopes=scopes,
            state=params.get("state"),
            nonce=params.get("nonce"),
            code_challenge=params.get("code_challenge"),
            code_challenge_method=(params.get("code_challenge_method") or "plain")
            if params.get("code_challenge")
            else None,
            access_type=params.get("access_type", "online"),
            prompt=prompt,
            include_granted_scopes=params.get("include_granted_scopes", "false").lower() == "true",
            login_hint=params.get("login_hint"),
        )
        return _html(200, _render_consent(world, client, pending, pending.login_hint, set(scopes)))


def _request_problem(world: World, params: Any) -> tuple[str, str] | None:
    """The checks Google makes once it trusts the redirect URI; answered as an error page, like Google's."""
    response_type = params.get("response_type")
    if not response_type:
        return "invalid_request", "Missing required parameter: response_type"
    if response_type != "code":
        return "unsupported_response_type", f"Unsupported response type: {response_type}"
    if not params.get("scope", "").strip():
        return "invalid_request", "Missing required parameter: scope"
    unknown = [scope for scope in normalize_scopes(params["scope"]) if not known_scope(scope, world.api_scopes)]
    if unknown:
        return "invalid_scope", f"Some requested scopes were invalid. {{invalid={unknown}}}"
    method = params.get("code_challenge_method")
    if method and not params.get("code_challenge"):
        return "invalid_request", "code_challenge_method was given without a code_challenge."
    if params.get("code_challenge") and (method or "plain") not in CODE_CHALLENGE_METHODS:
        return "invalid_request", f"Invalid code_challenge_method: {method}"
    if params.get("access_type", "online") not in ("online", "offline"):
        return "invalid_request", f"Invalid access_type: {params['access_type']}"
    prompts = params.get("prompt", "").split()
    if any(value not in ("none", "consent", "select_account") for value in prompts):
        return "invalid_request", f"Invalid prompt: {params['prompt']}"
    if "none" in prompts and len(prompts) > 1:
        return "invalid_request", "prompt=none may not be combined with other values."
    return None


def _render_consent(
    world: World,
    client: OAuthClient,
    pending: AuthorizationRequest,
    chosen: str | None,
    ticked: set[str],
    problem: str | None = None,
) -> str:
    users = sorted(world.directory.users.values(), key=lambda user: user.email.lower())
    required = [(scope, scope_label(world, scope)) for scope in pending.scopes if scope in IDENTITY_SCOPES]
    optional = [(scope, scope_label(world, scope)) for scope in pending.scopes if scope not in IDENTITY_SCOPES]
    return consent_page(pending, client.project, users, required, optional, chosen, ticked, problem)


# --- the consent form ---
def consent(world: World, request: Request) -> Response:
    form = request.form
    with world.lock:
        pending = world.signin.requests.get(form.get("request", ""))
        if pending is None or pending.expires_at <= world.now():
            return _html(
                400,
                error_page(
                    400,
                    "invalid_request",
                    "This sign-in request is unknown or has expired. Go back to the app and sign in again.",
                ),
            )
        client = world.directory.clients.get(pending.client_id)
        if client is None:  # the world was reset under an open consent page
            world.signin.requests.pop(pending.request_id, None)
            return _html(401, error_page(401, "invalid_client", "The OAuth client was not found."))
        if form.get("decision") != "allow":
            world.signin.requests.pop(pending.request_id, None)
            return _redirect(_with_query(pending.redirect_uri, {"error": "access_denied", "state": pending.state}))
        ticked = set(form.getlist("scope"))
        user = world.directory.user(form.get("account", ""))
        if user is None:
            page = _render_consent(world, client, pending, None, ticked, "Choose an account to continue.")
            return _html(400, page)
        world.signin.requests.pop(pending.request_id, None)
        granted = [scope for scope in pending.scopes if scope in IDENTITY_SCOPES or scope in ticked]
        earlier = _consented_scopes(world, user, client)
        if pending.include_granted_scopes:
            granted += [scope for scope in earlier if scope not in granted]
        first_consent = not earlier or not set(granted) <= set(earlier)
        code = world.signin.new_code(
            world.now(),
            client_id=client.client_id,
            redirect_uri=pending.redirect_uri,
            user=user.email,
            scopes=granted,
            nonce=pending.nonce,
            code_challenge=pending.code_challenge,
            code_challenge_method=pending.code_challenge_method,
            access_type=pending.access_type,
            with_refresh_token=pending.access_type == "offline"
            and (first_consent or "consent" in pending.prompt.split()),
        )
        return _redirect(
            _with_query(
                pending.redirect_uri,
                {
                    "state": pending.state,
                    "code": code.value,
                    "scope": " ".join(granted),
                },
            )
        )


def _consented_scopes(world: World, user: User, client: OAuthClient) -> list[str]:
    """What this person has granted this app and not revoked: the scopes of their live refresh tokens for it."""
    scopes: list[str] = []
    for token in world.directory.tokens.values():
        if (
            token.kind == "refresh"
            and token.client_id == client.client_id
            and (token.user or "").lower() == (user.email.lower())
        ):
            scopes += [scope for scope in token.scopes if scope not in scopes]
    return scopes


# --- the token endpoint's authorization-code grant ---
def exchange_code(world: World, request: Request) -> tuple[int, dict[str, Any]]:
    try:
        with world.lock:
            return 200, _exchange(world, request)
    except OAuthError as error:
        return error.status, error.body


def _exchange(world: World, request: Request) -> dict[str, Any]:
    client_id, client_secret = client_credentials(request)
    client = world.directory.clients.get(client_id or "")
    if client is None:
        raise OAuthError(401, "invalid_client", "The OAuth client was not found.")
    if not client_secret or not hmac.compare_digest(client.client_secret, client_secret):
        raise OAuthError(401, "invalid_client", "Unauthorized")
    value = request.form.get("code", "")
    signin = world.signin
    if value in signin.redeemed_codes:
        # A code presented twice: revoke what it gave (RFC 6749 §4.1.2), as a stolen code may be in play.
        for token in signin.redeemed_codes.pop(value):
            world.directory.revoke(token)
        raise OAuthError(400, "invalid_grant", "Bad Request")
    code = signin.codes.get(value)
    if code is None or code.client_id != client.client_id:
        raise OAuthError(400, "invalid_grant", "Malformed auth code.")
    # From here the code is spent, whatever the outcome: a wrong verifier may not be retried.
    del signin.codes[value]
    now = world.now()
    if code.expires_at <= now:
        raise OAuthError(400, "invalid_grant", "Bad Request")
    if request.form.get("redirect_uri", "") != code.redirect_uri:
        raise OAuthError(400, "invalid_grant", "Bad Request: redirect_uri does not match the authorization request.")
    if code.code_challenge is not None:
        verifier = request.form.get("code_verifier", "")
        if not verifier:
            raise OAuthError(400, "invalid_grant", "Missing code verifier.")
        if not hmac.compare_digest(_challenge_of(verifier, code.code_challenge_method or "plain"), code.code_challenge):
            raise OAuthError(400, "invalid_grant", "Invalid code verifier.")
    user = world.directory.user(code.user)
    if user is None:
        raise OAuthError(400, "invalid_grant", "Account has been deleted")
    access, refresh = world.directory.issue(
        user=user.email,
        client_id=client.client_id,
        project=client.project,
        scopes=code.scopes,
        now=now,
        with_refresh=code.with_refresh_token,
    )
    signin.redeemed_codes[value] = [access.value] + ([refresh.value] if refresh else [])
    while len(signin.redeemed_codes) > REDEEMED_CODES_KEPT:
        del signin.redeemed_codes[next(iter(signin.redeemed_codes))]
    body: dict[str, Any] = {
        "access_token": access.value,
        "expires_in": 3599,
        "scope": " ".join(code.scopes),
        "token_type": BEARER,
    }
    if OPENID in code.scopes:
        body["id_token"] = signin.signing_key.sign(
            id_token_claims(
                world,
                user,
                client,
                code.scopes,
                issuer=_base_url(request),
                nonce=code.nonce,
                access_token=access.value,
            )
        )
    if refresh:
        body["refresh_token"] = refresh.value
    return body


def _challenge_of(verifier: str, method: str) -> str:
    if method == "S256":
        digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return verifier


def id_token_claims(
    world: World,
    user: User,
    client: OAuthClient,
    scopes: list[str],
    *,
    issuer: str,
    nonce: str | None,
    access_token: str,
) -> dict[str, Any]:
    issued = world.now().replace(microsecond=0)
    claims: dict[str, Any] = {
        "iss": issuer,
        "azp": client.client_id,
        "aud": client.client_id,
        "sub": user.user_id,
        "at_hash": access_token_hash(access_token),
        "iat": int(issued.timestamp()),
        "exp": int((issued + ID_TOKEN_LIFETIME).timestamp()),
    }
    if user.hd:
        claims["hd"] = user.hd
    if EMAIL in scopes:
        claims.update(email=user.email, email_verified=user.email_verified)
    if PROFILE in scopes:
        claims.update(_names(user))
    if nonce:
        claims["nonce"] = nonce
    return claims


def _names(user: User) -> dict[str, str]:
    given, _, family = user.display_name.partition(" ")
    names = {"name": user.display_name, "given_name": given}
    if family:
        names["family_name"] = family
    return names


# --- userinfo and discovery ---
def userinfo(world: World, request: Request, version: int) -> Response:
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else request.values.get("access_token", "")
    with world.lock:
        caller = world.caller(token) if token else None
        if caller is None or caller.user is None:
            if version == 2:
                return json_response(
                    401,
                    ApiError(
                        401,
                        "UNAUTHENTICATED",
                        "Request is missing required authentication credential. Expected OAuth 2 access token.",
                    ).body(),
                    {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'},
                )
            return json_response(401, {"error": "invalid_request", "error_description": "Invalid Credentials"})
        if not caller.scopes & set(IDENTITY_SCOPES):
            return json_response(
                403, ApiError(403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.").body()
            )
        user = caller.user
        email = EMAIL in caller.scopes
        profile = PROFILE in caller.scopes
        if version == 2:
            body: dict[str, Any] = {"id": user.user_id}
            if email:
                body.update(email=user.email, verified_email=user.email_verified)
        else:
            body = {"sub": user.user_id}
            if email:
                body.update(email=user.email, email_verified=user.email_verified)
        if profile:
            body.update(_names(user))
        if user.hd:
            body["hd"] = user.hd
    return json_response(200, body)


def openid_configuration(base_url: str) -> dict[str, Any]:
    return {
        "issuer": base_url,
        "authorization_endpoint": f"{base_url}{AUTHORIZE_PATH}",
        "token_endpoint": f"{base_url}/token",
        "userinfo_endpoint": f"{base_url}/oauth2/v3/userinfo",
        "revocation_endpoint": f"{base_url}/revoke",
        "jwks_uri": f"{base_url}/oauth2/v3/certs",
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "email", "profile"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "claims_supported": [
            "aud",
            "email",
            "email_verified",
            "exp",
            "family_name",
            "given_name",
            "hd",
            "iat",
            "iss",
            "name",
            "nonce",
            "sub",
            "azp",
            "at_hash",
        ],
        "code_challenge_methods_supported": ["plain", "S256"],
        "grant_types_supported": [
            "authorization_code",
            "refresh_token",
            "urn:ietf:params:oauth:grant-type:jwt-bearer",
        ],
    }
