"""The `filters` parameter of activities.list, as its discovery description defines it.

A comma-separated list of `{parameter name}{operator}{value}` terms, all of which must hold (Google joins them with
AND), with the operators `==`, `<>`, `<`, `<=`, `>`, `>=`. A term on a parameter the event does not carry matches
nothing: "An empty report is returned if the request's parameter doesn't belong to the eventName". Values compare
as the parameter's type: numbers for `intValue`, `true`/`false` for `boolValue`, text otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from google_emulator.reports.errors import bad_request

# Longest first, so that `<=` is not read as `<` followed by `=value`.
_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "<>": lambda a, b: a != b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
}
_TERM = re.compile(r"^\s*([A-Za-z0-9_.]+)\s*(<>|<=|>=|==|<|>)(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Term:
    name: str
    operator: str
    value: str

    def holds(self, parameters: dict[str, dict[str, Any]]) -> bool:
        parameter = parameters.get(self.name)
        if parameter is None:
            return False
        compare = _OPERATORS[self.operator]
        if "boolValue" in parameter:
            wanted = self.value.strip().lower()
            if wanted not in ("true", "false"):
                return False
            return self.operator in ("==", "<>") and compare(parameter["boolValue"], wanted == "true")
        if "intValue" in parameter:
            try:
                return compare(int(parameter["intValue"]), int(self.value.strip()))
            except ValueError:
                return False
        return compare(str(parameter.get("value", "")), self.value)


def parse_filters(text: str | None) -> list[Term]:
    """The terms of a `filters` value; a term without one of the six operators is refused (400)."""
    if text is None or not text.strip():
        return []
    terms = []
    for part in text.split(","):
        found = _TERM.match(part)
        if found is None or not found.group(3):
            raise bad_request(
                f"Invalid filters: {part.strip()!r} is not {{parameter}}{{operator}}{{value}} with one of the "
                "operators ==, <>, <, <=, >, >=.",
                "filters",
            )
        terms.append(Term(found.group(1), found.group(2), found.group(3)))
    return terms


def matches(terms: list[Term], parameters: dict[str, dict[str, Any]]) -> bool:
    return all(term.holds(parameters) for term in terms)
