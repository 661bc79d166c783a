"""Page tokens of activities.list: a signed cursor (the last activity shown), bound to the query it came from.

Activities come newest first; a cursor rather than an offset keeps paging right while new activities arrive
between pages (they are newer than the cursor, or older ones whose lag just passed, and land on later pages).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

from google_emulator.reports.errors import bad_request


def _sign(key: bytes, payload: bytes) -> str:
    return hmac.new(key, payload, hashlib.sha256).hexdigest()[:32]


def _query_digest(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()[:16]


def token(key: bytes, query: str, cursor: tuple[str, int]) -> str:
    payload = json.dumps({"q": _query_digest(query), "c": list(cursor)}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(payload + b"." + _sign(key, payload).encode()).decode().rstrip("=")


def cursor(key: bytes, query: str, page_token: str) -> tuple[str, int]:
    """The cursor in a token this query issued; anything else is 400 (the emulator's words)."""
    try:
        raw = base64.urlsafe_b64decode(page_token + "=" * (-len(page_token) % 4))
        payload, signature = raw.rsplit(b".", 1)
        if not hmac.compare_digest(signature.decode(), _sign(key, payload)):
            raise ValueError("bad signature")
        data = json.loads(payload)
        if data["q"] != _query_digest(query):
            raise ValueError("a token of another query")
        time, unique = data["c"]
        return str(time), int(unique)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise bad_request("Invalid page token.", "pageToken") from None
