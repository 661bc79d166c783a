"""`/healthz` and `/readyz` for load balancers and orchestrators.

`/healthz` says only that the process answers: no database, no Redis, no session. `/readyz` says whether this
instance can do its work: the database answers, Redis answers, a worker consuming the Operations queue has beaten
recently, and so has beat. Both are answered by a middleware placed before the host check, the HTTPS redirect and
sessions, so a probe by IP address over plain HTTP works and never touches the session table.

`/readyz` answers within READYZ_DEADLINE_SECONDS whatever the database and Redis do: a probe that hangs tells the
orchestrator nothing, and holds one of gunicorn's few workers. The database and Redis are asked at once, each in a
thread of its own; whatever has not answered by the deadline is named as such, and its thread is left to end on its
own timeouts (connect and statement for the database, socket timeouts for Redis).
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

from meetadmin.redis import quick_redis_connection
from monitoring import heartbeats

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def readiness() -> list[Check]:
    deadline = settings.READYZ_DEADLINE_SECONDS
    answers: dict[str, Check] = {}
    # Each in a copy of this request's context, so that their log lines carry its request id.
    parts = [
        threading.Thread(target=contextvars.copy_context().run, args=(_ask, answers, part), daemon=True)
        for part in (_database, _redis_and_heartbeats)
    ]
    ends = time.monotonic() + deadline
    for thread in parts:
        thread.start()
    for thread in parts:
        thread.join(max(ends - time.monotonic(), 0))
    answered = dict(answers)  # the threads that are still asking may add to `answers` later
    silent = f"no answer within {deadline:g}s"
    if "redis" not in answered:
        answered["redis"] = Check("redis", False, silent)
    if not answered["redis"].ok:
        # Heartbeats live in Redis: without it, neither worker nor beat can be vouched for.
        answered["worker"] = Check("worker", False, "unknown: Redis is unreachable")
        answered["beat"] = Check("beat", False, "unknown")
    return [answered.get(name) or Check(name, False, silent) for name in ("database", "redis", "worker", "beat")]


def _ask(answers: dict[str, Check], part: Callable[[], list[Check] | Check]) -> None:
    checks = part()
    for check in checks if isinstance(checks, list) else [checks]:
        answers[check.name] = check


def _redis_and_heartbeats() -> list[Check]:
    redis = _redis()
    return [redis, _worker(), _beat()] if redis.ok else [redis]


def _database() -> Check:
    """In a thread of its own, so on a connection of its own: closed here, whatever happens."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any failure means "not ready", never a 500
        logger.warning("readyz: database check failed: %s", error)
        return Check("database", False, type(error).__name__)
    finally:
        connection.close()
    return Check("database", True, "answers")


def _redis() -> Check:
    try:
        quick_redis_connection().ping()
    except Exception as error:
        logger.warning("readyz: Redis check failed: %s", error)
        return Check("redis", False, type(error).__name__)
    return Check("redis", True, "answers")


def _worker() -> Check:
    """Every queue needs a worker of its own: bulk workers alone would leave every End waiting."""
    details = []
    for queue in (settings.INTERACTIVE_QUEUE, settings.BULK_QUEUE):
        try:
            worker = heartbeats.worker_consuming(queue)
        except Exception as error:
            return Check("worker", False, type(error).__name__)
        if worker is None:
            window = settings.WORKER_HEARTBEAT_FRESH_SECONDS
            return Check("worker", False, f"no worker consuming {queue!r} seen in the last {window}s")
        # No host names: the probe answers anyone who can reach it. The status page names the workers.
        details.append(f"a worker consuming {queue!r} seen at {worker.seen_at.isoformat(timespec='seconds')}")
    return Check("worker", True, "; ".join(details))


def _beat() -> Check:
    try:
        seen_at = heartbeats.beat_seen_at()
    except Exception as error:
        return Check("beat", False, type(error).__name__)
    if not heartbeats.beat_is_fresh(seen_at):
        window = settings.BEAT_HEARTBEAT_FRESH_SECONDS
        return Check("beat", False, f"beat not seen in the last {window}s")
    return Check("beat", True, f"seen at {seen_at.isoformat(timespec='seconds')}")


def healthz(request: HttpRequest) -> HttpResponse:
    return _no_store(JsonResponse({"status": "ok"}))


def readyz(request: HttpRequest) -> HttpResponse:
    checks = readiness()
    ready = all(check.ok for check in checks)
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": {check.name: {"ok": check.ok, "detail": check.detail} for check in checks},
        "failed": [check.name for check in checks if not check.ok],
    }
    return _no_store(JsonResponse(body, status=200 if ready else 503))


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


PROBES: dict[str, Callable[[HttpRequest], HttpResponse]] = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info.rstrip("/"))
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)
