"""The routes of Google's OAuth 2.0 and sign-in, as `accounts.google.com` and `oauth2.googleapis.com` serve them.

The token and revocation endpoints are Google API calls like any other for faults and the call log (method ids
`oauth2.token` and `oauth2.revoke`); the browser sign-in pages and OpenID documents are not.
"""

from __future__ import annotations

import time
import traceback
from typing import Any

from werkzeug.wrappers import Request, Response

from google_emulator.core.http import ANY, Handler, Route, json_response, literal
from google_emulator.oauth import signin
from google_emulator.oauth.pages import AUTHORIZE_PATH, STYLESHEET_PATH
from google_emulator.oauth.token import OAuthEndpoint, oauth_fault_body, revoke_endpoint, token_endpoint
from google_emulator.world import World


def _logged(method_id: str, endpoint: OAuthEndpoint) -> Handler:
    """Runs a token or revocation request, with faults and a call-log entry like any API call."""

    def handler(world: World, request: Request) -> Response:
        with world.lock:
            fault = world.faults.take(method_id)
        if fault and fault.delay:
            time.sleep(fault.delay)
        if fault and fault.status:
            status, body = fault.status, oauth_fault_body(fault.status)
        else:
            try:
                status, body = endpoint(world, request)
            except Exception:  # a bug of the emulator: answer as Google's token service would when it fails
                traceback.print_exc()
                status, body = 500, oauth_fault_body(500)
        entry = {
            "method": method_id,
            "resource": request.form.get("grant_type") or "token",
            "status": status,
            "user": None,
            "client": request.form.get("client_id"),
            "project": None,
        }
        if fault:
            entry["fault"] = True
        if status >= 400:
            entry["error"] = body.get("error")
        world.log_call(entry)
        return json_response(status, body)

    return handler


def _any_grant(world: World, request: Request) -> tuple[int, dict[str, Any]]:
    # The browser sign-in's code exchange and the app's own grants share Google's one token endpoint.
    if request.form.get("grant_type") == "authorization_code":
        return signin.exchange_code(world, request)
    return token_endpoint(world, request)


AUTHORIZE = literal(AUTHORIZE_PATH, "/o/oauth2/auth")
CERTS = literal("/oauth2/v1/certs", "/oauth2/v3/certs")
OPENID_CONFIGURATION = literal("/.well-known/openid-configuration")
USERINFO = literal("/oauth2/v2/userinfo", "/oauth2/v3/userinfo", "/v1/userinfo")

ROUTES = (
    Route("POST", literal("/token"), _logged("oauth2.token", _any_grant)),
    Route("POST", literal("/revoke"), _logged("oauth2.revoke", revoke_endpoint)),
    Route(ANY, literal(STYLESHEET_PATH), signin.stylesheet),
    Route("GET", AUTHORIZE, signin.authorize),
    Route("POST", AUTHORIZE, signin.consent),
    Route("GET", CERTS, signin.certs),
    Route("GET", OPENID_CONFIGURATION, signin.openid_configuration_endpoint),
    Route("GET", USERINFO, signin.userinfo_endpoint),
    Route("POST", USERINFO, signin.userinfo_endpoint),
    # The sign-in's pages answer another method with 405, as Google's do.
    Route(ANY, "|".join((AUTHORIZE, CERTS, OPENID_CONFIGURATION, USERINFO)), signin.method_not_allowed),
)
