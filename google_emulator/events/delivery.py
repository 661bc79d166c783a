"""Events as Pub/Sub messages: CloudEvents in binary mode (attributes `ce-*`, the JSON payload as the data), handed
to `world.publishing`; and the faults a test may ask of delivery (drop, duplicate, hold then release).

Google's Pub/Sub protocol binding for CloudEvents (github.com/googleapis/google-cloudevents, docs/spec/pubsub.md)
puts every CloudEvents attribute in a `ce-` message attribute; the Workspace Events guides show `ce-id`,
`ce-source`, `ce-subject`, `ce-type`, `ce-time`, `ce-specversion` and `ce-datacontenttype`.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from google_emulator.core.clock import rfc3339
from google_emulator.core.publishing import Publishing

FAULT_ACTIONS = ("drop", "duplicate", "hold")


@dataclass
class DeliveryFault:
    action: str  # one of FAULT_ACTIONS
    remaining: int
    event_type: str | None = None  # None: any event

    def public(self) -> dict[str, Any]:
        return {"action": self.action, "count": self.remaining, "eventType": self.event_type}


@dataclass
class DeliveryFaults:
    """Test-only: what happens to the next events published. Held messages wait for `release` (a delay, or, released
    in reverse, a reordering); the emulator's state file does not keep any of this."""

    pending: list[DeliveryFault] = field(default_factory=list)
    held: list[tuple[str, bytes, dict[str, str]]] = field(default_factory=list)

    def take(self, event_type: str) -> str | None:
        for fault in self.pending:
            if fault.event_type in (None, event_type):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self.pending.remove(fault)
                return fault.action
        return None

    def clear(self) -> None:
        self.pending.clear()
        self.held.clear()


def new_event_id() -> str:
    return str(uuid.uuid4())


def publish_event(
    publishing: Publishing,
    faults: DeliveryFaults,
    *,
    topic: str,
    event_type: str,
    source: str,
    subject: str,
    data: dict[str, Any],
    at: datetime,
    event_id: str,
) -> None:
    attributes = {
        "ce-id": event_id,
        "ce-source": source,
        "ce-subject": subject,
        "ce-type": event_type,
        "ce-time": rfc3339(at),
        "ce-specversion": "1.0",
        "ce-datacontenttype": "application/json",
    }
    payload = json.dumps(data, separators=(",", ":")).encode()
    action = faults.take(event_type)
    if action == "drop":
        return
    if action == "hold":
        faults.held.append((topic, payload, attributes))
        return
    publishing.publish(topic, payload, attributes)
    if action == "duplicate":
        publishing.publish(topic, payload, dict(attributes))


def release_held(publishing: Publishing, faults: DeliveryFaults, reverse: bool) -> int:
    held = list(reversed(faults.held)) if reverse else list(faults.held)
    faults.held.clear()
    for topic, payload, attributes in held:
        publishing.publish(topic, payload, attributes)
    return len(held)
