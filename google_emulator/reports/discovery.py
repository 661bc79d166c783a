"""Google's discovery document for the Admin SDK Reports API, read once: the contract of `activities.list`.

The method's path, its parameters' patterns, `maxResults`' default and bounds, and the scopes come from
`admin.reports_v1.json` (a copy of the document google-api-python-client ships), so the emulator follows its shape.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

DOCUMENT: dict[str, Any] = json.loads((Path(__file__).parent / "admin.reports_v1.json").read_text())

SCOPES: dict[str, str] = {scope: spec["description"] for scope, spec in DOCUMENT["auth"]["oauth2"]["scopes"].items()}
SCOPE_AUDIT = "https://www.googleapis.com/auth/admin.reports.audit.readonly"

LIST_METHOD: dict[str, Any] = DOCUMENT["resources"]["activities"]["methods"]["list"]
METHOD_ID: str = LIST_METHOD["id"]  # reports.activities.list
PARAMETERS: dict[str, dict[str, Any]] = LIST_METHOD["parameters"]
LIST_SCOPES: tuple[str, ...] = tuple(LIST_METHOD["scopes"])
# Query parameters every Google API accepts besides the method's own.
SYSTEM_PARAMETERS = frozenset(DOCUMENT["parameters"])

_MAX_RESULTS = PARAMETERS["maxResults"]
MAX_RESULTS_DEFAULT = int(_MAX_RESULTS["default"])
MAX_RESULTS_MINIMUM = int(_MAX_RESULTS["minimum"])
MAX_RESULTS_MAXIMUM = int(_MAX_RESULTS["maximum"])

# `flatPath` with its two path parameters as groups: the route and the handler read them from here.
PATH_PATTERN = "/" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(LIST_METHOD["flatPath"]))


def pattern_of(parameter: str) -> str | None:
    return PARAMETERS[parameter].get("pattern")
