"""Reading a Google discovery document, whichever API's: its REST methods (routing, scopes, schemas), the two
spellings of a field name proto3 JSON accepts, and the 400 a request body that does not fit gets. Each API's own
`discovery.py` reads its document with these."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from google_emulator.core.errors import ApiError, invalid_argument


@dataclass(frozen=True)
class Method:
    """One REST method of a discovery document, e.g. `meet.spaces.patch`."""

    id: str
    http_method: str
    flat_path: str
    path_regex: re.Pattern[str]
    scopes: tuple[str, ...]
    request_schema: str | None
    response_schema: str | None
    parameters: dict[str, dict[str, Any]]

    @property
    def is_read(self) -> bool:
        return self.http_method == "GET"


def _compile(flat_path: str) -> re.Pattern[str]:
    # A `{spacesId}` segment never contains a slash; a colon only ever starts a custom verb (`:endActiveConference`).
    pattern = re.sub(r"\\\{[^}]+\\\}", r"([^/:]+)", re.escape(flat_path))
    return re.compile(f"^/{pattern}$")


def collect_methods(resources: dict[str, Any]) -> list[Method]:
    """Every method of the document's `resources`, nested resources included."""
    methods: list[Method] = []
    for resource in resources.values():
        for method in resource.get("methods", {}).values():
            methods.append(
                Method(
                    id=method["id"],
                    http_method=method["httpMethod"],
                    flat_path=method["flatPath"],
                    path_regex=_compile(method["flatPath"]),
                    scopes=tuple(method.get("scopes", ())),
                    request_schema=(method.get("request") or {}).get("$ref"),
                    response_schema=(method.get("response") or {}).get("$ref"),
                    parameters=method.get("parameters", {}),
                )
            )
        methods.extend(collect_methods(resource.get("resources", {})))
    return methods


def match_method(methods: list[Method], http_method: str, path: str) -> Method | None:
    return next((m for m in methods if m.http_method == http_method and m.path_regex.match(path)), None)


def snake_case(name: str) -> str:
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def bad_payload(message: str, field: str) -> ApiError:
    """400 INVALID_ARGUMENT with the BadRequest field violation Google's JSON transcoder adds."""
    error = invalid_argument(message)
    error.details = [
        {
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            "fieldViolations": [{"field": field, "description": message}],
        }
    ]
    return error


def query_parameters(method: Method, args: Mapping[str, str], system_parameters: frozenset[str]) -> dict[str, str]:
    """The query, snake_case names folded to camelCase; a name neither the method nor every Google API
    (`system_parameters`) knows is refused as Google refuses it."""
    allowed = {name for name, p in method.parameters.items() if p.get("location") != "path"}
    query: dict[str, str] = {}
    for name, value in args.items():
        key = camel_case(name) if camel_case(name) in allowed else name
        if key not in allowed and key not in system_parameters and not key.startswith("$"):
            raise invalid_argument(
                f'Invalid JSON payload received. Unknown name "{name}": Cannot bind query parameter. '
                f"Field '{name}' could not be found in request message."
            )
        query[key] = value
    return query
