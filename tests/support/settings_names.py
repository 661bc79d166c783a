"""The environment variables meetadmin's settings read, found in settings.py's text."""

from __future__ import annotations

import re

from tests.support.paths import REPO

ENV_READ = re.compile(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]*)\"")


def settings_read() -> set[str]:
    return set(ENV_READ.findall((REPO / "meetadmin" / "settings.py").read_text()))
