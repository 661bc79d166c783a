"""Update masks (`google.protobuf.FieldMask`) as Google applies them to Space and Member patches."""

from __future__ import annotations

import copy
from typing import Any

from google_emulator.core.errors import invalid_argument
from google_emulator.meet.discovery import SCHEMAS, camel_case, is_immutable, is_output_only, property_of

ALL_FIELDS = "*"


def parse_mask(raw: str | None, schema: str) -> list[str] | None:
    """The mask's paths in camelCase, `["*"]`, or None when absent (Google: not set, empty, or only "")."""
    if raw is None:
        return None
    paths = [path.strip() for path in raw.split(",")]
    paths = [path for path in paths if path]
    if not paths:
        return None
    if ALL_FIELDS in paths:
        if len(paths) > 1:
            raise invalid_argument("Invalid update mask: '*' cannot be combined with other paths.")
        return [ALL_FIELDS]
    return [_checked_path(path, schema) for path in paths]


def _checked_path(path: str, schema: str) -> str:
    current: str | None = schema
    camel_parts: list[str] = []
    for part in path.split("."):
        found = property_of(current, part) if current else None
        if found is None:
            raise invalid_argument(f'Invalid update mask path: "{path}" is not a field of {schema}.')
        name, definition = found
        if is_output_only(definition) or is_immutable(definition) or _all_output_only(definition):
            raise invalid_argument(f'Invalid update mask path: "{path}" cannot be updated.')
        camel_parts.append(camel_case(name))
        current = definition.get("$ref")
    return ".".join(camel_parts)


def _all_output_only(definition: dict[str, Any]) -> bool:
    # A message whose every field is output only (Space.activeConference) cannot be written either.
    ref = definition.get("$ref")
    if not ref:
        return False
    properties = SCHEMAS[ref].get("properties", {})
    return bool(properties) and all(is_output_only(p) or _all_output_only(p) for p in properties.values())


def updatable_leaf_paths(value: dict[str, Any], schema: str, prefix: str = "") -> list[str]:
    """Every settable leaf present in a request body: what an absent mask means ("fields given in the body")."""
    paths: list[str] = []
    for key, item in value.items():
        definition = SCHEMAS[schema]["properties"][key]
        if is_output_only(definition) or is_immutable(definition) or _all_output_only(definition):
            continue
        if item == "" or ("enum" in definition and item == definition["enum"][0]):
            continue  # proto3 cannot tell a default value from an absent one: it is not "provided"
        path = f"{prefix}{key}"
        if "$ref" in definition and isinstance(item, dict):
            # An empty message sets nothing: without a mask it must not wipe the stored one.
            paths.extend(updatable_leaf_paths(item, definition["$ref"], path + "."))
        else:
            paths.append(path)
    return paths


def top_level_updatable(schema: str) -> list[str]:
    return [
        key
        for key, definition in SCHEMAS[schema]["properties"].items()
        if not (is_output_only(definition) or is_immutable(definition) or _all_output_only(definition))
    ]


def apply_mask(stored: dict[str, Any], body: dict[str, Any], paths: list[str], schema: str) -> dict[str, Any]:
    """A copy of `stored` with each masked path taken from `body`; a path absent from the body is cleared."""
    if paths == [ALL_FIELDS]:
        paths = top_level_updatable(schema)
    result = copy.deepcopy(stored)
    for path in paths:
        parts = path.split(".")
        source: Any = body
        for part in parts:
            source = source.get(part) if isinstance(source, dict) else None
        target = result
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        if source is None:
            target.pop(parts[-1], None)
        else:
            target[parts[-1]] = copy.deepcopy(source)
    return result
