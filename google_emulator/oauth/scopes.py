"""Which OAuth scopes Google knows, for the browser sign-in and the token endpoint alike.

Google refuses a scope it does not know (`invalid_scope`) at both doors; the emulator knows the identity scopes and
the scopes of the discovery document.
"""

from __future__ import annotations

from google_emulator.meet import discovery

OPENID = "openid"
EMAIL = "https://www.googleapis.com/auth/userinfo.email"
PROFILE = "https://www.googleapis.com/auth/userinfo.profile"
IDENTITY_SCOPE_NAMES = (OPENID, EMAIL, PROFILE)
# Google accepts the short names and answers the long ones in the token response's `scope`.
SCOPE_ALIASES = {"email": EMAIL, "profile": PROFILE}


def normalize_scopes(text: str) -> list[str]:
    scopes: list[str] = []
    for scope in text.split():
        scope = SCOPE_ALIASES.get(scope, scope)
        if scope not in scopes:
            scopes.append(scope)
    return scopes


def known_scope(scope: str) -> bool:
    return scope in IDENTITY_SCOPE_NAMES or scope in discovery.DOCUMENT["auth"]["oauth2"]["scopes"]
