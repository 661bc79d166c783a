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

# KEYS: n bucket keys, then n counters of this minute's calls; ARGV: now (ms), then per bucket: refill per ms,
# capacity. Takes one token from every bucket, or none; answers 0 when taken, else the milliseconds until all
# buckets have one. The counters are only for people (the IT admins' status page), never for the decision.
_TAKE = """
local now = tonumber(ARGV[1])
local n = #KEYS / 2
local wait = 0
local levels = {}
for i = 1, n do
  local rate = tonumber(ARGV[2 * i])
  local capacity = tonumber(ARGV[2 * i + 1])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'at')
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
for i = 1, n do
  redis.call('HSET', KEYS[i], 'tokens', levels[i] - 1, 'at', now)
  redis.call('PEXPIRE', KEYS[i], 180000)
  redis.call('INCR', KEYS[n + i])
  redis.call('EXPIRE', KEYS[n + i], 180)
end
return 0
"""

BUCKET_PREFIX = "meetadmin:quota:"
USED_PREFIX = "meetadmin:quota-used:"
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
        Bucket(f"{BUCKET_PREFIX}{category}:user:{identity_email.lower()}", limits[f"{category}_per_user"]),
        Bucket(f"{BUCKET_PREFIX}{category}:project", limits[f"{category}_per_project"]),
    ]


def used_key(bucket_key: str, minute: int) -> str:
    """The counter of calls one bucket let through in one minute (unix time // 60)."""
    return f"{USED_PREFIX}{minute}:{bucket_key.removeprefix(BUCKET_PREFIX)}"


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
        now_ms = int(time.time() * 1000)
        keys = [b.key for b in buckets] + [used_key(b.key, now_ms // 60_000) for b in buckets]
        wait_ms = int(script(keys=keys, args=[now_ms, *arguments]))
        if wait_ms == 0:
            return waited
        if waited + wait_ms / 1000 > max_sleep:
            raise QuotaWaitTooLong(wait_ms / 1000)
        time.sleep(wait_ms / 1000)
        waited += wait_ms / 1000


@dataclass(frozen=True)
class QuotaUse:
    """Calls one identity (or the whole project) made of one kind, this minute and last, against Google's quota."""

    who: str  # an e-mail address, or "" for the project
    category: str  # reads, writes, creates
    this_minute: int
    last_minute: int
    per_minute: int

    @property
    def share_of_quota(self) -> float:
        return max(self.this_minute, self.last_minute) / self.per_minute if self.per_minute else 0.0


def quota_use(*, most: int = 200) -> list[QuotaUse]:
    """The project's rows first, then the busiest identities. Raises redis errors."""
    connection = redis_connection()
    minute = int(time.time()) // 60
    counts: dict[tuple[str, str], list[int]] = {}
    for column, counted_minute in enumerate((minute, minute - 1)):
        keys = list(connection.scan_iter(match=f"{USED_PREFIX}{counted_minute}:*", count=1000))
        for key, value in zip(keys, connection.mget(keys) if keys else [], strict=True):
            # meetadmin:quota-used:{minute}:{category}:user:{email} or ...:{category}:project
            category, owner = key.decode().split(":", 4)[3:]
            who = owner.removeprefix("user:") if owner.startswith("user:") else ""
            counts.setdefault((who, category), [0, 0])[column] = int(value or 0)
    limits = settings.MEET_QUOTAS
    rows = [
        QuotaUse(
            who=who,
            category=category,
            this_minute=this_minute,
            last_minute=last_minute,
            per_minute=limits.get(f"{category}_per_{'user' if who else 'project'}", 0),
        )
        for (who, category), (this_minute, last_minute) in counts.items()
    ]
    rows.sort(key=lambda row: (bool(row.who), -row.share_of_quota, row.who, row.category))
    return rows[:most]
