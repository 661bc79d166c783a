"""The state every API shares, behind one lock, and the state file it is saved to.

`google_emulator.world.World` adds each API's own stores (Meet's spaces and conferences, the sign-in's codes).
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from google_emulator.core.clock import Clock, rfc3339
from google_emulator.core.faults import Faults
from google_emulator.core.identity import Directory, ServiceAccount, Token, User
from google_emulator.core.publishing import Publishing
from google_emulator.core.quotas import Quotas
from google_emulator.core.switches import Switches

# Long enough for a bulk benchmark's 10,000 refreshes and their token calls.
CALL_LOG_LENGTH = 50_000


@dataclass
class Caller:
    """The identity behind one API call's access token."""

    token: Token
    user: User | None
    client_id: str
    project: str
    scopes: frozenset[str]

    @property
    def label(self) -> str | None:
        return self.user.email if self.user else self.token.service_account


class CoreWorld:
    """The emulated clock, identities and tokens, quotas, faults, switches and the call log.

    A subclass adds its APIs' stores by extending `_reset_stores`, `to_state` and `load_state`.
    """

    def __init__(self, state_file: str | os.PathLike[str] | None = None) -> None:
        self.lock = threading.RLock()
        self.state_file = Path(state_file) if state_file else None
        self.clock = Clock()
        self.calls: deque[dict[str, Any]] = deque(maxlen=CALL_LOG_LENGTH)
        self.faults = Faults()
        self.quotas = Quotas()
        self.switches = Switches()
        # Kept across resets: the deliverer is the Pub/Sub this process serves, not state of the world.
        self.publishing = Publishing()
        self._reset_stores()

    def _reset_stores(self) -> None:
        self.directory = Directory()

    def reset(self) -> None:
        """An empty world: no users, spaces, conferences, calls, faults; default quotas and switches; the real
        time."""
        with self.lock:
            self.clock = Clock()
            self.calls.clear()
            self.faults.clear()
            self.quotas = Quotas()
            self.switches = Switches()
            self.publishing.log.clear()
            self._reset_stores()

    # --- look-ups used by the APIs and the control surface ---
    def now(self) -> datetime:
        return self.clock.now()

    def caller(self, access_token: str) -> Caller | None:
        token = self.directory.access_token(access_token, self.clock.now())
        if token is None:
            return None
        user = self.directory.user(token.user) if token.user else None
        return Caller(token, user, token.client_id, token.project, frozenset(token.scopes))

    def resolve_user(self, email: str) -> dict[str, Any]:
        """A participant spec for a signed-in person; an unknown email becomes a user of the emulated Workspace."""
        user = self.directory.user(email) or self.directory.add_user(email)
        return {"user": user.resource_name, "displayName": user.display_name, "email": user.email}

    def resolve_participant(self, spec: dict[str, Any]) -> dict[str, Any]:
        if "email" in spec:
            return self.resolve_user(spec["email"])
        return dict(spec)

    def service_account(self, email: str) -> ServiceAccount | None:
        return self.directory.service_accounts.get(email)

    def log_call(self, entry: dict[str, Any]) -> None:
        with self.lock:
            now = self.clock.now()
            entry.setdefault("time", rfc3339(now))
            entry.setdefault("at", now.timestamp())
            self.calls.append(entry)

    # --- state file ---
    def to_state(self) -> dict[str, Any]:
        return {
            "version": 1,
            "clockOffsetSeconds": self.clock.offset_seconds,
            "quotas": dict(self.quotas.limits),
            "switches": dict(self.switches.values),
            "directory": self.directory.to_state(),
        }

    def load_state(self, state: dict[str, Any]) -> None:
        with self.lock:
            self.clock = Clock(state.get("clockOffsetSeconds", 0.0))
            self.quotas = Quotas(state.get("quotas"))
            self.switches = Switches(state.get("switches"))
            self.directory = Directory.from_state(state.get("directory", {}))

    def save(self) -> None:
        """Writes the world to the state file atomically (a crash mid-write leaves the previous file intact)."""
        if self.state_file is None:
            return
        with self.lock:  # held while writing too, so that an older world never replaces a newer one
            text = json.dumps(self.to_state(), indent=1)
            self.state_file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.state_file.parent, prefix=".emulator-state-")
            with os.fdopen(handle, "w") as stream:
                stream.write(text)
            os.replace(temporary, self.state_file)

    def load(self) -> bool:
        if self.state_file is None or not self.state_file.exists():
            return False
        self.load_state(json.loads(self.state_file.read_text()))
        return True
