"""`subscriptions.list`'s required filter, in the grammar its reference gives (workspaceevents.v1.json, `filter`):

    event_types:"A"
    event_types:"A" OR event_types:"B"
    event_types:"A" AND target_resource="//meet.googleapis.com/spaces/X"
    ( event_types:"A" OR event_types:"B" ) AND target_resource="..."

At least one event type is required; anything else is 400 INVALID_ARGUMENT, as the reference says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from google_emulator.core.errors import invalid_argument

_TOKEN = re.compile(r'\s*(?:(\()|(\))|(AND|OR)\b|(event_types|target_resource)\s*([:=])\s*"([^"]*)")')


@dataclass(frozen=True)
class SubscriptionFilter:
    event_types: frozenset[str]
    target: str | None

    def matches(self, event_types: list[str], target: str) -> bool:
        return bool(self.event_types & set(event_types)) and self.target in (None, target)


def _tokens(text: str) -> list[tuple[str, str, str]]:
    tokens, position = [], 0
    while position < len(text.rstrip()):
        found = _TOKEN.match(text, position)
        if found is None:
            raise _bad(text)
        opening, closing, connective, field_name, operator, value = found.groups()
        if opening or closing:
            tokens.append(("paren", opening or closing, ""))
        elif connective:
            tokens.append(("op", connective, ""))
        else:
            tokens.append((field_name, operator, value))
        position = found.end()
    return tokens


def _bad(text: str) -> Exception:
    return invalid_argument(
        f'Invalid filter: {text!r}. Filter by event_types:"..." (at least one, joined by OR) and optionally '
        'AND target_resource="...".'
    )


def parse_filter(text: str | None) -> SubscriptionFilter:
    if not text or not text.strip():
        raise invalid_argument('The filter is required: at least one event_types:"...".')
    tokens = _tokens(text)
    types: set[str] = set()
    target: str | None = None
    # Split on AND at the top level: one side the event types (maybe parenthesised ORs), the other the target.
    depth, parts, current = 0, [], []
    for token in tokens:
        if token[0] == "paren":
            depth += 1 if token[1] == "(" else -1
            if depth < 0:
                raise _bad(text)
            current.append(token)
        elif token == ("op", "AND", "") and depth == 0:
            parts.append(current)
            current = []
        else:
            current.append(token)
    parts.append(current)
    if depth != 0 or len(parts) > 2:
        raise _bad(text)
    for part in parts:
        if len(part) == 1 and part[0][0] == "target_resource" and part[0][1] == "=":
            if target is not None:
                raise _bad(text)
            target = part[0][2]
            continue
        inner = part[1:-1] if part and part[0][0] == "paren" and part[-1][0] == "paren" else part
        if types or not inner or len(inner) % 2 == 0:
            raise _bad(text)
        for index, token in enumerate(inner):
            expected_term = index % 2 == 0
            if expected_term and not (token[0] == "event_types" and token[1] == ":"):
                raise _bad(text)
            if not expected_term and token != ("op", "OR", ""):
                raise _bad(text)
            if expected_term:
                types.add(token[2])
    if not types:
        raise _bad(text)
    return SubscriptionFilter(frozenset(types), target)
