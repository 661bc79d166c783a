"""Per-minute quotas per user and per project, as Google enforces them; beyond: 429 RESOURCE_EXHAUSTED."""

from __future__ import annotations

import hashlib
from collections import deque
from datetime import datetime, timedelta
from typing import Any

from google_emulator.core.errors import ApiError

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
_METRIC_IDS = {"reads": "read_requests", "writes": "write_requests", "creates": "create_space_requests"}
_LIMIT_IDS = {"reads": "ReadRequests", "writes": "WriteRequests", "creates": "CreateSpaceRequests"}


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

    def charge(self, kind: str, user: str, project: str, now: datetime, *, retry_info: bool = False) -> None:
        """Counts one call, or raises 429 (ErrorInfo and Help; RetryInfo too with `retry_info`) if a per-minute
        limit is reached. `kind` is `reads`, `writes` or `creates`: the API says which its method is."""
        buckets = [
            # Meet's user quotas are per user per project: the same person through another app has their own.
            ("user", f"{kind}:user:{project}:{user}", self.limits[f"{kind}_per_user"]),
            ("project", f"{kind}:project:{project}", self.limits[f"{kind}_per_project"]),
        ]
        for scope, key, limit in buckets:
            calls = self._calls.setdefault((kind, key), deque())
            while calls and calls[0] <= now - WINDOW:
                calls.popleft()
            if len(calls) >= limit:
                retry_after = max((calls[0] + WINDOW - now).total_seconds(), 0.001) if calls else 60.0
                raise _exhausted(kind, scope, limit, project, retry_after if retry_info else None)
        for _scope, key, _limit in buckets:
            self._calls[(kind, key)].append(now)


def project_number(project: str) -> str:
    """A stable stand-in for the project's number, which Google's quota errors name instead of its id."""
    return str(int(hashlib.sha256(project.encode()).hexdigest(), 16) % 10**12)


def _exhausted(kind: str, scope: str, limit: int, project: str, retry_after: float | None) -> ApiError:
    """The shape of Google's published rate-quota error (google/api/error_reason.proto, RATE_LIMIT_EXCEEDED):
    ErrorInfo with the consumer, service, metric and limit, and a Help link; RetryInfo is not promised."""
    metric = _METRIC_NAMES[kind]
    limit_name = f"{metric} per minute per {scope}"
    number = project_number(project)
    message = (
        f"Quota exceeded for quota metric '{metric}' and limit '{limit_name}' of service 'meet.googleapis.com' "
        f"for consumer 'project_number:{number}'."
    )
    details: list[dict[str, Any]] = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com",
            "metadata": {
                "service": "meet.googleapis.com",
                "consumer": f"projects/{number}",
                "quota_metric": f"meet.googleapis.com/{_METRIC_IDS[kind]}",
                "quota_limit": f"{_LIMIT_IDS[kind]}PerMinutePer{scope.title()}",
                "quota_limit_value": str(limit),
                "quota_location": "global",
            },
        },
        {
            "@type": "type.googleapis.com/google.rpc.Help",
            "links": [
                {
                    "description": "Request a higher quota limit.",
                    "url": "https://cloud.google.com/docs/quotas/help/request_increase",
                }
            ],
        },
    ]
    if retry_after is not None:
        details.append({"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": f"{retry_after:.3f}s"})
    return ApiError(429, "RESOURCE_EXHAUSTED", message, details)
