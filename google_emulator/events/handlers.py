"""The Workspace Events API v1 methods, one function each, called under the world lock.

Where Google's documents leave a choice open, the choice is written in docs/emulator.md ("Workspace Events API").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from google_emulator.core.clock import parse_rfc3339
from google_emulator.core.errors import ApiError, failed_precondition, invalid_argument, not_found, permission_denied
from google_emulator.core.page_tokens import clipped_page_size
from google_emulator.core.world import Caller
from google_emulator.events import lifecycle
from google_emulator.events.discovery import MEET_SCOPES, PROTO_PACKAGE, SCOPE_CREATED, Method, parse_body
from google_emulator.events.filters import parse_filter
from google_emulator.events.subscriptions import MAX_TTL, SPACE_TARGET, SUSPENDED, USER_TARGET, Subscription
from google_emulator.world import World

MEET_EVENT_TYPES = frozenset(
    [f"google.workspace.meet.conference.v2.{action}" for action in ("started", "ended")]
    + [f"google.workspace.meet.participant.v2.{action}" for action in ("joined", "left")]
    + [
        f"google.workspace.meet.{artifact}.v2.{action}"
        for artifact in ("recording", "transcript", "smartNote")
        for action in ("started", "ended", "fileGenerated")
    ]
)
_TOPIC = re.compile(r"^projects/([^/]+)/topics/([^/]+)$")
_DURATION = re.compile(r"^(-?\d+(?:\.\d{1,9})?)s$")
UPDATABLE = {"ttl": "ttl", "expire_time": "expireTime", "expireTime": "expireTime", "event_types": "eventTypes"}
PAGE_DEFAULT, PAGE_MAX = 50, 100  # subscriptions.list's pageSize description


@dataclass
class Call:
    world: World
    caller: Caller
    method: Method
    name: str  # the resource name in the path, or ""
    query: dict[str, str]
    body: dict[str, Any]


def _type(name: str) -> str:
    return f"type.googleapis.com/{PROTO_PACKAGE}.{name}"


def _subscription_response(subscription: Subscription | dict[str, Any]) -> dict[str, Any]:
    resource = subscription.resource() if isinstance(subscription, Subscription) else subscription
    return {"@type": _type("Subscription"), **resource}


def _true(call: Call, name: str) -> bool:
    return call.query.get(name, "false").lower() == "true"


# --- who may subscribe to what ----------------------------------------------------------------------------------


def _check_target(call: Call, target: str) -> None:
    """A user subscription only for oneself; a space subscription only for a space the caller owns (with only
    `meetings.space.created`, one the app made). Anything else is 403 as a missing space is (the emulator's
    choice: Google says the authorising user must be able to view the target, not how it refuses)."""
    user = call.caller.user
    if target.startswith(USER_TARGET):
        if target.removeprefix(USER_TARGET) != user.user_id:
            raise permission_denied("The caller does not have permission to subscribe to this user's events.")
        return
    if target.startswith(SPACE_TARGET):
        space_id = target.removeprefix(SPACE_TARGET)
        space = call.world.space_by_name("spaces/" + space_id) if space_id and "/" not in space_id else None
        app_only = set(call.caller.scopes) & MEET_SCOPES == {SCOPE_CREATED}
        if (
            space is None
            or space.owner.lower() != user.email.lower()
            or (app_only and space.project != call.caller.project)
        ):
            raise permission_denied(f"Permission denied on resource {target} (or it might not exist).")
        return
    raise invalid_argument(
        f"Invalid target_resource {target!r}: Meet targets are {SPACE_TARGET}{{space}} or {USER_TARGET}{{user}}."
    )


def _parse_ttl(text: str) -> timedelta:
    found = _DURATION.match(text.strip()) if isinstance(text, str) else None
    if found is None:
        raise invalid_argument(
            f"Invalid value at 'subscription.ttl' (type.googleapis.com/google.protobuf.Duration), {text!r}"
        )
    return timedelta(seconds=float(found.group(1)))


def _expiry(now: datetime, body: dict[str, Any]) -> datetime:
    """expireTime or ttl (a oneof); neither, or a TTL of 0: the longest a Meet subscription may live, 7 days."""
    if "ttl" in body and "expireTime" in body:
        raise invalid_argument("Only one of ttl and expire_time may be set.")
    if "expireTime" in body:
        try:
            expire = parse_rfc3339(body["expireTime"])
        except ValueError:
            raise invalid_argument(f"Invalid value at 'subscription.expire_time', {body['expireTime']!r}") from None
        ttl = expire - now
    else:
        ttl = _parse_ttl(body["ttl"]) if "ttl" in body else timedelta(0)
        if ttl == timedelta(0):
            ttl = MAX_TTL
    if ttl <= timedelta(0):
        raise invalid_argument("The subscription's expiration time must be in the future.")
    if ttl > MAX_TTL:
        raise invalid_argument(
            "The expiration time exceeds the maximum for this subscription: 7 days for Google Meet events "
            "without resource data."
        )
    return now + ttl


def _check_event_types(event_types: Any) -> list[str]:
    if not event_types:
        raise invalid_argument("event_types is required: at least one event type.")
    unknown = sorted(set(event_types) - MEET_EVENT_TYPES)
    if unknown:
        raise invalid_argument(f"Unsupported event types for a Google Meet target resource: {', '.join(unknown)}.")
    return sorted(set(event_types))


def _owned(call: Call) -> Subscription:
    """A subscription of this caller through this app; another's is answered like a missing one."""
    subscription = call.world.events.get(call.name)
    if (
        subscription is None
        or subscription.authority != call.caller.user.resource_name
        or subscription.project != call.caller.project
    ):
        raise not_found(f"Subscription {call.name} not found.")
    return subscription


def _check_etag(call: Call, subscription: Subscription, given: str | None) -> None:
    if given and given != subscription.etag:
        raise ApiError(409, "ABORTED", "The etag does not match the subscription's current etag.")


# --- methods ------------------------------------------------------------------------------------------------------


def subscriptions_create(call: Call) -> dict[str, Any]:
    body = parse_body("Subscription", call.body, "subscription")
    target = body.get("targetResource")
    if not target:
        raise invalid_argument("target_resource is required.")
    event_types = _check_event_types(body.get("eventTypes"))
    topic = (body.get("notificationEndpoint") or {}).get("pubsubTopic", "")
    found = _TOPIC.match(topic)
    if found is None:
        raise invalid_argument(
            f"notification_endpoint.pubsub_topic must be projects/{{project}}/topics/{{topic}}, not {topic!r}."
        )
    if found.group(1) != call.caller.project:
        raise invalid_argument(
            f"The Pub/Sub topic {topic} must be in the Google Cloud project where the subscription is created "
            f"({call.caller.project})."
        )
    if (body.get("payloadOptions") or {}).get("includeResource"):
        raise invalid_argument("payload_options.include_resource is not supported for Google Meet events.")
    _check_target(call, target)
    now = call.world.now()
    expire = _expiry(now, body)
    user = call.caller.user
    existing = call.world.events.live_for(user.resource_name, call.caller.project, target)
    if existing is not None:
        raise ApiError(
            409,
            "ALREADY_EXISTS",
            f"A subscription to {target} already exists for this user and app: {existing.name}.",
            [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "SUBSCRIPTION_ALREADY_EXISTS",
                    "domain": "workspaceevents.googleapis.com",
                    "metadata": {"current_subscription": existing.name},
                }
            ],
        )
    token = call.caller.token
    subscription = call.world.events.new_subscription(
        target,
        event_types=event_types,
        topic=topic,
        expire=expire,
        created=now,
        updated=now,
        authority=user.resource_name,
        email=user.email,
        client_id=call.caller.client_id,
        project=call.caller.project,
        grant=token.refresh_token,
        service_account=token.service_account,
        scopes=sorted(call.caller.scopes & MEET_SCOPES),
    )
    subscription.set_expiry(expire, now)
    if not _true(call, "validateOnly"):
        call.world.events.add(subscription)
    return call.world.events.finished_operation(
        _subscription_response(subscription), _type("CreateSubscriptionMetadata")
    )


def subscriptions_get(call: Call) -> dict[str, Any]:
    return _owned(call).resource()


def subscriptions_list(call: Call) -> dict[str, Any]:
    condition = parse_filter(call.query.get("filter"))
    user = call.caller.user
    mine = [
        s
        for s in call.world.events.subscriptions.values()
        if s.authority == user.resource_name
        and s.project == call.caller.project
        and condition.matches(s.event_types, s.target)
    ]
    mine.sort(key=lambda s: (s.created, s.id))
    try:
        size = clipped_page_size(call.query.get("pageSize"), PAGE_DEFAULT, PAGE_MAX)
    except ValueError as error:
        raise invalid_argument(str(error)) from None
    scope = f"events.subscriptions.list|{call.query.get('filter')}|{user.resource_name}|{call.caller.project}"
    token = call.query.get("pageToken")
    start = call.world.paginator.offset(scope, token) if token else 0
    page = mine[start : start + size]
    response: dict[str, Any] = {"subscriptions": [s.resource() for s in page]}
    if start + size < len(mine):
        response["nextPageToken"] = call.world.paginator.token(scope, start + size)
    return response


def subscriptions_patch(call: Call) -> dict[str, Any]:
    body = parse_body("Subscription", call.body, "subscription")
    subscription = _owned(call)
    _check_etag(call, subscription, body.get("etag"))
    mask = call.query.get("updateMask")
    if mask is None:
        paths = [field for field in ("ttl", "expireTime", "eventTypes") if field in body]
    elif mask.strip() == "*":
        paths = ["expireTime" if "expireTime" in body else "ttl", "eventTypes"]
    else:
        paths = []
        for path in (part.strip() for part in mask.split(",") if part.strip()):
            if path not in UPDATABLE:
                raise invalid_argument(f"Invalid update_mask path {path!r}: only ttl, expire_time and event_types.")
            paths.append(UPDATABLE[path])
    if not paths:
        raise invalid_argument("Nothing to update: set ttl, expire_time or event_types, or an update_mask.")
    now = call.world.now()
    expire = _expiry(now, {k: body[k] for k in ("ttl", "expireTime") if k in paths and k in body})
    event_types = _check_event_types(body.get("eventTypes")) if "eventTypes" in paths else subscription.event_types
    if not _true(call, "validateOnly"):
        if "ttl" in paths or "expireTime" in paths:
            subscription.set_expiry(expire, now)
        subscription.event_types = event_types
        subscription.updated = now
    return call.world.events.finished_operation(
        _subscription_response(subscription), _type("UpdateSubscriptionMetadata")
    )


def subscriptions_delete(call: Call) -> dict[str, Any]:
    try:
        subscription = _owned(call)
    except ApiError:
        if _true(call, "allowMissing"):
            return call.world.events.finished_operation(
                {"@type": "type.googleapis.com/google.protobuf.Empty"}, _type("DeleteSubscriptionMetadata")
            )
        raise
    _check_etag(call, subscription, call.query.get("etag"))
    if not _true(call, "validateOnly"):
        call.world.events.remove(subscription)
    return call.world.events.finished_operation(
        {"@type": "type.googleapis.com/google.protobuf.Empty"}, _type("DeleteSubscriptionMetadata")
    )


def subscriptions_reactivate(call: Call) -> dict[str, Any]:
    parse_body("ReactivateSubscriptionRequest", call.body, "")
    subscription = _owned(call)
    if subscription.state != SUSPENDED:
        raise failed_precondition(f"Subscription {subscription.name} is not suspended (state {subscription.state}).")
    reason = lifecycle.problem(call.world, subscription)
    if reason:
        raise failed_precondition(
            f"Subscription {subscription.name} cannot be reactivated: the cause of its suspension ({reason}) "
            "is not resolved."
        )
    subscription.state, subscription.suspension_reason = "ACTIVE", None
    subscription.updated = call.world.now()
    return call.world.events.finished_operation(
        _subscription_response(subscription), _type("ReactivateSubscriptionMetadata")
    )


def operations_get(call: Call) -> dict[str, Any]:
    operation = call.world.events.operations.get(call.name)
    if operation is None:
        raise not_found(f"Operation {call.name} not found.")
    return operation


HANDLERS: dict[str, Callable[[Call], dict[str, Any]]] = {
    "workspaceevents.subscriptions.create": subscriptions_create,
    "workspaceevents.subscriptions.get": subscriptions_get,
    "workspaceevents.subscriptions.list": subscriptions_list,
    "workspaceevents.subscriptions.patch": subscriptions_patch,
    "workspaceevents.subscriptions.delete": subscriptions_delete,
    "workspaceevents.subscriptions.reactivate": subscriptions_reactivate,
    "workspaceevents.operations.get": operations_get,
}
