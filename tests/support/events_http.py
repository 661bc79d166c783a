"""The Workspace Events API in the emulator, for its tests: raw HTTP as one identity, Google's own generated client
(`google-apps-events-subscriptions`, REST transport) pointed at the emulator, and the Workspace they subscribe in.

alice owns two spaces made by meetadmin's app and one made by another app; charlie owns one; dave joins calls.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import requests
from google.api_core.client_options import ClientOptions
from google.apps import events_subscriptions_v1
from google.oauth2.credentials import Credentials

from tests.support.meet_http import MEETADMIN, OTHER_APP, READONLY, seed_apps

PROJECT = "meetadmin-demo"
TOPIC = f"projects/{PROJECT}/topics/meet-events"
JOINED = "google.workspace.meet.participant.v2.joined"
LEFT = "google.workspace.meet.participant.v2.left"
STARTED = "google.workspace.meet.conference.v2.started"
ENDED = "google.workspace.meet.conference.v2.ended"
ALL_CONFERENCE_EVENTS = [STARTED, ENDED, JOINED, LEFT]
REMINDER = "google.workspace.events.subscription.v1.expirationReminder"
EXPIRED = "google.workspace.events.subscription.v1.expired"
SUSPENDED = "google.workspace.events.subscription.v1.suspended"
SPACE_TARGET = "//meet.googleapis.com/spaces/"
USER_TARGET = "//cloudidentity.googleapis.com/users/"


@dataclass
class EventsWorld:
    alice_user: str  # users/{id}
    alice_token: dict[str, Any]  # the control surface's token answer: access and refresh token
    charlie_token: dict[str, Any]
    alice_space: str = "spaces/AliceEvents01"
    alice_second_space: str = "spaces/AliceEvents02"
    alice_other_app_space: str = "spaces/AliceOthers03"
    charlie_space: str = "spaces/CharlieEvt04"

    @property
    def alice_target(self) -> str:
        return USER_TARGET + self.alice_user.removeprefix("users/")


def seed_events_world(control: Any, scopes: list[str] | None = None) -> EventsWorld:
    seed_apps(control)
    for space_id, owner, project in (
        ("AliceEvents01", "alice@example.com", PROJECT),
        ("AliceEvents02", "alice@example.com", PROJECT),
        ("AliceOthers03", "alice@example.com", "other-app"),
        ("CharlieEvt04", "charlie@example.com", PROJECT),
    ):
        control.add_space(owner, project, space_id=space_id)
    alice = control.token("alice@example.com", MEETADMIN, scopes or [READONLY])
    charlie = control.token("charlie@example.com", MEETADMIN, scopes or [READONLY])
    return EventsWorld(alice_user=alice["user"], alice_token=alice, charlie_token=charlie)


def other_app_token(control: Any, email: str) -> dict[str, Any]:
    return control.token(email, OTHER_APP, [READONLY])


def subscription_body(target: str, event_types: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "targetResource": target,
        "eventTypes": event_types or ALL_CONFERENCE_EVENTS,
        "notificationEndpoint": {"pubsubTopic": TOPIC},
        **extra,
    }


class EventsHttp:
    """One identity's raw HTTP calls to `/v1/...`, as `https://workspaceevents.googleapis.com/v1/...`."""

    def __init__(self, base_url: str, access_token: str | None) -> None:
        self.base_url = base_url
        self.session = requests.Session()
        if access_token is not None:
            self.session.headers["Authorization"] = f"Bearer {access_token}"

    def request(self, method: str, path: str, body: Any = None, **params: Any) -> requests.Response:
        return self.session.request(method, f"{self.base_url}/v1/{path}", json=body, params=params or None, timeout=30)

    def create(self, body: dict[str, Any], **params: Any) -> requests.Response:
        return self.request("POST", "subscriptions", body, **params)

    def create_ok(self, body: dict[str, Any]) -> dict[str, Any]:
        """Creates and returns the subscription from the finished Operation's `response`."""
        response = self.create(body)
        assert response.status_code == 200, response.text
        operation = response.json()
        assert operation["done"] is True, operation
        return {key: value for key, value in operation["response"].items() if key != "@type"}


def published(control: Any, event_type: str | None = None) -> list[dict[str, Any]]:
    """The messages published, oldest first, with their data decoded from JSON."""
    return [dict(message, data=json.loads(message["data"])) for message in control.published(event_type)]


def google_client(base_url: str, grant: dict[str, Any]) -> events_subscriptions_v1.SubscriptionsServiceClient:
    """Google's own client, unchanged: REST transport, its endpoint pointed at the emulator, the person's grant
    (the control surface's token answer) as google-auth credentials that refresh at the emulator's token URL."""
    credentials = Credentials(
        grant["access_token"],
        refresh_token=grant["refresh_token"],
        client_id=grant["client_id"],
        client_secret=grant["client_secret"],
        token_uri=f"{base_url}/token",
    )
    return events_subscriptions_v1.SubscriptionsServiceClient(
        credentials=credentials,
        transport="rest",
        client_options=ClientOptions(api_endpoint=base_url),
    )
