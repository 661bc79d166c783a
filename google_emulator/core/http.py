"""Routes declared as data, and JSON answers as Google's front end writes them.

Each API package exposes `ROUTES` (in its `routes.py`): a tuple of `Route`s that the server tries in order, the
first whose method and path match answering. Adding an API is adding a package and naming its `ROUTES` in the
server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from werkzeug.wrappers import Request, Response

ANY = "*"  # a route for every HTTP method (the handler answers the ones it does not take)

# (world, request) -> response; the world is typed loosely here because the core does not know the APIs' stores.
Handler = Callable[[Any, Request], Response]


@dataclass(frozen=True)
class Route:
    method: str  # an HTTP method, or ANY
    pattern: str  # a regular expression the whole path must match
    handler: Handler
    # A GET leaves the world as it was, so only writes are saved to the state file; an API whose reads change the
    # world (Meet expires stale meeting codes on any call) says so here.
    reads_change_world: bool = False
    _regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_regex", re.compile(self.pattern))

    def matches(self, method: str, path: str) -> bool:
        return (self.method in (ANY, method)) and self._regex.fullmatch(path) is not None


def find_route(routes: Iterable[Route], method: str, path: str) -> Route | None:
    return next((route for route in routes if route.matches(method, path)), None)


def json_response(status: int, body: Any, headers: dict[str, str] | None = None, compact: bool = False) -> Response:
    text = json.dumps(body, separators=(",", ":")) if compact else json.dumps(body, indent=2) + "\n"
    return Response(text, status=status, headers=headers or {}, content_type="application/json; charset=UTF-8")


def literal(*paths: str) -> str:
    """A `Route.pattern` matching exactly these paths."""
    return "|".join(re.escape(path) for path in paths)


def bearer_token(request: Request) -> str | None:
    """The access token a call carries: the `Authorization: Bearer` header, or the `access_token` (or older
    `oauth_token`) query parameter Google's APIs also take."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.args.get("access_token") or request.args.get("oauth_token")
