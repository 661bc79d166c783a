"""Google's own Workspace Events client (`google-apps-events-subscriptions`, REST transport) works against the
emulator unchanged: create, get, list, renew, delete and reactivate, with its long-running operations."""

from __future__ import annotations

import datetime

import pytest
from google.api_core import exceptions
from google.apps import events_subscriptions_v1 as events
from google.protobuf import duration_pb2, field_mask_pb2

from tests.support.events_http import (
    JOINED,
    LEFT,
    SPACE_TARGET,
    TOPIC,
    google_client,
    seed_events_world,
)
from tests.support.meet_http import MEETADMIN, READONLY


def _subscription(target: str) -> events.Subscription:
    return events.Subscription(
        target_resource=target,
        event_types=[JOINED, LEFT],
        notification_endpoint=events.NotificationEndpoint(pubsub_topic=TOPIC),
    )


def test_alice_creates_gets_lists_renews_and_deletes_a_space_subscription(emulator, control):
    world = seed_events_world(control)
    client = google_client(emulator.url, world.alice_token)
    target = SPACE_TARGET + world.alice_space.removeprefix("spaces/")

    created = client.create_subscription(subscription=_subscription(target)).result(timeout=30)

    assert created.name.startswith("subscriptions/")
    assert created.target_resource == target
    assert sorted(created.event_types) == sorted([JOINED, LEFT])
    assert created.state == events.Subscription.State.ACTIVE
    assert created.authority == world.alice_user
    assert created.notification_endpoint.pubsub_topic == TOPIC
    lifetime = created.expire_time - created.create_time
    assert datetime.timedelta(days=7) - datetime.timedelta(seconds=5) <= lifetime <= datetime.timedelta(days=7)

    fetched = client.get_subscription(name=created.name)
    assert fetched.uid == created.uid

    listed = list(client.list_subscriptions(filter=f'event_types:"{JOINED}" AND target_resource="{target}"'))
    assert [subscription.name for subscription in listed] == [created.name]

    control.advance_clock(3600)
    renewed = client.update_subscription(
        subscription=events.Subscription(name=created.name, ttl=duration_pb2.Duration(seconds=86400)),
        update_mask=field_mask_pb2.FieldMask(paths=["ttl"]),
    ).result(timeout=30)
    assert renewed.expire_time - renewed.update_time == datetime.timedelta(days=1)
    assert renewed.expire_time < created.expire_time

    client.delete_subscription(name=created.name).result(timeout=30)
    with pytest.raises(exceptions.NotFound):
        client.get_subscription(name=created.name)


def test_validate_only_previews_without_creating(emulator, control):
    world = seed_events_world(control)
    client = google_client(emulator.url, world.alice_token)
    target = SPACE_TARGET + world.alice_space.removeprefix("spaces/")

    request = events.CreateSubscriptionRequest(subscription=_subscription(target), validate_only=True)
    client.create_subscription(request=request).result(timeout=30)

    assert control.event_subscriptions() == []


def test_a_second_subscription_to_the_same_target_is_already_exists(emulator, control):
    world = seed_events_world(control)
    client = google_client(emulator.url, world.alice_token)
    target = SPACE_TARGET + world.alice_space.removeprefix("spaces/")
    client.create_subscription(subscription=_subscription(target)).result(timeout=30)

    # api_core names errors by their HTTP status: 409 is Conflict, whose gRPC twin is ALREADY_EXISTS.
    with pytest.raises(exceptions.Conflict) as refused:
        client.create_subscription(subscription=_subscription(target))
    assert refused.value.response.json()["error"]["status"] == "ALREADY_EXISTS"


def test_reactivate_works_once_alice_reconnects_after_revoking(emulator, control):
    world = seed_events_world(control)
    client = google_client(emulator.url, world.alice_token)
    created = client.create_subscription(subscription=_subscription(world.alice_target)).result(timeout=30)

    control.revoke(world.alice_token["refresh_token"])
    reconnected = control.token("alice@example.com", MEETADMIN, [READONLY])
    client = google_client(emulator.url, reconnected)
    assert client.get_subscription(name=created.name).state == events.Subscription.State.SUSPENDED

    reactivated = client.reactivate_subscription(name=created.name).result(timeout=30)

    assert reactivated.state == events.Subscription.State.ACTIVE
    assert client.get_subscription(name=created.name).state == events.Subscription.State.ACTIVE


def test_reactivate_is_refused_while_the_space_is_still_gone(emulator, control):
    world = seed_events_world(control)
    client = google_client(emulator.url, world.alice_token)
    target = SPACE_TARGET + world.alice_space.removeprefix("spaces/")
    created = client.create_subscription(subscription=_subscription(target)).result(timeout=30)
    control.delete_space(world.alice_space)

    suspended = client.get_subscription(name=created.name)
    assert suspended.state == events.Subscription.State.SUSPENDED
    assert suspended.suspension_reason == events.Subscription.ErrorType.RESOURCE_DELETED
    with pytest.raises(exceptions.BadRequest) as refused:
        client.reactivate_subscription(name=created.name)
    assert refused.value.response.json()["error"]["status"] == "FAILED_PRECONDITION"


def test_reactivating_an_active_subscription_is_refused(emulator, control):
    world = seed_events_world(control)
    client = google_client(emulator.url, world.alice_token)
    created = client.create_subscription(subscription=_subscription(world.alice_target)).result(timeout=30)

    with pytest.raises(exceptions.BadRequest) as refused:
        client.reactivate_subscription(name=created.name)
    assert refused.value.response.json()["error"]["status"] == "FAILED_PRECONDITION"
