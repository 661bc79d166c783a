"""Per-minute quotas per user and per project, as Google enforces them; beyond: 429 RESOURCE_EXHAUSTED."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta
from typing import Any

from google_emulator.discovery import Method
from google_emulator.errors import ApiError

WINDOW = timedelta(minutes=1)

# The digest's defaults (requests per minute).
DEFAULT_LIMITS: dict[str, int] = {
    "reads_per_project": 6000,
    "reads_per_user": 600,
    "writes_per_project": 1000,
    "writes_per_user": 100,
    "creates_per_project": 100,
    "creates_per_user": 10,
}

_METRIC_NAMES = {"reads": "Read requests", "writes": "Write requests", "creates": "Create space requests"}


def category(method: Method) -> str:
    if method.id == "meet.spaces.create":
        return "creates"
    return "reads" if method.is_read else "writes"


class Quotas:
    def __init__(self, limits: dict[str, int] | None = None) -> None:
        self.limits = dict(DEFAULT_LIMITS)
        self.limits.update(limits or {})
        self._calls: dict[tuple[str, str], deque[datetime]] = {}

    def configure(self, limits: dict[str, Any]) -> None:
        unknown = set(limits) - set(DEFAULT_LIMITS)
        if unknown:
            raise ValueError(f"unknown quota(s): {', '.join(sorted(unknown))}; known: {', '.join(DEFAULT_LIMITS)}")
        self.limits.update({name: int(value) for name, value in limits.items()})

    def reset_usage(self) -> None:
        self._calls.clear()

    def charge(self, method: Method, user: str, project: str, now: datetime) -> None:
        """Counts one call, or raises 429 with ErrorInfo and RetryInfo if a per-minute limit is reached."""
        kind = category(method)
        buckets = [
            ("user", f"{kind}:user:{user}", self.limits[f"{kind}_per_user"]),
            ("project", f"{kind}:project:{project}", self.limits[f"{kind}_per_project"]),
        ]
        for scope, key, limit in buckets:
            calls = self._calls.setdefault((kind, key), deque())
            while calls and calls[0] <= now - WINDOW:
                calls.popleft()
            if len(calls) >= limit:
                retry_after = max((calls[0] + WINDOW - now).total_seconds(), 0.001) if calls else 60.0
                raise _exhausted(kind, scope, limit, project, retry_after)
        for _scope, key, _limit in buckets:
            self._calls[(kind, key)].append(now)


def _exhausted(kind: str, scope: str, limit: int, project: str, retry_after: float) -> ApiError:
    metric = _METRIC_NAMES[kind]
    limit_name = f"{metric} per minute per {scope}"
    message = (
        f"Quota exceeded for quota metric '{metric}' and limit '{limit_name}' of service 'meet.googleapis.com' "
        f"for consumer 'project:{project}'."
    )
    return ApiError(
        429,
        "RESOURCE_EXHAUSTED",
        message,
        [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "RATE_LIMIT_EXCEEDED",
                "domain": "googleapis.com",
                "metadata": {
                    "service": "meet.googleapis.com",
                    "consumer": f"projects/{project}",
                    "quota_metric": f"meet.googleapis.com/{kind}",
                    "quota_limit": limit_name,
                    "quota_limit_value": str(limit),
                },
            },
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": f"{retry_after:.3f}s"},
        ],
    )
