"""Which OAuth scopes Google knows, for the browser sign-in and the token endpoint alike.

Google refuses a scope it does not know (`invalid_scope`) at both doors; the emulator knows the identity scopes and
those of every API it serves (`World.api_scopes`, from each API's discovery document).
"""

from __future__ import annotations

from collections.abc import Mapping

OPENID = "openid"
EMAIL = "https://www.googleapis.com/auth/userinfo.email"
PROFILE = "https://www.googleapis.com/auth/userinfo.profile"
# What the consent page says of each.
IDENTITY_SCOPES = {
    OPENID: "Associate you with your personal info on Google",
    EMAIL: "See your primary Google Account email address",
    PROFILE: "See your personal info, including any personal info you've made publicly available",
}
# Google accepts the short names and answers the long ones in the token response's `scope`.
SCOPE_ALIASES = {"email": EMAIL, "profile": PROFILE}


def normalize_scopes(text: str) -> list[str]:
    scopes: list[str] = []
    for scope in text.split():
        scope = SCOPE_ALIASES.get(scope, scope)
        if scope not in scopes:
            scopes.append(scope)
    return scopes


def known_scope(scope: str, api_scopes: Mapping[str, str]) -> bool:
    return scope in IDENTITY_SCOPES or scope in api_scopes
