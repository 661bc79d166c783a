"""Pub/Sub servers for the session: ours (an emulator serving Pub/Sub on a free port) and, when it is installed,
Google's own Pub/Sub emulator; `pubsub` runs a test against each."""

from __future__ import annotations

import pytest

from tests.support import google_pubsub_emulator
from tests.support.pubsub_clients import connect


@pytest.fixture(scope="session")
def pubsub_emulator():
    """An emulator of ours serving Pub/Sub's gRPC API (`.pubsub_address`) beside its HTTP control surface."""
    from google_emulator.server import start

    running = start(seed="empty", pubsub_port=0)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def google_pubsub():
    """Google's Pub/Sub emulator, started once (a JVM takes seconds); None when it is not installed."""
    if google_pubsub_emulator.missing():
        yield None
        return
    server = google_pubsub_emulator.GooglePubSubEmulator().start()
    yield server
    server.stop()


@pytest.fixture
def google_pubsub_address(google_pubsub):
    reason = google_pubsub_emulator.missing()
    if reason:
        pytest.skip(reason)
    return google_pubsub.address


@pytest.fixture(params=["emulator", "google"])
def pubsub(request, pubsub_emulator):
    """Clients of ours, then of Google's Pub/Sub emulator (skipped, saying what is missing, where it is absent)."""
    if request.param == "google":
        address = request.getfixturevalue("google_pubsub_address")
    else:
        address = pubsub_emulator.pubsub_address
    clients = connect(request.param, address)
    yield clients
    clients.close()


@pytest.fixture
def ours(pubsub_emulator):
    """Clients of our Pub/Sub only, for what Google's emulator has no counterpart of (delivery from other APIs)."""
    clients = connect("emulator", pubsub_emulator.pubsub_address)
    yield clients
    clients.close()


@pytest.fixture
def pubsub_control(pubsub_emulator):
    """The control surface of the emulator serving our Pub/Sub, its world reset (topics stay, as Pub/Sub's do)."""
    from google_emulator.control.client import EmulatorControl

    control = EmulatorControl(pubsub_emulator.url)
    control.reset()
    return control
