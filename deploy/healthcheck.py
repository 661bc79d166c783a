"""The web container's health check: does gunicorn answer Django's /healthz (the process is up)?

/readyz, which also wants a worker and beat, is for the load balancer: a web container is not broken when the
worker is. Asks as the proxy would (a host name the site serves, X-Forwarded-Proto: https), so that any other URL
passed in still gets past ALLOWED_HOSTS and the HTTPS redirect. Exit 0 when the answer is below 400.

    python deploy/healthcheck.py [http://127.0.0.1:8000/healthz]
"""

from __future__ import annotations

import http.client
import os
import sys
from urllib.parse import urlsplit

DEFAULT_URL = "http://127.0.0.1:8000/healthz"


def served_host() -> str:
    for host in os.environ.get("ALLOWED_HOSTS", "localhost").split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main(url: str = DEFAULT_URL) -> int:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=10)
    try:
        connection.request("GET", parts.path or "/", headers={"Host": served_host(), "X-Forwarded-Proto": "https"})
        status = connection.getresponse().status
    except OSError as error:
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if status >= 400:
        print(f"unhealthy: {url} answered {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
