"""Opaque page tokens: HMAC-signed, bound to the list they came from, so a forged or foreign one is refused."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from google_emulator.core.errors import invalid_argument
from google_emulator.meet.discovery import Method, page_size_limits


class Paginator:
    def __init__(self, key: bytes) -> None:
        self.key = key

    def _sign(self, payload: bytes) -> str:
        return hmac.new(self.key, payload, hashlib.sha256).hexdigest()[:32]

    def token(self, scope: str, offset: int) -> str:
        payload = json.dumps({"s": hashlib.sha256(scope.encode()).hexdigest()[:16], "o": offset}).encode()
        return base64.urlsafe_b64encode(payload + b"." + self._sign(payload).encode()).decode().rstrip("=")

    def offset(self, scope: str, token: str) -> int:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            payload, signature = raw.rsplit(b".", 1)
            if not hmac.compare_digest(signature.decode(), self._sign(payload)):
                raise ValueError("bad signature")
            data = json.loads(payload)
            if data["s"] != hashlib.sha256(scope.encode()).hexdigest()[:16]:
                raise ValueError("token of another list")
            return int(data["o"])
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, json.JSONDecodeError):
            raise invalid_argument("Invalid page token.") from None


def page_size(method: Method, raw: str | None) -> int:
    """The requested page size clipped to the method's maximum; absent or 0 means the method's default."""
    default, maximum = page_size_limits(method)
    if raw is None or raw == "":
        return default
    try:
        size = int(raw)
    except ValueError:
        raise invalid_argument(f"Invalid value at 'page_size' (TYPE_INT32), \"{raw}\"") from None
    if size < 0:
        raise invalid_argument("page_size must not be negative.")
    return default if size == 0 else min(size, maximum)


def paginate(
    paginator: Paginator,
    method: Method,
    scope: str,
    items: list[Any],
    size_param: str | None,
    token_param: str | None,
) -> tuple[list[Any], str | None]:
    """One page of `items` and the token of the next page (None on the last one). `scope` names the list."""
    size = page_size(method, size_param)
    start = paginator.offset(scope, token_param) if token_param else 0
    page = items[start : start + size]
    next_token = paginator.token(scope, start + size) if start + size < len(items) else None
    return page, next_token
