"""Meet's lists, a page at a time: the page size its discovery document allows, and the emulator's signed page
tokens (core/page_tokens.py) holding the next page's offset."""

from __future__ import annotations

from typing import Any

from google_emulator.core.errors import invalid_argument
from google_emulator.core.page_tokens import BadPageToken, PageTokens, clipped_page_size
from google_emulator.meet.discovery import Method, page_size_limits


class Paginator(PageTokens):
    """The world's page tokens (one key a process, kept in the state file), read as offsets into a list."""

    def token(self, scope: str, offset: int) -> str:
        return self.issue(scope, offset)

    def offset(self, scope: str, token: str) -> int:
        try:
            return int(self.position(scope, token))
        except (BadPageToken, TypeError, ValueError):
            raise invalid_argument("Invalid page token.") from None


def page_size(method: Method, raw: str | None) -> int:
    """The requested page size clipped to the method's maximum; absent or 0 means the method's default."""
    try:
        return clipped_page_size(raw, *page_size_limits(method))
    except ValueError as error:
        raise invalid_argument(str(error)) from None


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
