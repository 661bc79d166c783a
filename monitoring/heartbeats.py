"""Heartbeats in Redis: every worker says it is alive every few seconds, and beat says so on every tick.

`/readyz` and the IT admins' status page read them. A heartbeat comes from the worker's own event loop (the loop
that takes tasks off the queue), so a worker that stops consuming stops beating; asking workers over the broker
(`inspect().ping()`) would prove more but takes a second or more, too slow for a load balancer's probe.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings

from meetadmin.redis import quick_redis_connection

WORKERS_KEY = "meetadmin:heartbeat:workers"  # sorted set: worker hostname, scored by the unix time last seen
WORKER_QUEUES_KEY = "meetadmin:heartbeat:worker-queues"  # hash: worker hostname -> the queues it consumes
BEAT_KEY = "meetadmin:heartbeat:beat"  # the unix time of beat's last tick
BEAT_SENT_KEY = "meetadmin:heartbeat:beat-sent"  # hash: schedule entry -> the unix time beat last sent it
BEAT_RAN_KEY = "meetadmin:heartbeat:beat-ran"  # hash: task name -> the unix time a worker last finished it
FORGET_AFTER_SECONDS = 24 * 3600  # a worker silent this long leaves the status page


@dataclass(frozen=True)
class WorkerSeen:
    hostname: str
    queues: tuple[str, ...]
    seen_at: datetime
    fresh: bool


@dataclass(frozen=True)
class BeatEntry:
    name: str
    task: str
    every_seconds: float | None
    sent_at: datetime | None
    ran_at: datetime | None


def worker_alive(hostname: str, queues: list[str]) -> None:
    now = time.time()
    with quick_redis_connection().pipeline() as pipe:
        pipe.zadd(WORKERS_KEY, {hostname: now})
        pipe.hset(WORKER_QUEUES_KEY, hostname, ",".join(sorted(queues)))
        pipe.zremrangebyscore(WORKERS_KEY, "-inf", now - FORGET_AFTER_SECONDS)
        pipe.execute()


def worker_gone(hostname: str) -> None:
    with quick_redis_connection().pipeline() as pipe:
        pipe.zrem(WORKERS_KEY, hostname)
        pipe.hdel(WORKER_QUEUES_KEY, hostname)
        pipe.execute()


def beat_ticked() -> None:
    quick_redis_connection().set(BEAT_KEY, time.time())


def beat_sent(entry_name: str) -> None:
    quick_redis_connection().hset(BEAT_SENT_KEY, entry_name, time.time())


def beat_task_ran(task_name: str) -> None:
    quick_redis_connection().hset(BEAT_RAN_KEY, task_name, time.time())


def workers_seen() -> list[WorkerSeen]:
    """Newest first. Raises redis errors: callers decide what an unreachable Redis means to them."""
    connection = quick_redis_connection()
    seen = connection.zrevrange(WORKERS_KEY, 0, 99, withscores=True)
    queues = connection.hgetall(WORKER_QUEUES_KEY)
    fresh_after = time.time() - settings.WORKER_HEARTBEAT_FRESH_SECONDS
    return [
        WorkerSeen(
            hostname=hostname.decode(),
            queues=tuple(q for q in queues.get(hostname, b"").decode().split(",") if q),
            seen_at=_moment(score),
            fresh=score >= fresh_after,
        )
        for hostname, score in seen
    ]


def worker_consuming(queue: str) -> WorkerSeen | None:
    return next((worker for worker in workers_seen() if worker.fresh and queue in worker.queues), None)


def beat_seen_at() -> datetime | None:
    value = quick_redis_connection().get(BEAT_KEY)
    return _moment(float(value)) if value is not None else None


def beat_is_fresh(seen_at: datetime | None) -> bool:
    return seen_at is not None and time.time() - seen_at.timestamp() <= settings.BEAT_HEARTBEAT_FRESH_SECONDS


def beat_entries() -> list[BeatEntry]:
    """Each entry of the beat schedule, with when beat last sent it and when a worker last finished its task."""
    connection = quick_redis_connection()
    sent = connection.hgetall(BEAT_SENT_KEY)
    ran = connection.hgetall(BEAT_RAN_KEY)
    entries = []
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        schedule = entry["schedule"]
        sent_at, ran_at = sent.get(name.encode()), ran.get(entry["task"].encode())
        entries.append(
            BeatEntry(
                name=name,
                task=entry["task"],
                every_seconds=float(schedule) if isinstance(schedule, int | float) else None,
                sent_at=_moment(float(sent_at)) if sent_at is not None else None,
                ran_at=_moment(float(ran_at)) if ran_at is not None else None,
            )
        )
    return entries


def scheduled_task_names() -> frozenset[str]:
    return frozenset(entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values())


def _moment(unix_time: float) -> datetime:
    return datetime.fromtimestamp(unix_time, tz=UTC)
