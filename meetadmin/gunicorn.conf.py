"""gunicorn's settings for the web process (docker-compose.yml's `web` runs `gunicorn -c meetadmin/gunicorn.conf.py`).

Read from the environment like Django's settings; .env.example lists these beside them.
"""

from __future__ import annotations

import ipaddress
import os

# The image sets GUNICORN_BIND=0.0.0.0:8000 (a container's own interface); anywhere else, loopback unless told.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Each sync worker serves one request at a time; views only read the database and queue work, so requests are short.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# A request is never this slow on purpose: views never call Google. Past this the worker is stuck; recycle it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Only the TLS-terminating proxy may say a request arrived over HTTPS (X-Forwarded-Proto) or from whom
# (X-Forwarded-For); a client reaching gunicorn from anywhere else cannot. A comma-separated list of addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Recycle workers now and then, jittered so that they do not all restart together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
# The peer (the proxy, as gunicorn sees it: what FORWARDED_ALLOW_IPS must name), the client as the proxy saw it,
# the request, status, bytes, milliseconds, user agent, and the request id when one was set.
access_log_format = '%(h)s %({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s" %({x-request-id}o)s'

# Without the OAuth callback's code and state, whatever the format (meetadmin/gunicorn_logging.py).
logger_class = "meetadmin.gunicorn_logging.RedactingLogger"

# gunicorn already ignores X-Forwarded-Proto from anyone outside forwarded_allow_ips when it decides the scheme, but
# passes the header on; Django (SECURE_PROXY_SSL_HEADER) and allauth (X-Forwarded-For) would still read it. Dropped
# here, so that all three trust the same addresses and nobody else.
PROXY_HEADERS = ("X-FORWARDED-PROTO", "X-FORWARDED-FOR")


def peer_is_trusted_proxy(peer: object, allowed: list[str]) -> bool:
    if not isinstance(peer, tuple):  # a Unix socket: only what runs on this machine can reach it
        return True
    if "*" in allowed:
        return True
    address = ipaddress.ip_address(peer[0])
    return any(address in ipaddress.ip_network(entry, strict=False) for entry in allowed)


def pre_request(worker, request) -> None:
    if not peer_is_trusted_proxy(request.peer_addr, worker.cfg.forwarded_allow_ips):
        request.headers = [(name, value) for name, value in request.headers if name not in PROXY_HEADERS]
