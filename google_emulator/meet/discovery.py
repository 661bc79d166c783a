"""Google's discovery document for Meet v2, read once and used as the emulator's contract.

Routing, scopes, request-body checks and the integer-enum dialect are all driven from `meet.v2.json` (a copy of
the document shipped with google-api-python-client), so the emulator cannot drift from the real API's shape.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from google_emulator.core.discovery import Method, bad_payload, camel_case, collect_methods, match_method, snake_case
from google_emulator.core.errors import invalid_argument

DOCUMENT: dict[str, Any] = json.loads((Path(__file__).parent / "meet.v2.json").read_text())
SCHEMAS: dict[str, dict[str, Any]] = DOCUMENT["schemas"]

# Meet's OAuth scopes and what the consent page says of each.
SCOPES: dict[str, str] = {scope: spec["description"] for scope, spec in DOCUMENT["auth"]["oauth2"]["scopes"].items()}
SCOPE_CREATED = "https://www.googleapis.com/auth/meetings.space.created"
SCOPE_READONLY = "https://www.googleapis.com/auth/meetings.space.readonly"
SCOPE_SETTINGS = "https://www.googleapis.com/auth/meetings.space.settings"


METHODS: list[Method] = collect_methods(DOCUMENT["resources"])


def match(http_method: str, path: str) -> Method | None:
    return match_method(METHODS, http_method, path)


def page_size_limits(method: Method) -> tuple[int, int]:
    """(default, maximum) page size, read from the method's own `pageSize` description."""
    text = method.parameters["pageSize"]["description"]
    default = re.search(r"at most (\d+)", text)
    maximum = re.search(r"maximum value is (\d+)", text)
    return int(default.group(1)) if default else 100, int(maximum.group(1)) if maximum else 100


# --- field names -----------------------------------------------------------------------------------------------


def property_of(schema: str, field: str) -> tuple[str, dict[str, Any]] | None:
    """The camelCase name and definition of `field` (camelCase or snake_case, as proto3 JSON accepts both)."""
    properties = SCHEMAS[schema].get("properties", {})
    for candidate in (field, camel_case(field)):
        if candidate in properties:
            return candidate, properties[candidate]
    return None


def is_output_only(definition: dict[str, Any]) -> bool:
    return bool(definition.get("readOnly")) or definition.get("description", "").startswith("Output only.")


def is_immutable(definition: dict[str, Any]) -> bool:
    description = definition.get("description", "")
    return description.startswith("Immutable.") or description.startswith("Identifier.")


# --- request bodies ----------------------------------------------------------------------------------------------


def _enum_type(schema: str, field: str) -> str:
    return f"type.googleapis.com/google.apps.meet.v2.{schema}.{field[:1].upper()}{field[1:]}"


def parse_body(schema: str, value: Any, where: str) -> dict[str, Any]:
    """Check a request body against `schema` the way Google's JSON transcoder does, and normalise it.

    Unknown field names are rejected (400 INVALID_ARGUMENT, "Cannot find field"), every one of them in one answer
    (one message line and one field violation each), values of the wrong type or enum values out of the list are
    rejected, snake_case keys become camelCase, integer enums become names and JSON nulls are dropped (null means
    "not set" in proto3 JSON). Output-only fields are accepted and dropped later by the handlers: Google ignores
    them in requests.
    """
    unknown: list[tuple[str, str]] = []
    result = _parse_object(schema, value, where, unknown)
    if unknown:
        error = invalid_argument("\n".join(message for message, _field in unknown))
        error.details = [
            {
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": field, "description": message} for message, field in unknown],
            }
        ]
        raise error
    return result


def _parse_object(schema: str, value: Any, where: str, unknown: list[tuple[str, str]]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise bad_payload(f"Invalid JSON payload received. Expected an object for '{where}'.", where)
    result: dict[str, Any] = {}
    for key, item in value.items():
        found = property_of(schema, key)
        if found is None:
            at = f" at '{where}'" if where else ""  # a request whose whole body is the message has no field name
            unknown.append((f'Invalid JSON payload received. Unknown name "{key}"{at}: Cannot find field.', where))
            continue
        name, definition = found
        if item is None:
            continue
        result[name] = _parse_value(schema, name, definition, item, f"{where}.{snake_case(name)}", unknown)
    return result


def _parse_value(
    schema: str, name: str, definition: dict[str, Any], item: Any, where: str, unknown: list[tuple[str, str]]
) -> Any:
    if "$ref" in definition:
        return _parse_object(definition["$ref"], item, where, unknown)
    kind = definition.get("type")
    if kind == "array":
        if not isinstance(item, list):
            raise bad_payload(f"Invalid value at '{where}', expected a list.", where)
        return [_parse_value(schema, name, definition["items"], element, where, unknown) for element in item]
    if "enum" in definition:
        return _parse_enum(schema, name, definition["enum"], item, where)
    if kind == "string":
        if not isinstance(item, str):
            raise bad_payload(f"Invalid value at '{where}' (TYPE_STRING), {json.dumps(item)}", where)
        return item
    if kind == "integer":
        if isinstance(item, bool) or not isinstance(item, int | str):
            raise bad_payload(f"Invalid value at '{where}' (TYPE_INT32), {json.dumps(item)}", where)
        try:
            return int(item)
        except ValueError:
            raise bad_payload(f"Invalid value at '{where}' (TYPE_INT32), {json.dumps(item)}", where) from None
    if kind == "boolean":
        if not isinstance(item, bool):
            raise bad_payload(f"Invalid value at '{where}' (TYPE_BOOL), {json.dumps(item)}", where)
        return item
    return item


def _parse_enum(schema: str, name: str, values: list[str], item: Any, where: str) -> str:
    # Proto3 JSON accepts an enum either by name or by number, in both dialects.
    if isinstance(item, int) and not isinstance(item, bool) and 0 <= item < len(values):
        return values[item]
    if isinstance(item, str) and item in values:
        return item
    message = f"Invalid value at '{where}' ({_enum_type(schema, name)}), {json.dumps(item)}"
    raise bad_payload(message, where)


# --- responses ---------------------------------------------------------------------------------------------------


def render(schema: str, value: dict[str, Any], enums_as_int: bool) -> dict[str, Any]:
    """Shape a response exactly as `schema` says: only its fields, empty ones omitted, enums in the asked dialect."""
    properties = SCHEMAS[schema].get("properties", {})
    result: dict[str, Any] = {}
    for key, item in value.items():
        definition = properties.get(key)
        if definition is None or item in (None, "", [], {}):
            continue
        rendered = _render_value(definition, item, enums_as_int)
        if rendered in (None, "", [], {}):
            continue
        result[key] = rendered
    return result


def _render_value(definition: dict[str, Any], item: Any, enums_as_int: bool) -> Any:
    if "$ref" in definition:
        return render(definition["$ref"], item, enums_as_int)
    if definition.get("type") == "array":
        return [_render_value(definition["items"], element, enums_as_int) for element in item]
    if "enum" in definition:
        values = definition["enum"]
        name = values[item] if isinstance(item, int) else item
        if name == values[0]:
            return None  # the *_UNSPECIFIED value is proto3's default, never written on the wire
        return values.index(name) if enums_as_int else name
    if definition.get("type") in ("integer", "boolean") and not item:
        return None  # zero and false are proto3 defaults too
    return item
