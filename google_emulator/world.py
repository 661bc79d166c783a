"""The World: the core's shared state (`core/world.py`) with each API's stores, behind one lock, in one state file.

A new API adds its stores here: made in `_reset_stores`, written in `to_state`, read in `load_state`.
"""

from __future__ import annotations

import os
import secrets
import string
from typing import Any

from google_emulator.core.world import CoreWorld
from google_emulator.events import discovery as events_discovery
from google_emulator.events import lifecycle as events_lifecycle
from google_emulator.events.subscriptions import SubscriptionStore
from google_emulator.meet import discovery as meet_discovery
from google_emulator.meet.conferences import ConferenceStore
from google_emulator.meet.pagination import Paginator
from google_emulator.meet.spaces import SpaceRecord, SpaceStore
from google_emulator.oauth.state import SignInState
from google_emulator.pubsub.broker import Broker
from google_emulator.pubsub.delivery import Delivery
from google_emulator.reports import discovery as reports_discovery
from google_emulator.reports.activities import ActivityStore
from google_emulator.reports.quota import ReportsQuota

# Google's resource ids are URL-safe tokens, `-` and `_` included.
_ID_ALPHABET = string.ascii_letters + string.digits + "-_"


def _new_id(kind: str) -> str:
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(16))


class World(CoreWorld):
    # The scopes of every API served, which the token endpoint and the sign-in know (with the identity scopes).
    api_scopes: dict[str, str] = {**events_discovery.SCOPES, **meet_discovery.SCOPES, **reports_discovery.SCOPES}

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
        self.conferences = ConferenceStore(self.clock.now, _new_id, self._meet_happened)
        self.signin = SignInState()
        self.reports = ActivityStore(secrets.token_bytes(32))
        self.reports_quota = ReportsQuota()
        self.events = SubscriptionStore()

    def _meet_happened(self, event_type: str, space: str, payload: dict[str, Any], at: Any) -> None:
        # Meet tells what happens in its conferences; the Workspace Events API publishes it to the subscribers.
        events_lifecycle.meet_happened(self, event_type, space, payload, at)

    def catch_up(self) -> bool:
        """Brings the Workspace Events subscriptions to the emulated now: due events, reminders, expiry, suspension.
        True when anything happened."""
        with self.lock:
            return events_lifecycle.catch_up(self)

    def space_by_name(self, name: str) -> SpaceRecord | None:
        return self.spaces.by_id(name.removeprefix("spaces/"))

    def harvest_reports(self) -> None:
        """Writes into the Reports API's audit log every participant session that ended since it was last read:
        Meet's conferences are where its `call_ended` activities come from, the space's owner their organizer."""

        def organizer_of(space_name: str) -> str | None:
            space = self.space_by_name(space_name)
            return space.owner if space else None

        def user_of(email: str) -> tuple[str, str] | None:
            user = self.directory.user(email)
            return (user.user_id, user.domain) if user else None

        self.reports.harvest(self.conferences.ended_sessions(), organizer_of, user_of, self.clock.now())

    def to_state(self) -> dict[str, Any]:
        return {
            **super().to_state(),
            "pageTokenKey": self.paginator.key.hex(),
            "spaces": self.spaces.to_state(),
            "conferences": self.conferences.to_state(),
            "signIn": self.signin.to_state(),
            "reports": self.reports.to_state(),
            "reportsQuota": dict(self.reports_quota.limits),
            "events": self.events.to_state(),
        }

    def load_state(self, state: dict[str, Any]) -> None:
        with self.lock:
            super().load_state(state)
            self.paginator = Paginator(bytes.fromhex(state["pageTokenKey"]))
            self.spaces = SpaceStore.from_state(state.get("spaces", {}))
            self.conferences = ConferenceStore.from_state(
                state.get("conferences", {}), self.clock.now, _new_id, self._meet_happened
            )
            self.signin = SignInState.from_state(state.get("signIn", {}))
            self.reports = ActivityStore.from_state(state.get("reports", {}), secrets.token_bytes(32))
            self.reports_quota = ReportsQuota(state.get("reportsQuota"))
            self.events = SubscriptionStore.from_state(state.get("events", {}))
