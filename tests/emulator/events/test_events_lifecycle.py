"""Subscriptions live by the emulated clock and the world: reminders 12 h and 1 h before expiry, expiry (then gone),
renewal, suspension when a grant is revoked or the target deleted, and reactivation once the cause is gone."""

from __future__ import annotations

import time

from google.auth.transport.requests import Request
from google.oauth2 import service_account

from google_emulator.server import start
from tests.support.events_http import (
    EXPIRED,
    PROJECT,
    REMINDER,
    SPACE_TARGET,
    SUSPENDED,
    EventsHttp,
    published,
    seed_events_world,
    subscription_body,
)
from tests.support.google_errors import assert_google_error
from tests.support.meet_http import MEETADMIN, READONLY

DELEGATE = "meetadmin-delegate@meetadmin-demo.iam.gserviceaccount.com"
HOUR = 3600
DAY = 24 * HOUR


def _lifecycle(control) -> list[tuple[str, str]]:
    return [
        (m["attributes"]["ce-type"].rsplit(".", 1)[-1], m["data"]["subscription"]["name"])
        for m in published(control)
        if m["attributes"]["ce-type"].startswith("google.workspace.events.")
    ]


def test_advancing_past_expiry_fires_both_reminders_then_expiry_in_order_and_deletes(emulator, control, events_world):
    alice = EventsHttp(emulator.url, events_world.alice_token["access_token"])
    first = alice.create_ok(subscription_body(events_world.alice_target))
    control.advance_clock(HOUR)
    alice = EventsHttp(emulator.url, control.token("alice@example.com", MEETADMIN, [READONLY])["access_token"])
    second = alice.create_ok(subscription_body(SPACE_TARGET + events_world.alice_space.removeprefix("spaces/")))

    control.advance_clock(8 * DAY)

    assert _lifecycle(control) == [
        ("expirationReminder", first["name"]),
        ("expirationReminder", second["name"]),
        ("expirationReminder", first["name"]),
        ("expired", first["name"]),
        ("expirationReminder", second["name"]),
        ("expired", second["name"]),
    ]
    stamps = [m["attributes"]["ce-time"] for m in published(control)]
    assert stamps == sorted(stamps)
    reminder = published(control, REMINDER)[0]
    assert reminder["attributes"]["ce-source"] == "//workspaceevents.googleapis.com/" + first["name"]
    assert reminder["attributes"]["ce-subject"] == reminder["attributes"]["ce-source"]
    assert control.event_subscriptions() == []
    reconnected = EventsHttp(emulator.url, control.token("alice@example.com", MEETADMIN, [READONLY])["access_token"])
    assert_google_error(reconnected.request("GET", first["name"]), 404, "NOT_FOUND")


def test_each_reminder_comes_once_at_its_moment(alice_events, events_world, control):
    created = alice_events.create_ok(subscription_body(events_world.alice_target))

    control.advance_clock(7 * DAY - 13 * HOUR)
    assert _lifecycle(control) == []
    control.advance_clock(2 * HOUR)
    assert _lifecycle(control) == [("expirationReminder", created["name"])]
    control.advance_clock(10 * HOUR)
    assert _lifecycle(control) == [("expirationReminder", created["name"])] * 2
    assert published(control, EXPIRED) == []


def test_a_short_ttl_gets_only_the_reminders_still_ahead_of_it(alice_events, events_world, control):
    created = alice_events.create_ok(subscription_body(events_world.alice_target, ttl=f"{2 * HOUR}s"))

    control.advance_clock(3 * HOUR)

    assert _lifecycle(control) == [("expirationReminder", created["name"]), ("expired", created["name"])]


def test_renewing_before_expiry_moves_the_reminders_with_it(emulator, alice_events, events_world, control):
    created = alice_events.create_ok(subscription_body(events_world.alice_target))
    control.advance_clock(6 * DAY + 11 * HOUR)
    token = control.token("alice@example.com", MEETADMIN, [READONLY])["access_token"]

    renewed = EventsHttp(emulator.url, token).request("PATCH", created["name"], {"ttl": "0s"}, updateMask="ttl")
    control.advance_clock(2 * DAY)

    assert renewed.status_code == 200, renewed.text
    assert _lifecycle(control) == []
    assert [s["state"] for s in control.event_subscriptions()] == ["ACTIVE"]


def test_a_revoked_grant_suspends_with_user_scope_revoked_and_reconnecting_allows_reactivation(
    emulator, alice_events, events_world, control
):
    created = alice_events.create_ok(subscription_body(events_world.alice_target))

    control.revoke(events_world.alice_token["refresh_token"])

    [suspension] = published(control, SUSPENDED)
    assert suspension["data"]["subscription"]["name"] == created["name"]
    assert suspension["data"]["subscription"]["suspensionReason"] == "USER_SCOPE_REVOKED"
    reconnected = EventsHttp(emulator.url, control.token("alice@example.com", MEETADMIN, [READONLY])["access_token"])
    assert reconnected.request("GET", created["name"]).json()["suspensionReason"] == "USER_SCOPE_REVOKED"
    reactivated = reconnected.request("POST", created["name"] + ":reactivate", {})
    assert reactivated.status_code == 200, reactivated.text
    current = reconnected.request("GET", created["name"]).json()
    assert current["state"] == "ACTIVE"
    assert "suspensionReason" not in current


def test_a_deleted_space_suspends_its_subscription_with_resource_deleted(alice_events, events_world, control):
    created = alice_events.create_ok(subscription_body(SPACE_TARGET + events_world.alice_space.removeprefix("spaces/")))

    control.delete_space(events_world.alice_space)

    [suspension] = published(control, SUSPENDED)
    assert suspension["data"]["subscription"]["suspensionReason"] == "RESOURCE_DELETED"
    refused = alice_events.request("POST", created["name"] + ":reactivate", {})
    assert_google_error(refused, 400, "FAILED_PRECONDITION")


def test_a_deleted_account_suspends_its_user_subscription_with_resource_deleted(alice_events, events_world, control):
    alice_events.create_ok(subscription_body(events_world.alice_target))

    control.recreate_user("alice@example.com")

    [suspension] = published(control, SUSPENDED)
    assert suspension["data"]["subscription"]["suspensionReason"] == "RESOURCE_DELETED"


def test_a_space_subscription_of_a_deleted_account_suspends_with_user_authorization_failure(
    alice_events, events_world, control
):
    alice_events.create_ok(subscription_body(SPACE_TARGET + events_world.alice_space.removeprefix("spaces/")))

    control.recreate_user("alice@example.com")

    [suspension] = published(control, SUSPENDED)
    assert suspension["data"]["subscription"]["suspensionReason"] == "USER_AUTHORIZATION_FAILURE"


def test_subscriptions_and_files_to_come_survive_a_restart_with_the_state_file(tmp_path):
    state = tmp_path / "emulator.json"
    with start(seed="empty", state_file=str(state)) as first:
        from google_emulator.control.client import EmulatorControl

        control = EmulatorControl(first.url)
        world = seed_events_world(control)
        alice = EventsHttp(first.url, world.alice_token["access_token"])
        created = alice.create_ok(
            subscription_body(world.alice_target, ["google.workspace.meet.recording.v2.fileGenerated"])
        )
        control.join(world.alice_space, {"email": "dave@example.com"})
        control.add_recording(world.alice_space)
        control.end_conference(world.alice_space)

    with start(state_file=str(state)) as second:
        control = EmulatorControl(second.url)
        control.advance_clock(61)
        assert [s["name"] for s in control.event_subscriptions()] == [created["name"]]
        assert [m["attributes"]["ce-type"] for m in published(control)] == [
            "google.workspace.meet.recording.v2.fileGenerated"
        ]


def test_time_passing_without_any_request_still_expires_a_subscription(emulator, alice_events, events_world):
    created = alice_events.create_ok(subscription_body(events_world.alice_target, ttl="1s"))

    # Read the world in this process rather than over HTTP: a request would itself make the emulator catch up.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with emulator.world.lock:
            types = [message["attributes"]["ce-type"] for message in emulator.world.publishing.log]
        if EXPIRED in types:
            break
        time.sleep(0.1)

    assert types == [EXPIRED]
    assert emulator.world.events.get(created["name"]) is None


def test_a_subscription_made_through_delegation_is_suspended_when_the_delegation_loses_meet(
    emulator, control, events_world
):
    key = control.add_service_account(DELEGATE, PROJECT, delegated_domain="example.com", delegated_scopes=[READONLY])
    key["token_uri"] = f"{emulator.url}/token"
    credentials = service_account.Credentials.from_service_account_info(
        key, scopes=[READONLY], subject="alice@example.com"
    )
    credentials.refresh(Request())
    created = EventsHttp(emulator.url, credentials.token).create_ok(subscription_body(events_world.alice_target))
    assert created["userAuthority"] == events_world.alice_user

    control.add_service_account(DELEGATE, PROJECT, delegated_domain="example.com", delegated_scopes=[])

    [suspension] = published(control, SUSPENDED)
    assert suspension["data"]["subscription"]["suspensionReason"] == "USER_SCOPE_REVOKED"
