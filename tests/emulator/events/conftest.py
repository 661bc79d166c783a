"""Fixtures of the Workspace Events API's tests."""

from __future__ import annotations

import pytest

from tests.support.events_http import EventsHttp, seed_events_world


@pytest.fixture
def events_world(control):
    """alice's space and her app's token (tests/support/events_http.py), seeded afresh for each test."""
    return seed_events_world(control)


@pytest.fixture
def alice_events(emulator, events_world):
    """The Workspace Events API as alice's app calls it."""
    return EventsHttp(emulator.url, events_world.alice_token["access_token"])
