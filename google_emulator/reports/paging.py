"""Page tokens of activities.list: a cursor (the last activity shown) in the emulator's signed page tokens
(core/page_tokens.py), bound to the query it came from.

Activities come newest first; a cursor rather than an offset keeps paging right while new activities arrive
between pages (they are newer than the cursor, or older ones whose lag just passed, and land on later pages).
"""

from __future__ import annotations

from google_emulator.core.page_tokens import BadPageToken, PageTokens
from google_emulator.reports.errors import bad_request


def token(key: bytes, query: str, cursor: tuple[str, int]) -> str:
    return PageTokens(key).issue(query, list(cursor))


def cursor(key: bytes, query: str, page_token: str) -> tuple[str, int]:
    """The cursor in a token this query issued; anything else is 400 (the emulator's words)."""
    try:
        time, unique = PageTokens(key).position(query, page_token)
        return str(time), int(unique)
    except (BadPageToken, TypeError, ValueError):
        raise bad_request("Invalid page token.", "pageToken") from None
