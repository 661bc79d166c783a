"""Google's discovery document for the Meet REST API, read as a test oracle.

The emulator must answer field for field as `meet.v2.json` says: this module checks a JSON value against a schema of
that document (unknown fields, types, enums in either wire dialect, timestamps, output-only fields in requests) and
describes its methods (verb, path, parameters, scopes, request and response schemas), so that tests take their
expectations from Google's contract and never from what the emulator happens to do.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

Dialect = Literal["names", "ints"]

REPO_ROOT = Path(__file__).resolve().parents[2]

# CI clones the repo somewhere else with `shared/` beside it, so the document is found relative to the repo root;
# the emulator may also ship its own copy.
DOCUMENT_CANDIDATES = (
    REPO_ROOT.parent / "shared" / "meet-api" / "meet.v2.json",
    REPO_ROOT / "google_emulator" / "meet" / "meet.v2.json",
)

# RFC 3339 in UTC with a literal Z, as Google writes `google-datetime` values (fractions optional, up to nanos).
RFC3339_UTC = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$")
INT32_RANGE = range(-(2**31), 2**31)


class SchemaViolation(AssertionError):
    """A value that does not match the discovery document; `path` says where (e.g. `Space.config.accessType`)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def document_path() -> Path:
    override = os.environ.get("MEET_DISCOVERY_DOCUMENT")
    if override:
        return Path(override)
    for candidate in DOCUMENT_CANDIDATES:
        if candidate.is_file():
            return candidate
    searched = ", ".join(str(candidate) for candidate in DOCUMENT_CANDIDATES)
    raise FileNotFoundError(f"meet.v2.json not found; looked in {searched}")


@cache
def document() -> dict[str, Any]:
    """The discovery document as a dict (cached: treat it as read-only)."""
    return json.loads(document_path().read_text(encoding="utf-8"))


def document_copy() -> dict[str, Any]:
    """A fresh copy, for code that may mutate what it is given (googleapiclient does)."""
    return json.loads(document_path().read_text(encoding="utf-8"))


def schema(name: str) -> dict[str, Any]:
    try:
        return document()["schemas"][name]
    except KeyError:
        raise KeyError(f"no schema {name!r} in meet.v2.json") from None


# ---------------------------------------------------------------------------------------------------- methods


@dataclass(frozen=True)
class Method:
    id: str
    http_method: str
    path: str  # the template with reserved expansion, e.g. `v2/{+name}`
    flat_path: str  # e.g. `v2/spaces/{spacesId}`
    parameters: dict[str, dict[str, Any]]
    parameter_order: tuple[str, ...]
    scopes: tuple[str, ...]
    request: str | None  # schema name of the body, None when there is none
    response: str | None
    description: str = ""

    @property
    def path_parameters(self) -> dict[str, dict[str, Any]]:
        return {name: spec for name, spec in self.parameters.items() if spec.get("location") == "path"}

    @property
    def query_parameters(self) -> dict[str, dict[str, Any]]:
        return {name: spec for name, spec in self.parameters.items() if spec.get("location") == "query"}

    @property
    def is_list(self) -> bool:
        return self.id.endswith(".list")

    def url_path(self, **values: str) -> str:
        """The request path for the given path parameters, e.g. `/v2/spaces/abc` for `name="spaces/abc"`."""
        path = self.path
        for name in self.path_parameters:
            if name not in values:
                raise KeyError(f"{self.id} needs path parameter {name!r}")
            pattern = self.path_parameters[name].get("pattern")
            if pattern and not re.match(pattern, values[name]):
                raise ValueError(f"{values[name]!r} does not match {self.id}'s {name} pattern {pattern}")
            path = path.replace("{+" + name + "}", values[name]).replace("{" + name + "}", values[name])
        return "/" + path


def _walk_methods(resources: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for resource in resources.values():
        yield from resource.get("methods", {}).values()
        yield from _walk_methods(resource.get("resources", {}))


@cache
def _methods() -> dict[str, Method]:
    methods = {}
    for raw in _walk_methods(document()["resources"]):
        methods[raw["id"]] = Method(
            id=raw["id"],
            http_method=raw["httpMethod"],
            path=raw["path"],
            flat_path=raw["flatPath"],
            parameters=raw.get("parameters", {}),
            parameter_order=tuple(raw.get("parameterOrder", ())),
            scopes=tuple(raw.get("scopes", ())),
            request=raw.get("request", {}).get("$ref"),
            response=raw.get("response", {}).get("$ref"),
            description=raw.get("description", ""),
        )
    return methods


def all_method_ids() -> list[str]:
    return sorted(_methods())


def method(method_id: str) -> Method:
    try:
        return _methods()[method_id]
    except KeyError:
        raise KeyError(f"no method {method_id!r} in meet.v2.json") from None


def list_field(response_schema: str) -> str:
    """The plural field a List*Response carries its items under (`conferenceRecords`, `transcriptEntries`, ...)."""
    arrays = [name for name, spec in schema(response_schema)["properties"].items() if spec.get("type") == "array"]
    if len(arrays) != 1:
        raise ValueError(f"{response_schema} has no single array field: {arrays}")
    return arrays[0]


def page_size_limits(method_id: str) -> tuple[int, int]:
    """(default, maximum) page size of a list method, as its `pageSize` description states them in words."""
    text = method(method_id).parameters["pageSize"]["description"]
    default = re.search(r"at most (\d+)", text)
    maximum = re.search(r"maximum value is (\d+)", text)
    if not (default and maximum):
        raise ValueError(f"{method_id}: no default/maximum page size in {text!r}")
    return int(default.group(1)), int(maximum.group(1))


def default_order(method_id: str) -> tuple[str, str] | None:
    """What a list method sorts by and which way, from its description: e.g. `("start time", "descending")`."""
    found = re.search(r"ordered by ([a-z ]+?) and in (ascending|descending) order", method(method_id).description)
    return (found.group(1), found.group(2)) if found else None


def output_only(spec: dict[str, Any]) -> bool:
    return bool(spec.get("readOnly")) or spec.get("description", "").startswith("Output only.")


def enum_names(schema_name: str, field_path: str) -> list[str]:
    """The enum of a (dotted) field, e.g. `enum_names("Space", "config.accessType")`."""
    return _field_spec(schema_name, field_path)["enum"]


def _field_spec(schema_name: str, field_path: str) -> dict[str, Any]:
    current = schema(schema_name)
    spec: dict[str, Any] = current
    for part in field_path.split("."):
        spec = current["properties"][part]
        if "$ref" in spec:
            current = schema(spec["$ref"])
    return spec


# ---------------------------------------------------------------------------------------------------- validation


def validate(schema_name: str, value: Any, dialect: Dialect = "names", request: bool = False) -> None:
    """Raise SchemaViolation unless `value` is a JSON value of `schema_name` as meet.v2.json defines it.

    `dialect="ints"` is `$alt=json;enum-encoding=int`: enums are integers, their position in the schema's `enum`.
    `request=True` also refuses output-only fields, which a client has no business sending.
    """
    if dialect not in ("names", "ints"):
        raise ValueError(f"unknown dialect {dialect!r}")
    _check_object(schema_name, value, schema_name, dialect, request)


def _check_object(schema_name: str, value: Any, path: str, dialect: Dialect, request: bool) -> None:
    properties = schema(schema_name).get("properties", {})
    if not isinstance(value, dict):
        raise SchemaViolation(path, f"expected an object ({schema_name}), got {_kind(value)} {value!r:.80}")
    for field, field_value in value.items():
        field_path = f"{path}.{field}"
        if field not in properties:
            known = ", ".join(sorted(properties)) or "none"
            raise SchemaViolation(field_path, f"unknown field of {schema_name} (known fields: {known})")
        spec = properties[field]
        if request and output_only(spec):
            raise SchemaViolation(field_path, f"output-only field of {schema_name} sent in a request")
        _check_value(spec, field_value, field_path, dialect, request)


def _check_value(spec: dict[str, Any], value: Any, path: str, dialect: Dialect, request: bool) -> None:
    if "$ref" in spec:
        _check_object(spec["$ref"], value, path, dialect, request)
        return
    kind = spec.get("type")
    if "enum" in spec:
        _check_enum(spec["enum"], value, path, dialect)
    elif kind == "string":
        _check_string(spec.get("format"), value, path)
    elif kind == "integer":
        _check_integer(spec.get("format"), value, path)
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SchemaViolation(path, f"expected a number, got {_kind(value)} {value!r:.80}")
    elif kind == "boolean":
        if not isinstance(value, bool):
            raise SchemaViolation(path, f"expected a boolean, got {_kind(value)} {value!r:.80}")
    elif kind == "array":
        if not isinstance(value, list):
            raise SchemaViolation(path, f"expected an array, got {_kind(value)} {value!r:.80}")
        for index, item in enumerate(value):
            _check_value(spec["items"], item, f"{path}[{index}]", dialect, request)
    elif kind == "object":
        if not isinstance(value, dict):
            raise SchemaViolation(path, f"expected an object, got {_kind(value)} {value!r:.80}")
        if "additionalProperties" in spec:
            for key, item in value.items():
                _check_value(spec["additionalProperties"], item, f"{path}.{key}", dialect, request)
    else:
        raise SchemaViolation(path, f"the validator does not know type {kind!r}")


def _check_enum(names: list[str], value: Any, path: str, dialect: Dialect) -> None:
    if dialect == "names":
        if not isinstance(value, str):
            raise SchemaViolation(path, f"expected an enum name (one of {names}), got {_kind(value)} {value!r:.80}")
        if value not in names:
            raise SchemaViolation(path, f"{value!r} is not one of {names}")
    else:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SchemaViolation(
                path, f"expected an enum integer 0..{len(names) - 1} (int dialect), got {_kind(value)} {value!r:.80}"
            )
        if not 0 <= value < len(names):
            raise SchemaViolation(path, f"{value} is outside the enum's range 0..{len(names) - 1} ({names})")


def _check_string(fmt: str | None, value: Any, path: str) -> None:
    if fmt in ("int64", "uint64"):
        # proto3 JSON writes 64-bit integers as strings.
        if not isinstance(value, str) or not re.fullmatch(r"-?\d+", value):
            raise SchemaViolation(path, f"expected a {fmt} as a decimal string, got {_kind(value)} {value!r:.80}")
        return
    if not isinstance(value, str):
        raise SchemaViolation(path, f"expected a string, got {_kind(value)} {value!r:.80}")
    if fmt == "google-datetime":
        check_timestamp(value, path)
    elif fmt == "google-duration" and not re.fullmatch(r"-?\d+(\.\d{1,9})?s", value):
        raise SchemaViolation(path, f"{value!r} is not a google-duration like '3.5s'")


def check_timestamp(value: str, path: str = "timestamp") -> datetime:
    """An RFC 3339 timestamp in UTC with a trailing Z, as Google writes them; returned as an aware datetime."""
    match = RFC3339_UTC.match(value)
    if not match:
        raise SchemaViolation(path, f"{value!r} is not an RFC 3339 UTC timestamp ending in Z (google-datetime)")
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    fraction = (match.group(7) or ".")[1:]
    microsecond = int(fraction[:6].ljust(6, "0")) if fraction else 0
    try:
        # Leap seconds (:60) are legal RFC 3339 but never produced by Google; treat them as malformed.
        return datetime(year, month, day, hour, minute, second, microsecond, tzinfo=UTC)
    except ValueError as error:
        raise SchemaViolation(path, f"{value!r} is not a real date and time ({error})") from None


def _check_integer(fmt: str | None, value: Any, path: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SchemaViolation(path, f"expected an integer, got {_kind(value)} {value!r:.80}")
    if fmt in ("int32", None) and value not in INT32_RANGE:
        raise SchemaViolation(path, f"{value} does not fit in an int32")
    if fmt == "uint32" and not 0 <= value < 2**32:
        raise SchemaViolation(path, f"{value} does not fit in a uint32")


def _kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )


# ---------------------------------------------------------------------------------------------------- dialects


def to_ints(schema_name: str, value: dict[str, Any]) -> dict[str, Any]:
    """The same value in the `enum-encoding=int` dialect: every enum name replaced by its index."""
    return _convert(schema_name, value, lambda names, item: names.index(item))


def to_names(schema_name: str, value: dict[str, Any]) -> dict[str, Any]:
    """The same value in the names dialect: every enum integer replaced by its name."""
    return _convert(schema_name, value, lambda names, item: names[item])


def _convert(schema_name: str, value: dict[str, Any], convert) -> dict[str, Any]:
    properties = schema(schema_name).get("properties", {})
    converted = {}
    for field, item in value.items():
        spec = properties.get(field)
        converted[field] = item if spec is None else _convert_value(spec, item, convert)
    return converted


def _convert_value(spec: dict[str, Any], value: Any, convert) -> Any:
    if "$ref" in spec and isinstance(value, dict):
        return _convert(spec["$ref"], value, convert)
    if "enum" in spec:
        return convert(spec["enum"], value)
    if spec.get("type") == "array" and isinstance(value, list):
        return [_convert_value(spec["items"], item, convert) for item in value]
    return value


def default_valued_fields(schema_name: str, value: Any, path: str | None = None) -> list[str]:
    """Paths of fields present with their default value (`""`, `[]`, `{}`, 0, false, `*_UNSPECIFIED`).

    proto3 JSON omits such fields, and so does Google: a response carrying them is not what a client will meet.
    """
    path = path or schema_name
    found: list[str] = []
    properties = schema(schema_name).get("properties", {})
    if not isinstance(value, dict):
        return found
    for field, item in value.items():
        spec = properties.get(field, {})
        field_path = f"{path}.{field}"
        is_unspecified_enum = "enum" in spec and item in (spec["enum"][0], 0)
        is_empty = item is None or item is False or (not isinstance(item, bool) and item in ("", [], {}, 0))
        if is_unspecified_enum or is_empty:
            found.append(field_path)
        elif "$ref" in spec:
            found += default_valued_fields(spec["$ref"], item, field_path)
        elif spec.get("type") == "array" and "$ref" in spec.get("items", {}):
            for index, element in enumerate(item):
                found += default_valued_fields(spec["items"]["$ref"], element, f"{field_path}[{index}]")
    return found
