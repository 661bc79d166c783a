"""What the browser sign-in remembers between requests: consent requests in progress, authorization codes, and the
signing key. Pure state, no locking (the World holds the lock); saved in the state file with the rest of the world.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from google_emulator.core.clock import parse_rfc3339, rfc3339
from google_emulator.oauth.id_tokens import SigningKey, process_signing_key

# Google's authorization codes live for minutes; ten is what its documentation allows at most.
CODE_LIFETIME = timedelta(minutes=10)
# How long a consent page may stay open before its Allow button stops working.
CONSENT_REQUEST_LIFETIME = timedelta(hours=1)


@dataclass
class AuthorizationRequest:
    """A checked `GET /o/oauth2/v2/auth`, waiting for the person's choice on the consent page."""

    request_id: str
    client_id: str
    redirect_uri: str
    scopes: list[str]
    state: str | None
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    access_type: str
    prompt: str
    include_granted_scopes: bool
    login_hint: str | None
    expires_at: datetime


@dataclass
class AuthorizationCode:
    value: str
    client_id: str
    redirect_uri: str
    user: str  # email
    scopes: list[str]  # granted
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    access_type: str
    with_refresh_token: bool
    expires_at: datetime


@dataclass
class SignInState:
    signing_key: SigningKey = field(default_factory=process_signing_key)
    requests: dict[str, AuthorizationRequest] = field(default_factory=dict)
    codes: dict[str, AuthorizationCode] = field(default_factory=dict)
    # A code presented twice is an attack or a bug; Google then revokes what the code gave (RFC 6749 §4.1.2).
    redeemed_codes: dict[str, list[str]] = field(default_factory=dict)  # code -> tokens it minted

    def new_request(self, now: datetime, **values: Any) -> AuthorizationRequest:
        self._prune(now)
        request = AuthorizationRequest(
            request_id=secrets.token_urlsafe(24), expires_at=now + CONSENT_REQUEST_LIFETIME, **values
        )
        self.requests[request.request_id] = request
        return request

    def new_code(self, now: datetime, **values: Any) -> AuthorizationCode:
        self._prune(now)
        code = AuthorizationCode(value="4/0A" + secrets.token_urlsafe(48), expires_at=now + CODE_LIFETIME, **values)
        self.codes[code.value] = code
        return code

    def _prune(self, now: datetime) -> None:
        for request_id in [key for key, value in self.requests.items() if value.expires_at <= now]:
            del self.requests[request_id]
        # Expired codes are kept for a day so that presenting one says "expired", like Google, not "unknown".
        for code in [key for key, value in self.codes.items() if value.expires_at <= now - timedelta(days=1)]:
            del self.codes[code]

    def to_state(self) -> dict[str, Any]:
        def dated(item: Any) -> dict[str, Any]:
            values = asdict(item)
            values["expires_at"] = rfc3339(item.expires_at)
            return values

        return {
            "signingKeyPem": self.signing_key.private_key_pem,
            "requests": [dated(request) for request in self.requests.values()],
            "codes": [dated(code) for code in self.codes.values()],
            "redeemedCodes": self.redeemed_codes,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> SignInState:
        def undated(values: dict[str, Any]) -> dict[str, Any]:
            return {**values, "expires_at": parse_rfc3339(values["expires_at"])}

        loaded = cls(SigningKey(state["signingKeyPem"])) if state.get("signingKeyPem") else cls()
        for request in state.get("requests", []):
            loaded.requests[request["request_id"]] = AuthorizationRequest(**undated(request))
        for code in state.get("codes", []):
            loaded.codes[code["value"]] = AuthorizationCode(**undated(code))
        loaded.redeemed_codes = dict(state.get("redeemedCodes", {}))
        return loaded
