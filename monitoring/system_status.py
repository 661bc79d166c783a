"""What the IT admins' status page shows: queues, workers, beat, quota use and the last failures.

Each part that lives in Redis is read on its own, so an unreachable Redis shows as such on the page instead of
taking the page down with it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TypeVar
from urllib.parse import urlencode

import redis
from django.conf import settings
from django.urls import reverse

from meet_client import space_id_of
from monitoring import heartbeats
from spaces import quota_buckets
from spaces.models import Operation

logger = logging.getLogger(__name__)
T = TypeVar("T")

# kombu's Redis transport keeps a queue as one list per priority step, and reserved messages in a hash.
PRIORITY_SEPARATOR = "\x06\x16"
PRIORITY_STEPS = (0, 3, 6, 9)
UNACKED_KEY = "unacked"
FAILURES_SHOWN = 20


@dataclass(frozen=True)
class QueueDepth:
    name: str
    waiting: int


@dataclass(frozen=True)
class Part:
    """One part of the page: its value, or why it could not be read."""

    value: object
    error: str = ""


@cache
def _broker(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)


def queue_names() -> list[str]:
    default = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
    return sorted({settings.INTERACTIVE_QUEUE, settings.BULK_QUEUE, default})


def queue_depths() -> tuple[list[QueueDepth], int]:
    """Messages waiting in each queue, and messages workers hold but have not acknowledged yet."""
    broker = _broker(settings.CELERY_BROKER_URL)
    with broker.pipeline() as pipe:
        for name in queue_names():
            for step in PRIORITY_STEPS:
                pipe.llen(name if step == 0 else f"{name}{PRIORITY_SEPARATOR}{step}")
        pipe.hlen(UNACKED_KEY)
        answers = pipe.execute()
    steps = len(PRIORITY_STEPS)
    depths = [
        QueueDepth(name, sum(answers[index * steps : (index + 1) * steps])) for index, name in enumerate(queue_names())
    ]
    return depths, answers[-1]


@dataclass(frozen=True)
class Failure:
    operation: Operation
    audit_url: str  # the audit log filtered to it, for changes (the audit log holds writes only)
    space_url: str


def last_failures() -> list[Failure]:
    operations = (
        Operation.objects.filter(state=Operation.State.FAILED)
        .select_related("actor")
        .order_by("-finished_at", "-pk")[:FAILURES_SHOWN]
    )
    failures = []
    for operation in operations:
        audit_url = space_url = ""
        if operation.is_write:
            query = {"outcome": Operation.State.FAILED, "action": operation.kind}
            query["space"] = space_id_of(operation.space_name) if operation.space_name else operation.target
            audit_url = f"{reverse('spaces:audit')}?{urlencode(query)}"
        if operation.space_name:
            space_url = reverse("spaces:space", args=[space_id_of(operation.space_name)])
        failures.append(Failure(operation, audit_url, space_url))
    return failures


def _read(what: str, reader: Callable[[], T]) -> Part:
    try:
        return Part(reader())
    except redis.RedisError as error:
        logger.warning("status page: could not read %s: %s", what, error)
        return Part(None, f"Redis did not answer ({type(error).__name__}).")
    except Exception as error:  # e.g. a broker that is not Redis: say so on the page rather than fail it
        logger.warning("status page: could not read %s: %s", what, error)
        return Part(None, f"Could not be read ({type(error).__name__}).")


def system_status() -> dict[str, object]:
    return {
        "queues": _read("queue depths", queue_depths),
        "workers": _read("worker heartbeats", heartbeats.workers_seen),
        "beat_seen_at": _read("beat's heartbeat", heartbeats.beat_seen_at),
        "beat_entries": _read("beat's schedule", heartbeats.beat_entries),
        "quota_use": _read("quota use", quota_buckets.quota_use),
        "failures": last_failures(),
        "interactive_queue": settings.INTERACTIVE_QUEUE,
        "bulk_queue": settings.BULK_QUEUE,
        "worker_window": settings.WORKER_HEARTBEAT_FRESH_SECONDS,
        "beat_window": settings.BEAT_HEARTBEAT_FRESH_SECONDS,
        "quota_margin": settings.MEET_QUOTA_MARGIN,
        "quota_pacing": settings.MEET_QUOTA_PACING,
    }
