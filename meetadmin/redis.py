"""One Redis connection pool per process for meetadmin's own keys (quota buckets, worker heartbeats)."""

from __future__ import annotations

from functools import cache

import redis
from django.conf import settings


@cache
def _connection(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5, health_check_interval=30)


def redis_connection() -> redis.Redis:
    return _connection(settings.CACHES["default"]["LOCATION"])
