"""People and clients for the Meet client tests, on the shared emulator (`emulator`, `control` fixtures).

alice and charlie own spaces, dave joins calls; meetadmin's OAuth client belongs to the `meetadmin-test` project,
another app's client to `other-app`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from meet_client import MEET_SCOPES, MeetClient, user_credentials
from tests.support.meet_client_apps import (
    CLIENT_ID,
    CLIENT_SECRET,
    OTHER_CLIENT_ID,
    OTHER_PROJECT,
    OTHER_SECRET,
    PEOPLE,
    PROJECT,
)


@pytest.fixture
def people_and_apps(control):
    """An empty world with our people and both apps' OAuth clients."""
    for email, display_name in PEOPLE.items():
        control.add_user(email, display_name)
    control.add_oauth_client(CLIENT_ID, CLIENT_SECRET, PROJECT)
    control.add_oauth_client(OTHER_CLIENT_ID, OTHER_SECRET, OTHER_PROJECT)
    return control


@pytest.fixture
def connect(emulator, people_and_apps) -> Iterator[Callable[..., MeetClient]]:
    """`connect("alice@example.com", scopes=..., app="other")` -> a MeetClient signed in as that person."""
    clients: list[MeetClient] = []

    def make(email: str, *, scopes=MEET_SCOPES, app: str = "meetadmin", timeout=(3.05, 10.0)) -> MeetClient:
        client_id, secret = (CLIENT_ID, CLIENT_SECRET) if app == "meetadmin" else (OTHER_CLIENT_ID, OTHER_SECRET)
        grant = people_and_apps.token(email, client_id, list(scopes))
        credentials = user_credentials(
            access_token=grant["access_token"],
            refresh_token=grant["refresh_token"],
            client_id=client_id,
            client_secret=secret,
            token_uri=f"{emulator.url}/token",
            scopes=scopes,
        )
        client = MeetClient(credentials, base_url=emulator.url, timeout=timeout)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def alice(connect) -> MeetClient:
    return connect("alice@example.com")


@pytest.fixture
def bob(connect) -> MeetClient:
    return connect("bob@example.com")
