"""Keep the OAuth callback's authorization code and state out of every log line.

Google sends the browser back to `/accounts/google/login/callback/?code=...&state=...`. Whoever reads the logs must
not be able to finish someone's sign-in, so the query string of that path, and of any address carrying one of the
parameters below, is replaced wherever a log line would show it: gunicorn's access log (meetadmin/gunicorn.conf.py)
and every record through Django's logging (LOGGING's console handler), including the request Django attaches to its
4xx/5xx lines, whose repr holds the full path. No Django import: gunicorn's master process loads this too.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"
CALLBACK_PATH = "/login/callback/"
SECRET_PARAMETERS = ("code", "state", "id_token", "access_token", "refresh_token")

# A path or URL followed by its query: the query runs to whitespace, a quote, '>' or a fragment.
_WITH_QUERY = re.compile(
    r"(?P<path>(?:[a-zA-Z][a-zA-Z0-9+.-]*://[^\s/?#'\"<>]*)?/[^\s?#'\"<>]*)\?(?P<query>[^\s#'\"<>]*)"
)
_SECRET = re.compile(rf"(?:^|[&;])(?:{'|'.join(SECRET_PARAMETERS)})=", re.IGNORECASE)


def is_secret(path: str, query: str) -> bool:
    return path.endswith(CALLBACK_PATH) or bool(_SECRET.search(query))


def redact_query(path: str, query: str) -> str:
    """The query to show for `path`: as it is, or REDACTED."""
    return REDACTED if query and is_secret(path, query) else query


def redact(text: str) -> str:
    """`text` with the query of every secret-bearing path or URL in it replaced."""
    if "?" not in text:
        return text
    return _WITH_QUERY.sub(lambda found: f"{found['path']}?{redact_query(found['path'], found['query'])}", text)


class RedactSecretQueries(logging.Filter):
    """Rewrites a record's message and its extra string values; `request` (Django's) becomes a redacted string."""

    _STANDARD = frozenset(vars(logging.makeLogRecord({})))

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        for name, value in list(vars(record).items()):
            if name in self._STANDARD:
                continue
            if isinstance(value, str):
                setattr(record, name, redact(value))
            elif hasattr(value, "get_full_path") and hasattr(value, "method"):
                setattr(record, name, f"{value.method} {redact(value.get_full_path())}")
        return True
