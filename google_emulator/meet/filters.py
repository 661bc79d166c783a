"""The part of Google's list-filter language (AIP-160) that the Meet conferenceRecords methods accept.

Supported, exactly as Google documents for `conferenceRecords.list`, `participants.list` and
`participantSessions.list`:

- comparisons `field = value`, `!=`, `<`, `>`, `<=`, `>=`; values are quoted strings (`"..."` or `'...'`) or bare
  words; on timestamp fields the value is an RFC 3339 timestamp and comparisons are between instants, so
  `2024-01-01T01:00:00+01:00` equals `2024-01-01T00:00:00Z`;
- `field IS NULL` (keywords in any case), true when the field is unset, e.g. `end_time IS NULL` for a conference
  still running;
- conjunction with `AND` (upper case, as AIP-160 spells it); any whitespace between tokens.

Not supported, because these methods do not offer them: `OR`, `NOT`, `-` negation, parentheses and the `:` "has"
operator. They are rejected with 400 INVALID_ARGUMENT and a message that says so, as is any field not in the method's
list of filterable fields (snake_case, as the discovery document names them).

A comparison against an unset field (`end_time < "..."` while the conference runs) is false for every operator,
`!=` included: an unset timestamp is not a value that can be ordered or compared.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from google_emulator.core.clock import parse_rfc3339
from google_emulator.core.errors import invalid_argument

ORDERING_OPERATORS = ("<=", ">=", "<", ">")


class FieldKind(enum.Enum):
    TIMESTAMP = "timestamp"
    TEXT = "text"
    # Meeting codes are case-insensitive aliases, so `abc-mnop-xyz` and `ABC-MNOP-XYZ` name the same thing.
    TEXT_IGNORING_CASE = "text ignoring case"


FilterValue = str | datetime | None


@dataclass(frozen=True)
class Comparison:
    field: str
    operator: str  # "=", "!=", one of ORDERING_OPERATORS, or "IS NULL"
    value: FilterValue
    kind: FieldKind

    def holds_for(self, actual: FilterValue) -> bool:
        if self.operator == "IS NULL":
            return actual is None
        if actual is None:
            return False
        expected = self.value
        if self.kind is FieldKind.TEXT_IGNORING_CASE:
            actual, expected = str(actual).casefold(), str(expected).casefold()
        if self.operator == "=":
            return actual == expected
        if self.operator == "!=":
            return actual != expected
        if self.operator == "<":
            return actual < expected
        if self.operator == ">":
            return actual > expected
        if self.operator == "<=":
            return actual <= expected
        return actual >= expected


@dataclass(frozen=True)
class Filter:
    """A conjunction of comparisons; the empty filter matches everything."""

    comparisons: tuple[Comparison, ...] = ()

    def matches(self, values: Mapping[str, FilterValue]) -> bool:
        return all(comparison.holds_for(values.get(comparison.field)) for comparison in self.comparisons)


_TOKEN = re.compile(
    r"""
    \s*(?:
        (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<operator><=|>=|!=|=|<|>)
      | (?P<unsupported>[():]|-(?=\s*[A-Za-z(]))
      | (?P<word>(?:[^\s()"'<>=!:]|:(?=\d))+)  # a colon inside a bare timestamp is not the "has" operator
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Token:
    kind: str  # "string", "operator", "unsupported", "word"
    text: str


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None:
            raise invalid_argument(f"Invalid filter: cannot read {text[position:].strip()!r}.")
        kind = match.lastgroup or "word"
        tokens.append(_Token(kind, match.group(kind)))
        position = match.end()
    return tokens


def _unquote(token: _Token) -> str:
    if token.kind != "string":
        return token.text
    return re.sub(r"\\(.)", r"\1", token.text[1:-1])


def parse_filter(text: str | None, fields: Mapping[str, FieldKind]) -> Filter:
    """Parses `text` against the method's filterable `fields`; a filter that is not valid is 400 INVALID_ARGUMENT."""
    if text is None or not text.strip():
        return Filter()
    tokens = _tokenize(text)
    comparisons: list[Comparison] = []
    position = 0
    while True:
        comparison, position = _parse_comparison(tokens, position, fields)
        comparisons.append(comparison)
        if position == len(tokens):
            return Filter(tuple(comparisons))
        connective = tokens[position]
        _reject_unsupported(connective)
        if not (connective.kind == "word" and connective.text == "AND"):
            raise invalid_argument(f"Invalid filter: expected AND after a comparison, found {connective.text!r}.")
        position += 1
        if position == len(tokens):
            raise invalid_argument("Invalid filter: AND must be followed by a comparison.")


def _reject_unsupported(token: _Token) -> None:
    if token.kind == "unsupported" or (token.kind == "word" and token.text in ("OR", "NOT")):
        raise invalid_argument(
            f"Invalid filter: {token.text!r} is not supported here; "
            "combine comparisons with AND only (no OR, NOT, '-', parentheses or ':')."
        )


def _parse_comparison(tokens: list[_Token], position: int, fields: Mapping[str, FieldKind]) -> tuple[Comparison, int]:
    if position >= len(tokens):
        raise invalid_argument("Invalid filter: expected a comparison.")
    field_token = tokens[position]
    _reject_unsupported(field_token)
    if field_token.kind != "word":
        raise invalid_argument(f"Invalid filter: expected a field name, found {field_token.text!r}.")
    field = field_token.text
    if field not in fields:
        allowed = ", ".join(fields)
        raise invalid_argument(f"Invalid filter: unknown field {field!r}; the filterable fields are {allowed}.")
    kind = fields[field]
    rest = tokens[position + 1 : position + 3]
    if len(rest) == 2 and all(t.kind == "word" for t in rest) and [t.text.upper() for t in rest] == ["IS", "NULL"]:
        return Comparison(field, "IS NULL", None, kind), position + 3
    if len(rest) == 2 and rest[0].text.upper() == "IS" and rest[1].text.upper() == "NOT":
        raise invalid_argument("Invalid filter: IS NOT NULL is not supported here; only IS NULL is.")
    if not rest or rest[0].kind != "operator":
        found = rest[0].text if rest else "the end of the filter"
        if rest:
            _reject_unsupported(rest[0])
        raise invalid_argument(f"Invalid filter: expected an operator or IS NULL after {field!r}, found {found!r}.")
    operator = rest[0].text
    if len(rest) < 2 or rest[1].kind not in ("string", "word"):
        raise invalid_argument(f"Invalid filter: expected a value after {field} {operator}.")
    literal = _unquote(rest[1])
    if kind is FieldKind.TIMESTAMP:
        value: FilterValue = _timestamp(field, literal)
    else:
        if operator in ORDERING_OPERATORS:
            raise invalid_argument(f"Invalid filter: {field} can only be compared with = or !=.")
        value = literal
    return Comparison(field, operator, value, kind), position + 3


_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$")


def _timestamp(field: str, literal: str) -> datetime:
    if not _RFC3339.match(literal):
        raise invalid_argument(
            f"Invalid filter: {field} must be compared with an RFC 3339 timestamp such as "
            f'"2024-01-01T00:00:00.000Z", not {literal!r}.'
        )
    try:
        return parse_rfc3339(literal)
    except ValueError:
        raise invalid_argument(f"Invalid filter: {literal!r} is not a valid timestamp.") from None
