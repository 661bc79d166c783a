"""Partial responses: Google's `fields` system parameter (`name,config(accessType,moderation),items/name`)."""

from __future__ import annotations

from typing import Any

from google_emulator.core.errors import invalid_argument
from google_emulator.meet.discovery import SCHEMAS

Selection = dict[str, "Selection | None"]  # a field name -> what to keep inside it (None: all of it)


def parse_fields(text: str) -> Selection:
    selection, position = _parse_list(text.replace(" ", ""), 0)
    if position != len(text.replace(" ", "")):
        raise invalid_argument(f"Invalid field selection {text}")
    return selection


def _parse_list(text: str, position: int) -> tuple[Selection, int]:
    selection: Selection = {}
    while True:
        position = _parse_item(text, position, selection)
        if position < len(text) and text[position] == ",":
            position += 1
            continue
        return selection, position


def _parse_item(text: str, position: int, selection: Selection) -> int:
    start = position
    while position < len(text) and text[position] not in ",()":
        position += 1
    path = text[start:position]
    if not path or any(not part for part in path.split("/")):
        raise invalid_argument(f"Invalid field selection {text}")
    inner: Selection | None = None
    if position < len(text) and text[position] == "(":
        inner, position = _parse_list(text, position + 1)
        if position >= len(text) or text[position] != ")":
            raise invalid_argument(f"Invalid field selection {text}")
        position += 1
    parts = path.split("/")
    target = selection
    for part in parts[:-1]:
        existing = target.get(part, {})
        if existing is None:
            return position  # the whole field is already selected
        target[part] = existing
        target = existing
    last = parts[-1]
    target[last] = _merge(target[last], inner) if last in target else inner
    return position


def _merge(existing: Selection | None, inner: Selection | None) -> Selection | None:
    if existing is None or inner is None:
        return None
    merged = dict(existing)
    merged.update(inner)
    return merged


def check_selection(selection: Selection, schema: str) -> None:
    """Google refuses a selection naming a field the response does not have."""
    properties = SCHEMAS[schema].get("properties", {})
    for name, inner in selection.items():
        if name == "*":
            continue
        if name not in properties:
            raise invalid_argument(f"Invalid field selection {name}")
        definition = properties[name]
        ref = definition.get("$ref") or definition.get("items", {}).get("$ref")
        if inner is not None:
            if ref is None:
                raise invalid_argument(f"Invalid field selection {name}")
            check_selection(inner, ref)


def select(value: Any, selection: Selection | None) -> Any:
    if selection is None or "*" in selection:
        return value
    if isinstance(value, list):
        return [select(item, selection) for item in value]
    if not isinstance(value, dict):
        return value
    result = {}
    for name, inner in selection.items():
        if name in value:
            chosen = select(value[name], inner)
            if chosen not in ({}, []):
                result[name] = chosen
    return result
