"""gunicorn's logger, less the OAuth callback's code and state (meetadmin/log_redaction.py).

Named by meetadmin/gunicorn.conf.py (`logger_class`) and by `make demo`'s gunicorn command line.
"""

from __future__ import annotations

from gunicorn.glogging import Logger

from meetadmin.log_redaction import RedactSecretQueries, redact, redact_query


class RedactingLogger(Logger):
    """Redacts in every format an operator might choose: the request line, the bare query (`%(q)s`), headers such as
    the referer, and gunicorn's own error lines (which name the request's address when a request fails)."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        self.error_log.addFilter(RedactSecretQueries())
        self.access_log.addFilter(RedactSecretQueries())

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        cleaned = {name: redact(value) if isinstance(value, str) else value for name, value in atoms.items()}
        cleaned["q"] = redact_query(environ.get("PATH_INFO") or "", environ.get("QUERY_STRING") or "")
        return cleaned
