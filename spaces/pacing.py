"""Quota pacing: a token bucket in Redis per Google identity and one for the whole project, per kind of call.

Google counts calls per minute per user and per Cloud project (meet-api/README.md, "Quotas"), over a sliding
minute. A bucket that refills at `margin × quota` per minute and holds at most `(1 - margin) × quota` tokens can
never spend more than the quota in any minute, so workers wait for a token instead of provoking 429s.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings

from meetadmin.redis import redis_connection

# KEYS: bucket keys; ARGV: now (ms), then per key: refill per ms, capacity. Takes one token from every bucket,
# or none; answers 0 when taken, else the milliseconds until all buckets have one.
_TAKE = """
local now = tonumber(ARGV[1])
local wait = 0
local levels = {}
for i, key in ipairs(KEYS) do
  local rate = tonumber(ARGV[2 * i])
  local capacity = tonumber(ARGV[2 * i + 1])
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1]) or capacity
  local at = tonumber(state[2]) or now
  tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
  levels[i] = tokens
  if tokens < 1 then
    wait = math.max(wait, (1 - tokens) / rate)
  end
end
if wait > 0 then
  return math.ceil(wait)
end
for i, key in ipairs(KEYS) do
  redis.call('HSET', key, 'tokens', levels[i] - 1, 'at', now)
  redis.call('PEXPIRE', key, 180000)
end
return 0
"""

CATEGORY_OF_METHOD = {"create": "creates", "write": "writes", "read": "reads"}
READ_VERBS = (".get", ".list")


@dataclass(frozen=True)
class Bucket:
    key: str
    per_minute: int

    def arguments(self, margin: float) -> tuple[float, int]:
        refill_per_ms = margin * self.per_minute / 60_000
        # Half the headroom as burst: calls reach Google a little after their token, so keep a cushion.
        capacity = max(1, math.floor((1 - margin) * self.per_minute / 2))
        return refill_per_ms, capacity


class QuotaWaitTooLong(Exception):
    """Raised instead of sleeping longer than a task should; the task is retried after `wait_seconds`."""

    def __init__(self, wait_seconds: float) -> None:
        super().__init__(f"quota pacing asks to wait {wait_seconds:.1f}s")
        self.wait_seconds = wait_seconds


def buckets_for(identity_email: str, kind: str) -> list[Bucket]:
    category = CATEGORY_OF_METHOD[kind]
    limits = settings.MEET_QUOTAS
    return [
        Bucket(f"meetadmin:quota:{category}:user:{identity_email.lower()}", limits[f"{category}_per_user"]),
        Bucket(f"meetadmin:quota:{category}:project", limits[f"{category}_per_project"]),
    ]


def kind_of(method_id: str) -> str:
    """`meet.spaces.create` is a create; gets and lists are reads; everything else writes (Google's buckets)."""
    if method_id == "meet.spaces.create":
        return "create"
    return "read" if method_id.endswith(READ_VERBS) else "write"


def take_for_method(identity_email: str, method_id: str) -> float:
    return take(identity_email, kind_of(method_id))


def take(identity_email: str, kind: str, *, max_sleep: float | None = None) -> float:
    """Block until one call of `kind` ('read', 'write', 'create') may go to Google; returns the seconds waited."""
    if not settings.MEET_QUOTA_PACING:
        return 0.0
    script = redis_connection().register_script(_TAKE)
    buckets = buckets_for(identity_email, kind)
    arguments: list[float] = []
    for bucket in buckets:
        arguments.extend(bucket.arguments(settings.MEET_QUOTA_MARGIN))
    if max_sleep is None:
        max_sleep = settings.CELERY_TASK_SOFT_TIME_LIMIT / 4
    waited = 0.0
    while True:
        wait_ms = int(script(keys=[b.key for b in buckets], args=[int(time.time() * 1000), *arguments]))
        if wait_ms == 0:
            return waited
        if waited + wait_ms / 1000 > max_sleep:
            raise QuotaWaitTooLong(wait_ms / 1000)
        time.sleep(wait_ms / 1000)
        waited += wait_ms / 1000
