"""The control surface's part for the Reports API's audit log: its lag and quotas, and activities added by hand.

Adding activities is a test-only control: it writes what the emulator's conferences cannot (a call organised
outside the Workspace, months of backfill in one call). Everything else in the log comes from the conferences.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from google_emulator.core.errors import invalid_argument
from google_emulator.meet.conference_times import moment
from google_emulator.world import World


def _settings(world: World) -> dict[str, Any]:
    return {"lagSeconds": world.reports.lag.total_seconds(), **world.reports_quota.limits}


def get_settings(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    return _settings(world)


def set_settings(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    """`{"lagSeconds"?, "queriesPerMinutePerUser"?, "filteredQueriesPerMinute"?}`: any subset."""
    limits = {name: value for name, value in body.items() if name != "lagSeconds"}
    world.reports_quota.configure(limits)
    if "lagSeconds" in body:
        lag = float(body["lagSeconds"])
        if lag < 0:
            raise invalid_argument("lagSeconds must not be negative.")
        world.reports.lag = timedelta(seconds=lag)
    return _settings(world)


def list_activities(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    """Every activity in the log, newest first, shown or not yet (with `visibleAt`): what a test waits for."""
    world.harvest_reports()
    return [
        dict(activity.resource(), visibleAt=(activity.time + world.reports.lag).isoformat())
        for activity in world.reports.all()
    ]


def add_activities(world: World, body: dict[str, Any], query: dict[str, str]) -> Any:
    """`{"activities": [{"time", "actor": {"email"?, "profileId"?, "callerType"?}, "parameters": {name: value},
    "eventName"? (call_ended), "eventType"? (call), "domain"?}]}`; `time` is RFC 3339 or an offset back from the
    emulated now (`{"minutesAgo": 90}`); `domain` is whose log it is in (default: the actor's address's domain,
    else the organizer's). Answers how many were added."""
    items = body.get("activities")
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise invalid_argument('"activities" must be a list of objects.')
    now = world.now()
    added = []
    for item in items:
        if "time" not in item:
            raise invalid_argument("An activity needs its time.")
        actor = dict(item.get("actor") or {})
        actor.setdefault("callerType", "USER")
        parameters = item.get("parameters") or {}
        if not isinstance(parameters, dict) or not all(
            isinstance(value, str | int | bool) for value in parameters.values()
        ):
            raise invalid_argument("An activity's parameters are {name: text, number or true/false}.")
        domain = item.get("domain") or _domain_of(actor.get("email")) or _domain_of(parameters.get("organizer_email"))
        if not domain:
            raise invalid_argument("Whose log is the activity in? Give its domain, or an actor or organizer address.")
        added.append(
            world.reports.add(
                time=moment(item["time"], now, what="time"),
                domain=domain,
                actor=actor,
                parameters=parameters,
                event_name=item.get("eventName", "call_ended"),
                event_type=item.get("eventType", "call"),
            )
        )
    return {"added": len(added)}


def _domain_of(email: Any) -> str | None:
    return email.rsplit("@", 1)[-1].lower() if isinstance(email, str) and "@" in email else None
