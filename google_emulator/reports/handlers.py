"""activities.list: who may read the audit log, the query's parameters checked as Google checks them, one page.

Called under the world lock with the caller already known (`routes.py` does the HTTP around it).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from google_emulator.core.clock import parse_rfc3339
from google_emulator.core.world import Caller
from google_emulator.reports import discovery, errors, paging
from google_emulator.reports.activities import RETENTION, Activity, customer_id
from google_emulator.reports.filters import matches, parse_filters
from google_emulator.world import World

# Parameters that make a query "filtered" for the activities.list quota (the limits page names them).
_FILTERING = ("actorIpAddress", "eventName", "filters", "orgUnitID", "groupIdFilter")


@dataclass
class Query:
    user_key: str
    application: str
    args: dict[str, str]

    def get(self, name: str) -> str | None:
        value = self.args.get(name)
        return value if value not in (None, "") else None

    @property
    def filtered(self) -> bool:
        return self.user_key != "all" or any(self.get(name) for name in _FILTERING)

    def identity(self, customer: str) -> str:
        """What a page token is bound to: everything that chooses the activities, and whose log they are."""
        chosen = {name: self.get(name) for name in ("eventName", "filters", "startTime", "endTime", "customerId")}
        return json.dumps([self.user_key, self.application, customer, chosen], sort_keys=True)


def check_reader(world: World, caller: Caller) -> str:
    """The customer whose log the caller may read: an administrator's token with the audit scope, else Google's
    refusals (403 for the scope, 401 "not authorized to read activity records" for anyone else)."""
    if not set(discovery.LIST_SCOPES) & caller.scopes:
        raise errors.insufficient_scopes()
    if caller.user is None or not caller.user.is_admin:
        raise errors.not_an_admin()
    return customer_id(caller.user.domain)


def _checked_pattern(name: str, value: str | None) -> str | None:
    pattern = discovery.pattern_of(name)
    if value is not None and pattern and re.fullmatch(pattern, value) is None:
        raise errors.invalid_pattern(name, value, pattern)
    return value


def _max_results(raw: str | None) -> int:
    if raw is None:
        return discovery.MAX_RESULTS_DEFAULT
    low, high = discovery.MAX_RESULTS_MINIMUM, discovery.MAX_RESULTS_MAXIMUM
    try:
        value = int(raw)
    except ValueError:
        raise errors.out_of_range("maxResults", raw, low, high) from None
    if not low <= value <= high:
        raise errors.out_of_range("maxResults", raw, low, high)
    return value


def _window(query: Query, now: datetime) -> tuple[datetime, datetime]:
    """[startTime, endTime]: endTime defaults to now; a startTime after either is Google's 400; a startTime older
    than 180 days reads the last 180 days (the discovery description of endTime)."""
    start_text = _checked_pattern("startTime", query.get("startTime"))
    end_text = _checked_pattern("endTime", query.get("endTime"))
    end = parse_rfc3339(end_text) if end_text else now
    start = parse_rfc3339(start_text) if start_text else now - RETENTION
    if start > end or start > now:
        raise errors.bad_request(errors.START_AFTER_END)
    return max(start, now - RETENTION), end


def _customer(query: Query, own: str) -> str:
    asked = _checked_pattern("customerId", query.get("customerId"))
    if asked not in (None, "my_customer", own):
        raise errors.not_an_admin()
    return own


def _user_key(world: World, user_key: str) -> None:
    if user_key == "all":
        return
    known = world.directory.user(user_key) or next(
        (user for user in world.directory.users.values() if user.user_id == user_key), None
    )
    if known is None:
        raise errors.user_not_found()


def _selected(activity: Activity, query: Query, customer: str, start: datetime, end: datetime, terms: Any) -> bool:
    if activity.application != query.application or activity.customer != customer:
        return False
    if not start <= activity.time <= end:
        return False
    if query.user_key != "all" and not activity.concerns(query.user_key):
        return False
    event_name = query.get("eventName")
    if event_name is not None and activity.event_name != event_name:
        return False
    return matches(terms, activity.parameters_by_name())


def activities_list(world: World, caller: Caller, query: Query) -> dict[str, Any]:
    own_customer = check_reader(world, caller)
    now = world.now()
    world.reports_quota.charge(caller.label or "", caller.project, query.filtered, now)
    _checked_pattern("applicationName", query.application)
    _user_key(world, query.user_key)
    customer = _customer(query, own_customer)
    start, end = _window(query, now)
    size = _max_results(query.get("maxResults"))
    terms = parse_filters(query.get("filters"))
    identity = query.identity(customer)
    after = paging.cursor(world.reports.page_key, identity, query.args["pageToken"]) if query.get("pageToken") else None

    world.harvest_reports()
    chosen = [a for a in world.reports.visible(now) if _selected(a, query, customer, start, end, terms)]
    if after is not None:
        cursor_order = (parse_rfc3339(after[0]), after[1])
        chosen = [activity for activity in chosen if activity.order < cursor_order]
    page = chosen[:size]
    items = [activity.resource() for activity in page]
    body: dict[str, Any] = {"kind": "admin#reports#activities", "etag": _etag(items)}
    if items:
        body["items"] = items
    if len(chosen) > size:
        last = page[-1]
        body["nextPageToken"] = paging.token(
            world.reports.page_key, identity, (last.time.isoformat(), int(last.unique))
        )
    return body


def _etag(items: list[dict[str, Any]]) -> str:
    digest = hashlib.sha256(json.dumps(items, sort_keys=True).encode()).hexdigest()[:27]
    return f'"{digest}"'
