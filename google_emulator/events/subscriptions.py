"""Workspace Events subscriptions and their long-running operations: pure state, no HTTP and no locking.

Facts (docs/emulator.md, "Workspace Events API", with their sources): a subscription to a Meet resource without
resource data lives at most 7 days, and that is also its default; Google sends reminders 12 hours and 1 hour before
it expires, and deletes it when it expires; one subscription per target resource for a given user and app.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from google_emulator.core.clock import parse_rfc3339, rfc3339

MAX_TTL = timedelta(days=7)
REMINDERS = (("12h", timedelta(hours=12)), ("1h", timedelta(hours=1)))
ACTIVE, SUSPENDED = "ACTIVE", "SUSPENDED"
SPACE_TARGET = "//meet.googleapis.com/spaces/"
USER_TARGET = "//cloudidentity.googleapis.com/users/"


@dataclass
class Subscription:
    id: str
    uid: str
    target: str
    event_types: list[str]
    topic: str
    expire: datetime
    created: datetime
    updated: datetime
    # Who authorised it: the person (`users/{id}` and e-mail), the OAuth client and its Cloud project, the grant
    # (refresh token) the call's access token came from, or the delegating service account; the scopes it had.
    authority: str
    email: str
    client_id: str
    project: str
    grant: str | None
    service_account: str | None
    scopes: list[str]
    state: str = ACTIVE
    suspension_reason: str | None = None
    reminded: list[str] = field(default_factory=list)  # reminders sent (or skipped) for the current expiry

    @property
    def name(self) -> str:
        return f"subscriptions/{self.id}"

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(f"{self.uid}|{rfc3339(self.updated)}|{self.state}".encode()).hexdigest()[:16] + '"'

    def set_expiry(self, expire: datetime, now: datetime) -> None:
        """A reminder is sent only if its moment comes after the expiry was set (a 30-minute TTL gets none)."""
        self.expire = expire
        self.reminded = [label for label, before in REMINDERS if expire - before <= now]

    def resource(self) -> dict[str, Any]:
        resource: dict[str, Any] = {
            "name": self.name,
            "uid": self.uid,
            "targetResource": self.target,
            "eventTypes": list(self.event_types),
            "notificationEndpoint": {"pubsubTopic": self.topic},
            "state": self.state,
            "authority": self.authority,
            "createTime": rfc3339(self.created),
            "updateTime": rfc3339(self.updated),
            "expireTime": rfc3339(self.expire),
            "etag": self.etag,
        }
        if self.suspension_reason:
            resource["suspensionReason"] = self.suspension_reason
        # Domain-wide delegation acts as the user, so the user is the authority then too (`serviceAccountAuthority`
        # is for an app acting as itself, which Meet does not take).
        resource["userAuthority"] = self.authority
        return resource

    def to_state(self) -> dict[str, Any]:
        state = asdict(self)
        for key in ("expire", "created", "updated"):
            state[key] = rfc3339(state[key])
        return state

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Subscription:
        values = dict(state)
        for key in ("expire", "created", "updated"):
            values[key] = parse_rfc3339(values[key])
        return cls(**values)


@dataclass
class Scheduled:
    """A Meet event that happens later (a file generated a minute after capture stops), kept until its moment."""

    at: datetime
    event_type: str
    space: str
    payload: dict[str, Any]

    def to_state(self) -> dict[str, Any]:
        return {"at": rfc3339(self.at), "eventType": self.event_type, "space": self.space, "payload": self.payload}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Scheduled:
        return cls(parse_rfc3339(state["at"]), state["eventType"], state["space"], state["payload"])


class SubscriptionStore:
    def __init__(self) -> None:
        self.subscriptions: dict[str, Subscription] = {}  # by id
        self.operations: dict[str, dict[str, Any]] = {}  # by name: finished Operation resources
        self.scheduled: list[Scheduled] = []
        # The directory's revocation count when grants were last checked (None: never, check at the next chance).
        self.revocations_seen: int | None = None

    def new_subscription(self, target: str, **fields: Any) -> Subscription:
        kind = "spaces" if target.startswith(SPACE_TARGET) else "users"
        subscription_id = f"meet-{kind}-{secrets.token_urlsafe(18)}"
        subscription = Subscription(id=subscription_id, uid=str(uuid.uuid4()), target=target, **fields)
        return subscription

    def add(self, subscription: Subscription) -> None:
        self.subscriptions[subscription.id] = subscription

    def get(self, name: str) -> Subscription | None:
        return self.subscriptions.get(name.removeprefix("subscriptions/"))

    def remove(self, subscription: Subscription) -> None:
        self.subscriptions.pop(subscription.id, None)

    def live_for(self, authority: str, project: str, target: str) -> Subscription | None:
        """The caller's subscription to this target through this app, if one exists (ALREADY_EXISTS)."""
        return next(
            (
                s
                for s in self.subscriptions.values()
                if s.authority == authority and s.project == project and s.target == target
            ),
            None,
        )

    def finished_operation(self, response: dict[str, Any], metadata_type: str) -> dict[str, Any]:
        """Google answers every write with an Operation; the emulator's are done at once, and kept for `get`."""
        name = f"operations/{uuid.uuid4()}"
        operation = {"name": name, "done": True, "metadata": {"@type": metadata_type}, "response": response}
        self.operations[name] = operation
        return operation

    def to_state(self) -> dict[str, Any]:
        return {
            "subscriptions": [s.to_state() for s in self.subscriptions.values()],
            "operations": list(self.operations.values()),
            "scheduled": [item.to_state() for item in self.scheduled],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> SubscriptionStore:
        store = cls()
        for item in state.get("subscriptions", []):
            subscription = Subscription.from_state(item)
            store.subscriptions[subscription.id] = subscription
        store.operations = {operation["name"]: operation for operation in state.get("operations", [])}
        store.scheduled = [Scheduled.from_state(item) for item in state.get("scheduled", [])]
        return store
