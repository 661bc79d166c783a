"""The Reports API's own quotas, per minute of emulated time, as its "Limits and quotas" page gives them.

- 2,400 queries per minute per user per Google Cloud project (the Admin SDK's default);
- for activities.list, 250 *filtered* queries per minute: a query with any of `userKey` (other than `all`),
  `actorIpAddress`, `eventName`, `filters`, `orgUnitID` or `groupIdFilter` (per project: the page does not say
  whose, the emulator's choice).
Beyond either, the page says the server answers HTTP 503 (`errors.quota_exceeded`).
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

from google_emulator.core.quotas import project_number
from google_emulator.reports.errors import quota_exceeded

WINDOW = timedelta(minutes=1)
DEFAULT_LIMITS = {"queriesPerMinutePerUser": 2400, "filteredQueriesPerMinute": 250}
_LIMIT_NAMES = {
    "queriesPerMinutePerUser": "Queries per minute per user",
    "filteredQueriesPerMinute": "Filtered queries per minute",
}


class ReportsQuota:
    def __init__(self, limits: dict[str, int] | None = None) -> None:
        self.limits = dict(DEFAULT_LIMITS)
        self.configure(limits or {})
        self._calls: dict[str, deque[datetime]] = {}

    def configure(self, limits: dict[str, int]) -> None:
        unknown = set(limits) - set(DEFAULT_LIMITS)
        if unknown:
            raise ValueError(
                f"unknown Reports quota(s): {', '.join(sorted(unknown))}; known: {', '.join(DEFAULT_LIMITS)}"
            )
        self.limits.update({name: int(value) for name, value in limits.items()})
        self._calls = {}

    def charge(self, user: str, project: str, filtered: bool, now: datetime) -> None:
        """Counts one query, or raises the 503 when a per-minute limit is reached (nothing is counted then)."""
        buckets = [("queriesPerMinutePerUser", f"user:{project}:{user}")]
        if filtered:
            buckets.append(("filteredQueriesPerMinute", f"filtered:{project}"))
        for name, key in buckets:
            calls = self._calls.setdefault(key, deque())
            while calls and calls[0] <= now - WINDOW:
                calls.popleft()
            if len(calls) >= self.limits[name]:
                raise quota_exceeded(_LIMIT_NAMES[name], self.limits[name], project_number(project))
        for _name, key in buckets:
            self._calls[key].append(now)
