"""PostgreSQL's statement timeout, set for each connection in libpq's `options` (no extra round trip per connection).

Each kind of process sets its own when it starts: the web DATABASE_STATEMENT_TIMEOUT (meetadmin/wsgi.py), workers
DATABASE_WORKER_STATEMENT_TIMEOUT (meetadmin/celery.py); `manage.py` commands none.
"""

from __future__ import annotations

import re

_STATEMENT_TIMEOUT = re.compile(r"\s*-c\s*statement_timeout=\S+")


def statement_timeout_option(options: str, seconds: float) -> str:
    """libpq's `options` with the statement timeout set to `seconds` (0: none), and anything else in it kept."""
    kept = _STATEMENT_TIMEOUT.sub("", options).strip()
    return f"{kept} -c statement_timeout={round(seconds * 1000)}".strip()


def use_statement_timeout(seconds: float) -> None:
    """For this process's connections from now on (the open ones are closed, and reconnect when next used)."""
    from django.conf import settings
    from django.db import connections

    options = settings.DATABASES["default"]["OPTIONS"]
    options["options"] = statement_timeout_option(options.get("options", ""), seconds)
    connections.close_all()
