"""The World: the core's shared state (`core/world.py`) with each API's stores, behind one lock, in one state file.

A new API adds its stores here: made in `_reset_stores`, written in `to_state`, read in `load_state`.
"""

from __future__ import annotations

import os
import secrets
import string
from typing import Any

from google_emulator.core.world import CoreWorld
from google_emulator.meet import discovery as meet_discovery
from google_emulator.meet.conferences import ConferenceStore
from google_emulator.meet.pagination import Paginator
from google_emulator.meet.spaces import SpaceRecord, SpaceStore
from google_emulator.oauth.state import SignInState
from google_emulator.pubsub.broker import Broker
from google_emulator.pubsub.delivery import Delivery

# Google's resource ids are URL-safe tokens, `-` and `_` included.
_ID_ALPHABET = string.ascii_letters + string.digits + "-_"


def _new_id(kind: str) -> str:
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(16))


class World(CoreWorld):
    # The scopes of every API served, which the token endpoint and the sign-in know (with the identity scopes).
    api_scopes: dict[str, str] = {**meet_discovery.SCOPES}

    def __init__(self, state_file: str | os.PathLike[str] | None = None) -> None:
        # Made once for the process (a reset keeps it); the state file keeps it across restarts.
        self.paginator = Paginator(secrets.token_bytes(32))
        super().__init__(state_file)
        # Pub/Sub is a service of its own, as Google's emulator is a process of its own: a reset of the world leaves
        # its topics and subscriptions (a consumer's stream stays open); the state file does not keep them.
        self.pubsub = Broker()
        self.delivery = Delivery(self.pubsub)
        self.publishing.deliver_with(self.delivery)

    def reset(self) -> None:
        with self.lock:
            super().reset()
            self.delivery.reset()

    def _reset_stores(self) -> None:
        super()._reset_stores()
        self.spaces = SpaceStore()
        self.conferences = ConferenceStore(self.clock.now, _new_id)
        self.signin = SignInState()

    def space_by_name(self, name: str) -> SpaceRecord | None:
        return self.spaces.by_id(name.removeprefix("spaces/"))

    def to_state(self) -> dict[str, Any]:
        return {
            **super().to_state(),
            "pageTokenKey": self.paginator.key.hex(),
            "spaces": self.spaces.to_state(),
            "conferences": self.conferences.to_state(),
            "signIn": self.signin.to_state(),
        }

    def load_state(self, state: dict[str, Any]) -> None:
        with self.lock:
            super().load_state(state)
            self.paginator = Paginator(bytes.fromhex(state["pageTokenKey"]))
            self.spaces = SpaceStore.from_state(state.get("spaces", {}))
            self.conferences = ConferenceStore.from_state(state.get("conferences", {}), self.clock.now, _new_id)
            self.signin = SignInState.from_state(state.get("signIn", {}))
