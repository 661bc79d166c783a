"""How records travel as Google's JSON: camelCase keys, RFC 3339 timestamps, enum names.

One generic codec instead of a hand-written parser per schema: a record is a frozen dataclass whose field types
say how to read each key. Reading never fails on something new from Google: unknown keys land in the record's
`extra` mapping and unknown enum values stay plain strings.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar

Record = TypeVar("Record")

EXTRA = "extra"
_FRACTION = re.compile(r"\.(\d+)")


def json_key(field: dataclasses.Field) -> str:
    if "json" in field.metadata:
        return field.metadata["json"]
    head, *rest = field.name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def from_json(record_type: type[Record], data: Mapping[str, Any] | None) -> Record:
    """Builds `record_type` from a decoded JSON object; unknown keys go to `extra`."""
    data = data or {}
    values: dict[str, Any] = {}
    read: set[str] = set()
    for field, field_type in _fields(record_type):
        key = json_key(field)
        if key in data and data[key] is not None:
            try:
                values[field.name] = _read(field_type, data[key])
            except (ValueError, TypeError, AttributeError):
                continue  # a value of an unexpected shape stays raw in `extra` rather than failing the call
        read.add(key)
    if any(field.name == EXTRA for field in dataclasses.fields(record_type)):
        values[EXTRA] = types.MappingProxyType({key: value for key, value in data.items() if key not in read})
    return record_type(**values)


def to_json(record: Any) -> dict[str, Any]:
    """The record as Google's JSON, leaving out unset fields. `extra` is not sent: writes send what we know."""
    body: dict[str, Any] = {}
    for field, _field_type in _fields(type(record)):
        value = getattr(record, field.name)
        written = _write(value)
        if written is not None and written != [] and written != {}:
            body[json_key(field)] = written
    return body


def parse_timestamp(text: str) -> datetime:
    """RFC 3339 as an aware UTC datetime. Google may send nanoseconds; Python keeps microseconds."""
    value = text.strip().replace("z", "Z").replace("t", "T")
    value = _FRACTION.sub(lambda match: "." + match.group(1)[:6].ljust(6, "0"), value, count=1)
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def format_timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def read_enum(enum_type: type[StrEnum], value: Any) -> StrEnum | str:
    """A known value becomes the enum member; a value Google added later stays the raw string."""
    try:
        return enum_type(value)
    except ValueError:
        return str(value)


@cache
def _fields(record_type: type) -> tuple[tuple[dataclasses.Field, Any], ...]:
    hints = typing.get_type_hints(record_type)
    return tuple((field, hints[field.name]) for field in dataclasses.fields(record_type) if field.name != EXTRA)


def _read(field_type: Any, value: Any) -> Any:
    origin = typing.get_origin(field_type)
    if origin in (typing.Union, types.UnionType):
        members = [member for member in typing.get_args(field_type) if member is not type(None)]
        enum_types = [member for member in members if isinstance(member, type) and issubclass(member, StrEnum)]
        if enum_types:
            return read_enum(enum_types[0], value)
        return _read(members[0], value)
    if origin is tuple:
        item_type = typing.get_args(field_type)[0]
        return tuple(_read(item_type, item) for item in value)
    if field_type is datetime:
        return parse_timestamp(value)
    if dataclasses.is_dataclass(field_type):
        return from_json(field_type, value)
    if field_type is int:
        return int(value)
    if field_type is str:
        return str(value)
    return value


def _write(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, StrEnum):
        return value.value
    if dataclasses.is_dataclass(value):
        return to_json(value)
    if isinstance(value, tuple):
        return [_write(item) for item in value]
    return value
