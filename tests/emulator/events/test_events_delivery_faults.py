"""Test-only delivery faults: the next events dropped, duplicated, or held and released late or in reverse."""

from __future__ import annotations

import pytest

from google_emulator.control.client import EmulatorControlError
from tests.support.events_http import (
    JOINED,
    LEFT,
    STARTED,
    EventsHttp,
    published,
    seed_events_world,
    subscription_body,
)

DAVE = {"email": "dave@example.com"}


@pytest.fixture
def subscribed(emulator, control):
    world = seed_events_world(control)
    EventsHttp(emulator.url, world.alice_token["access_token"]).create_ok(subscription_body(world.alice_target))
    return world


def _types(control) -> list[str]:
    return [m["attributes"]["ce-type"] for m in published(control)]


def test_a_dropped_event_is_never_published(subscribed, control):
    control.events_fault("drop", event_type=JOINED)

    control.join(subscribed.alice_space, DAVE)
    control.leave(subscribed.alice_space, DAVE)

    assert _types(control) == [STARTED, LEFT]
    assert control.events_faults() == {"pending": [], "held": 0}


def test_a_duplicated_event_is_published_twice_with_the_same_id(subscribed, control):
    control.events_fault("duplicate", event_type=JOINED)

    control.join(subscribed.alice_space, DAVE)

    messages = published(control, JOINED)
    assert len(messages) == 2
    assert messages[0]["attributes"] == messages[1]["attributes"]


def test_held_events_are_published_on_release_in_the_order_asked(subscribed, control):
    control.events_fault("hold", count=2)

    control.join(subscribed.alice_space, DAVE)
    assert _types(control) == []
    assert control.events_faults()["held"] == 2
    control.leave(subscribed.alice_space, DAVE)
    released = control.release_events(order="reverse")

    assert released == 2
    assert _types(control) == [LEFT, JOINED, STARTED]


def test_an_unknown_fault_is_refused(control):
    with pytest.raises(EmulatorControlError, match="400"):
        control.events_fault("scramble")
