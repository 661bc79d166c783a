"""Google's discovery document for the Workspace Events API v1, the contract of this package.

`workspaceevents.v1.json` is the document google-api-python-client ships (revision 20261004). Routing, scopes,
request-body checks and the integer-enum dialect come from it, as Meet's come from `meet.v2.json`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from google_emulator.core.discovery import Method, bad_payload, camel_case, collect_methods, match_method, snake_case

DOCUMENT: dict[str, Any] = json.loads((Path(__file__).parent / "workspaceevents.v1.json").read_text())
SCHEMAS: dict[str, dict[str, Any]] = DOCUMENT["schemas"]
# Every scope the document names, with what a consent page says of it (the token endpoint and sign-in know them).
SCOPES: dict[str, str] = {scope: spec["description"] for scope, spec in DOCUMENT["auth"]["oauth2"]["scopes"].items()}
SCOPE_CREATED = "https://www.googleapis.com/auth/meetings.space.created"
SCOPE_READONLY = "https://www.googleapis.com/auth/meetings.space.readonly"
# What a subscription to a Meet resource needs (developers.google.com/workspace/events/guides/events-meet).
MEET_SCOPES = frozenset({SCOPE_CREATED, SCOPE_READONLY})
# The protobuf package the generated clients unpack `Operation.response` and `metadata` with.
PROTO_PACKAGE = "google.apps.events.subscriptions.v1"
# The integer dialect writes an enum as its proto number, and the discovery document's list of `ErrorType` values is
# not in number order (APP_SCOPE_REVOKED sits second): the numbers are the proto's, as Google's generated client
# (google-apps-events-subscriptions, `Subscription.ErrorType`) declares them. Values it does not know (the APP_*
# ones, newer) are never answered by the emulator.
ENUM_NUMBERS: dict[str, int] = {
    "ERROR_TYPE_UNSPECIFIED": 0,
    "USER_SCOPE_REVOKED": 1,
    "RESOURCE_DELETED": 2,
    "USER_AUTHORIZATION_FAILURE": 3,
    "ENDPOINT_PERMISSION_DENIED": 4,
    "OTHER": 5,
    "ENDPOINT_NOT_FOUND": 6,
    "ENDPOINT_RESOURCE_EXHAUSTED": 7,
}


METHODS: list[Method] = collect_methods(DOCUMENT["resources"])
SYSTEM_PARAMETERS = frozenset(DOCUMENT["parameters"])


def match(http_method: str, path: str) -> Method | None:
    return match_method(METHODS, http_method, path)


# --- request bodies: as Google's JSON transcoder reads them ------------------------------------------------------


def parse_body(schema: str, value: Any, where: str = "") -> dict[str, Any]:
    """The body checked against `schema`: unknown names and wrong types are 400 INVALID_ARGUMENT as Google words
    them; snake_case keys become camelCase; JSON nulls are dropped (proto3: not set)."""
    if not isinstance(value, dict):
        raise bad_payload(f"Invalid JSON payload received. Expected an object for '{where}'.", where)
    properties = SCHEMAS[schema].get("properties", {})
    result: dict[str, Any] = {}
    for key, item in value.items():
        name = key if key in properties else camel_case(key)
        if name not in properties:
            at = f" at '{where}'" if where else ""
            raise bad_payload(f'Invalid JSON payload received. Unknown name "{key}"{at}: Cannot find field.', where)
        if item is None:
            continue
        result[name] = _parse_value(properties[name], item, f"{where}.{snake_case(name)}".lstrip("."))
    return result


def _parse_value(definition: dict[str, Any], item: Any, where: str) -> Any:
    if "$ref" in definition:
        return parse_body(definition["$ref"], item, where)
    kind = definition.get("type")
    if kind == "array":
        if not isinstance(item, list):
            raise bad_payload(f"Invalid value at '{where}', expected a list.", where)
        return [_parse_value(definition["items"], element, where) for element in item]
    if "enum" in definition:
        values = definition["enum"]
        if isinstance(item, int) and not isinstance(item, bool) and 0 <= item < len(values):
            return values[item]
        if item in values:
            return item
        raise bad_payload(f"Invalid value at '{where}', {json.dumps(item)}", where)
    if kind == "string" and not isinstance(item, str):
        raise bad_payload(f"Invalid value at '{where}' (TYPE_STRING), {json.dumps(item)}", where)
    if kind == "boolean" and not isinstance(item, bool):
        raise bad_payload(f"Invalid value at '{where}' (TYPE_BOOL), {json.dumps(item)}", where)
    return item


# --- responses ---------------------------------------------------------------------------------------------------


def render(schema: str, value: dict[str, Any], enums_as_int: bool) -> dict[str, Any]:
    """Only the schema's fields, empty and default ones omitted, enums in the dialect asked for. An `Any` field
    (`Operation.response`, with its `@type`) is written as given, its enums in the same dialect."""
    properties = SCHEMAS[schema].get("properties", {})
    result: dict[str, Any] = {}
    for key, item in value.items():
        definition = properties.get(key)
        if definition is None or item in (None, "", [], {}, False):
            continue
        result[key] = _render_value(definition, item, enums_as_int)
    return result


def _render_value(definition: dict[str, Any], item: Any, enums_as_int: bool) -> Any:
    if "$ref" in definition:
        return render(definition["$ref"], item, enums_as_int)
    if definition.get("type") == "array":
        return [_render_value(definition["items"], element, enums_as_int) for element in item]
    if "enum" in definition:
        if not enums_as_int:
            return item
        return ENUM_NUMBERS[item] if item in ENUM_NUMBERS else definition["enum"].index(item)
    if definition.get("additionalProperties") and isinstance(item, dict) and "@type" in item:
        inner = item["@type"].rsplit(".", 1)[-1]
        if inner in SCHEMAS:
            return {"@type": item["@type"], **render(inner, item, enums_as_int)}
    return item
