"""One Redis connection pool per process for meetadmin's own keys (quota buckets, worker heartbeats).

They live on `REDIS_URL`, never on the cache (`CACHE_URL`): a cache Redis may evict keys under memory pressure, and an
evicted bucket would let a worker spend Google's quota twice, an evicted heartbeat would report a live worker dead.
"""

from __future__ import annotations

from functools import cache

import redis
from django.conf import settings


@cache
def _connection(url: str, timeout: float) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout, health_check_interval=30)


def redis_connection() -> redis.Redis:
    return _connection(settings.REDIS_URL, 5)


def quick_redis_connection() -> redis.Redis:
    """Short timeouts, for health checks and heartbeats: a slow Redis must not stall a probe or a worker's loop."""
    return _connection(settings.REDIS_URL, 1)
