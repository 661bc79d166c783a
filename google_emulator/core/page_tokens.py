"""Opaque page tokens for every emulated API: HMAC-signed and bound to the list they came from, so a forged token, or
one of another list, is refused (Google's tokens are opaque too; the API answers its own error for a bad one)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any


class BadPageToken(ValueError):
    """A token this list did not issue: each API answers it with its own error."""


class PageTokens:
    def __init__(self, key: bytes) -> None:
        self.key = key

    def _sign(self, payload: bytes) -> str:
        return hmac.new(self.key, payload, hashlib.sha256).hexdigest()[:32]

    @staticmethod
    def _scope(scope: str) -> str:
        return hashlib.sha256(scope.encode()).hexdigest()[:16]

    def issue(self, scope: str, position: Any) -> str:
        """A token for the page at `position` (an offset, or a cursor made of JSON values) of the list `scope`."""
        payload = json.dumps({"s": self._scope(scope), "p": position}, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(payload + b"." + self._sign(payload).encode()).decode().rstrip("=")

    def position(self, scope: str, token: str) -> Any:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            payload, signature = raw.rsplit(b".", 1)
            if not hmac.compare_digest(signature.decode(), self._sign(payload)):
                raise BadPageToken("bad signature")
            data = json.loads(payload)
            if data["s"] != self._scope(scope):
                raise BadPageToken("a token of another list")
            return data["p"]
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
            raise BadPageToken(str(error)) from None


def clipped_page_size(raw: str | None, default: int, maximum: int) -> int:
    """A gRPC-transcoded API's `pageSize`: absent or 0 means the default, above the maximum means the maximum.
    Raises ValueError with Google's words for a value that is not a count."""
    if raw is None or raw == "":
        return default
    try:
        size = int(raw)
    except ValueError:
        raise ValueError(f"Invalid value at 'page_size' (TYPE_INT32), \"{raw}\"") from None
    if size < 0:
        raise ValueError("page_size must not be negative.")
    return default if size == 0 else min(size, maximum)
