"""The Workspace Events API's subscriptions over raw HTTP: what Google answers, refusals included."""

from __future__ import annotations

import pytest
import requests

from tests.support.events_http import (
    ENDED,
    JOINED,
    LEFT,
    SPACE_TARGET,
    STARTED,
    EventsHttp,
    other_app_token,
    subscription_body,
)
from tests.support.google_errors import assert_google_error
from tests.support.meet_http import CREATED, MEETADMIN


def _space_target(space: str) -> str:
    return SPACE_TARGET + space.removeprefix("spaces/")


def test_create_answers_a_finished_operation_that_operations_get_returns_again(alice_events, events_world):
    response = alice_events.create(subscription_body(events_world.alice_target))

    assert response.status_code == 200, response.text
    operation = response.json()
    assert operation["done"] is True
    assert operation["name"].startswith("operations/")
    assert operation["metadata"]["@type"] == (
        "type.googleapis.com/google.apps.events.subscriptions.v1.CreateSubscriptionMetadata"
    )
    assert operation["response"]["@type"] == "type.googleapis.com/google.apps.events.subscriptions.v1.Subscription"
    assert operation["response"]["state"] == "ACTIVE"
    assert operation["response"]["userAuthority"] == events_world.alice_user
    again = alice_events.request("GET", operation["name"])
    assert again.status_code == 200
    assert again.json()["response"]["name"] == operation["response"]["name"]


def test_the_integer_dialect_answers_enum_numbers(alice_events, events_world):
    created = alice_events.create_ok(subscription_body(events_world.alice_target))

    response = alice_events.request("GET", created["name"], **{"$alt": "json;enum-encoding=int"})

    assert response.json()["state"] == 1  # ACTIVE


def test_list_needs_a_filter_on_event_types(alice_events, events_world):
    alice_events.create_ok(subscription_body(events_world.alice_target))

    assert_google_error(alice_events.request("GET", "subscriptions"), 400, "INVALID_ARGUMENT")
    assert_google_error(
        alice_events.request("GET", "subscriptions", filter=f'target_resource="{events_world.alice_target}"'),
        400,
        "INVALID_ARGUMENT",
    )
    assert_google_error(
        alice_events.request("GET", "subscriptions", filter="event_types=JOINED"), 400, "INVALID_ARGUMENT"
    )


@pytest.mark.parametrize(
    ("query", "finds"),
    [
        (f'event_types:"{JOINED}"', {"user", "space"}),
        (f'event_types:"{STARTED}" OR event_types:"{LEFT}"', {"user", "space"}),
        (f'event_types:"{STARTED}"', {"space"}),
        ('( event_types:"{s}" OR event_types:"{e}" ) AND target_resource="{t}"', {"space"}),
        (f'event_types:"{ENDED}"', set()),
    ],
)
def test_list_filters_by_event_types_and_target_in_googles_grammar(alice_events, events_world, query, finds):
    space_target = _space_target(events_world.alice_space)
    made = {
        "user": alice_events.create_ok(subscription_body(events_world.alice_target, [JOINED, LEFT]))["name"],
        "space": alice_events.create_ok(subscription_body(space_target, [JOINED, STARTED]))["name"],
    }

    response = alice_events.request("GET", "subscriptions", filter=query.format(s=STARTED, e=ENDED, t=space_target))

    assert response.status_code == 200, response.text
    names = {subscription["name"] for subscription in response.json().get("subscriptions", [])}
    assert names == {made[label] for label in finds}


def test_list_pages_with_a_token_bound_to_the_filter(alice_events, events_world, control):
    for space in (events_world.alice_space, events_world.alice_second_space):
        alice_events.create_ok(subscription_body(_space_target(space)))
    query = f'event_types:"{JOINED}"'

    first = alice_events.request("GET", "subscriptions", filter=query, pageSize=1).json()
    second = alice_events.request(
        "GET", "subscriptions", filter=query, pageSize=1, pageToken=first["nextPageToken"]
    ).json()

    assert len(first["subscriptions"]) == len(second["subscriptions"]) == 1
    assert first["subscriptions"][0]["name"] != second["subscriptions"][0]["name"]
    assert "nextPageToken" not in second
    foreign = alice_events.request(
        "GET", "subscriptions", filter=f'event_types:"{LEFT}"', pageToken=first["nextPageToken"]
    )
    assert_google_error(foreign, 400, "INVALID_ARGUMENT", "Invalid page token.")


def test_one_subscription_per_target_user_and_app(alice_events, events_world, control):
    first = alice_events.create_ok(subscription_body(events_world.alice_target))

    again = alice_events.create(subscription_body(events_world.alice_target, [LEFT]))

    error = assert_google_error(again, 409, "ALREADY_EXISTS")
    assert error["details"][0]["metadata"]["current_subscription"] == first["name"]


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"eventTypes": []}, "INVALID_ARGUMENT"),
        ({"eventTypes": ["google.workspace.chat.message.v1.created"]}, "INVALID_ARGUMENT"),
        ({"notificationEndpoint": {"pubsubTopic": "meet-events"}}, "INVALID_ARGUMENT"),
        ({"notificationEndpoint": {"pubsubTopic": "projects/someone-else/topics/t"}}, "INVALID_ARGUMENT"),
        ({"ttl": "604801s"}, "INVALID_ARGUMENT"),
        ({"ttl": "one week"}, "INVALID_ARGUMENT"),
        ({"expireTime": "2000-01-01T00:00:00Z"}, "INVALID_ARGUMENT"),
        ({"payloadOptions": {"includeResource": True}}, "INVALID_ARGUMENT"),
        ({"colour": "blue"}, "INVALID_ARGUMENT"),
        ({"targetResource": "//chat.googleapis.com/spaces/AAA"}, "INVALID_ARGUMENT"),
    ],
)
def test_a_bad_create_is_400_and_makes_nothing(alice_events, events_world, control, change, status):
    response = alice_events.create({**subscription_body(events_world.alice_target), **change})

    assert_google_error(response, 400, status)
    assert control.event_subscriptions() == []


def test_a_ttl_of_zero_or_none_is_seven_days_and_a_shorter_one_is_kept(alice_events, events_world, control):
    default = alice_events.create_ok(subscription_body(events_world.alice_target))
    short = alice_events.create_ok(subscription_body(_space_target(events_world.alice_space), ttl="3600s"))

    now = control.now()
    assert default["expireTime"][:16] > now[:16]
    assert short["expireTime"] < default["expireTime"]
    assert short["createTime"] < short["expireTime"]


def test_alice_may_not_subscribe_to_charlie_or_his_space(alice_events, events_world):
    charlie = events_world.charlie_token["user"].removeprefix("users/")

    assert_google_error(
        alice_events.create(subscription_body(f"//cloudidentity.googleapis.com/users/{charlie}")),
        403,
        "PERMISSION_DENIED",
    )
    assert_google_error(
        alice_events.create(subscription_body(_space_target(events_world.charlie_space))), 403, "PERMISSION_DENIED"
    )
    assert_google_error(
        alice_events.create(subscription_body(_space_target("spaces/NoSuchSpace1"))), 403, "PERMISSION_DENIED"
    )


def test_with_only_the_created_scope_alice_reaches_only_the_apps_spaces(emulator, control, events_world):
    alice = EventsHttp(emulator.url, control.token("alice@example.com", MEETADMIN, [CREATED])["access_token"])

    assert alice.create(subscription_body(_space_target(events_world.alice_space))).status_code == 200
    refused = alice.create(subscription_body(_space_target(events_world.alice_other_app_space)))
    assert_google_error(refused, 403, "PERMISSION_DENIED")


def test_without_a_token_or_a_meet_scope_the_call_is_refused(emulator, control, events_world):
    assert_google_error(
        EventsHttp(emulator.url, None).create(subscription_body(events_world.alice_target)),
        401,
        "UNAUTHENTICATED",
        reason="CREDENTIALS_MISSING",
    )
    no_meet = control.token("alice@example.com", MEETADMIN, ["https://www.googleapis.com/auth/drive.readonly"])
    refused = EventsHttp(emulator.url, no_meet["access_token"]).create(subscription_body(events_world.alice_target))
    assert_google_error(refused, 403, "PERMISSION_DENIED", reason="ACCESS_TOKEN_SCOPE_INSUFFICIENT")


def test_another_apps_or_persons_subscription_is_not_found(emulator, control, alice_events, events_world):
    created = alice_events.create_ok(subscription_body(events_world.alice_target))
    through_other_app = EventsHttp(emulator.url, other_app_token(control, "alice@example.com")["access_token"])
    charlie = EventsHttp(emulator.url, events_world.charlie_token["access_token"])

    for stranger in (through_other_app, charlie):
        assert_google_error(stranger.request("GET", created["name"]), 404, "NOT_FOUND")
        assert_google_error(stranger.request("DELETE", created["name"]), 404, "NOT_FOUND")


def test_delete_checks_the_etag_and_allow_missing_answers_for_nothing(alice_events, events_world, control):
    created = alice_events.create_ok(subscription_body(events_world.alice_target))

    assert_google_error(alice_events.request("DELETE", created["name"], etag='"stale"'), 409, "ABORTED")
    assert alice_events.request("DELETE", created["name"], etag=created["etag"]).status_code == 200
    assert_google_error(alice_events.request("GET", created["name"]), 404, "NOT_FOUND")
    assert alice_events.request("DELETE", created["name"], allowMissing="true").status_code == 200
    assert_google_error(alice_events.request("DELETE", created["name"]), 404, "NOT_FOUND")


def test_patch_renews_with_ttl_or_expire_time_and_refuses_other_paths(alice_events, events_world, control):
    created = alice_events.create_ok(subscription_body(events_world.alice_target, ttl="3600s"))

    renewed = alice_events.request("PATCH", created["name"], {"ttl": "7200s"}, updateMask="ttl")
    assert renewed.status_code == 200, renewed.text
    assert renewed.json()["response"]["expireTime"] > created["expireTime"]
    refused = alice_events.request("PATCH", created["name"], {"targetResource": "x"}, updateMask="target_resource")
    assert_google_error(refused, 400, "INVALID_ARGUMENT")
    too_long = alice_events.request("PATCH", created["name"], {"ttl": "700000s"}, updateMask="ttl")
    assert_google_error(too_long, 400, "INVALID_ARGUMENT")


def test_calls_are_logged_and_faults_apply(alice_events, events_world, control):
    control.fault("workspaceevents.subscriptions.create", status=503)

    assert_google_error(alice_events.create(subscription_body(events_world.alice_target)), 503, "UNAVAILABLE")
    alice_events.create_ok(subscription_body(events_world.alice_target))

    calls = control.calls(method="workspaceevents.subscriptions.create")
    assert [call["status"] for call in calls] == [503, 200]
    assert calls[1]["user"] == "alice@example.com"


def test_the_status_page_lists_subscriptions_with_their_state(emulator, alice_events, events_world):
    created = alice_events.create_ok(subscription_body(events_world.alice_target))

    page = requests.get(f"{emulator.url}/_emulator/", timeout=10).text

    assert "Workspace Events subscriptions" in page
    assert created["name"] in page
    assert "ACTIVE" in page
