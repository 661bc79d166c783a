"""What happens to subscriptions as time passes and the world changes, and which Meet events reach which of them.

Called under the world lock. `catch_up` brings every subscription to the emulated now: Meet events whose moment has
come (a file generated a minute after capture stopped), reminders 12 h and 1 h before expiry, expiry itself (the
subscription is deleted), in the order of their moments, each stamped with its own moment; so advancing the clock
by days fires everything it skipped over, in order. Then a subscription whose target is gone, or whose authorising
grant is, is suspended. The world is passed in loosely typed: this package reads Meet's spaces and the directory
through the World, never by importing Meet.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google_emulator.events.delivery import new_event_id, publish_event
from google_emulator.events.discovery import MEET_SCOPES, SCOPE_CREATED
from google_emulator.events.subscriptions import ACTIVE, REMINDERS, SPACE_TARGET, SUSPENDED, USER_TARGET, Scheduled

LIFECYCLE_EVENT = "google.workspace.events.subscription.v1.{}"
SUBSCRIPTION_SOURCE = "//workspaceevents.googleapis.com/"
MEET_SOURCE = "//meet.googleapis.com/"


def meet_happened(world: Any, event_type: str, space: str, payload: dict[str, Any], at: datetime) -> None:
    """The ConferenceStore's listener: publish now, or keep for later when the moment is still to come."""
    if at > world.now():
        world.events.scheduled.append(Scheduled(at, event_type, space, payload))
        return
    _deliver_meet_event(world, event_type, space, payload, at)


def _app_only(scopes: list[str]) -> bool:
    return set(scopes) & MEET_SCOPES == {SCOPE_CREATED}


def _deliver_meet_event(world: Any, event_type: str, space_name: str, payload: dict[str, Any], at: datetime) -> None:
    space = world.space_by_name(space_name)
    if space is None:
        return
    owner = world.directory.user(space.owner)
    targets = {SPACE_TARGET + space.space_id}
    if owner is not None:
        # A user subscription receives the events of every space the user owns (events-meet guide).
        targets.add(USER_TARGET + owner.user_id)
    resource_name = next(iter(payload.values()))["name"]
    event_id = new_event_id()
    for subscription in list(world.events.subscriptions.values()):
        if (
            subscription.state == ACTIVE
            and subscription.target in targets
            and event_type in subscription.event_types
            and subscription.expire > at
            and (not _app_only(subscription.scopes) or space.project == subscription.project)
        ):
            publish_event(
                world.publishing,
                topic=subscription.topic,
                event_type=event_type,
                source=MEET_SOURCE + space.name,
                subject=MEET_SOURCE + resource_name,
                data=payload,
                at=at,
                event_id=event_id,
            )


def publish_lifecycle(world: Any, subscription: Any, action: str, at: datetime) -> None:
    name = SUBSCRIPTION_SOURCE + subscription.name
    publish_event(
        world.publishing,
        topic=subscription.topic,
        event_type=LIFECYCLE_EVENT.format(action),
        source=name,
        subject=name,
        data={"subscription": subscription.resource()},
        at=at,
        event_id=new_event_id(),
    )


def catch_up(world: Any) -> bool:
    """True when anything happened (an event published, a subscription expired or suspended)."""
    store = world.events
    now = world.now()
    due: list[tuple[datetime, int, str, Any]] = [
        (item.at, 0, "meet", item) for item in store.scheduled if item.at <= now
    ]
    store.scheduled = [item for item in store.scheduled if item.at > now]
    for subscription in store.subscriptions.values():
        for label, before in REMINDERS:
            if label not in subscription.reminded and subscription.expire - before <= now:
                due.append((subscription.expire - before, 1, "remind", (subscription, label)))
        if subscription.expire <= now:
            due.append((subscription.expire, 2, "expire", subscription))
    for at, _order, kind, item in sorted(due, key=lambda entry: (entry[0], entry[1])):
        if kind == "meet":
            _deliver_meet_event(world, item.event_type, item.space, item.payload, at)
        elif kind == "remind":
            subscription, label = item
            if store.get(subscription.name) is subscription:
                subscription.reminded.append(label)
                publish_lifecycle(world, subscription, "expirationReminder", at)
        elif store.get(item.name) is item:
            # Google deletes an expired subscription: it can be neither renewed nor reactivated (lifecycle guide).
            publish_lifecycle(world, item, "expired", at)
            store.remove(item)
    return _suspend_what_broke(world, now) or bool(due)


def _suspend_what_broke(world: Any, now: datetime) -> bool:
    store = world.events
    revocations = world.directory.revocations
    grants_changed = store.revocations_seen != revocations
    store.revocations_seen = revocations
    suspended = False
    active = [subscription for subscription in store.subscriptions.values() if subscription.state == ACTIVE]
    # Checked at every request: one pass over the people, not one per subscription.
    user_ids = {user.user_id for user in world.directory.users.values()} if active else set()
    for subscription in active:
        reason = target_problem(world, subscription, user_ids) or (
            authorization_problem(world, subscription) if grants_changed else None
        )
        if reason:
            subscription.state, subscription.suspension_reason, subscription.updated = SUSPENDED, reason, now
            publish_lifecycle(world, subscription, "suspended", now)
            suspended = True
    return suspended


def target_problem(world: Any, subscription: Any, user_ids: set[str] | None = None) -> str | None:
    if subscription.target.startswith(SPACE_TARGET):
        space = world.space_by_name("spaces/" + subscription.target.removeprefix(SPACE_TARGET))
        if space is None:
            return "RESOURCE_DELETED"
        if space.owner.lower() != subscription.email.lower():
            return "USER_AUTHORIZATION_FAILURE"
        return None
    if user_ids is None:
        user_ids = {user.user_id for user in world.directory.users.values()}
    if subscription.target.removeprefix(USER_TARGET) not in user_ids:
        return "RESOURCE_DELETED"
    return None


def authorization_problem(world: Any, subscription: Any) -> str | None:
    """Why the authority behind a subscription no longer holds, or None."""
    directory = world.directory
    user = directory.user(subscription.email)
    if user is None or user.resource_name != subscription.authority:
        return "USER_AUTHORIZATION_FAILURE"  # the authorising account was deleted
    if subscription.service_account:
        account = directory.service_accounts.get(subscription.service_account)
        delegated = set(account.delegations.get(user.domain, [])) if account else set()
        if account is None or account.disabled or not delegated & MEET_SCOPES:
            return "USER_SCOPE_REVOKED"
        return None
    if subscription.grant is None:
        return None  # an access token without a refresh token: nothing to revoke but the account
    email = subscription.email.lower()
    live = any(
        token.kind == "refresh"
        and (token.user or "").lower() == email
        and token.client_id == subscription.client_id
        and set(token.scopes) & MEET_SCOPES
        for token in directory.tokens.values()
    )
    return None if live else "USER_SCOPE_REVOKED"


def problem(world: Any, subscription: Any) -> str | None:
    return target_problem(world, subscription) or authorization_problem(world, subscription)
