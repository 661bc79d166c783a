"""What tests ask of the way from a publishing API to Pub/Sub: drop, duplicate, delay or reorder the next messages.

Google promises Workspace Events at least once, in no guaranteed order, and says events can be missed; these faults
make each of those happen on purpose. A fault takes the next `count` messages that match it (its topic, and a subset
of their attributes such as `{"ce-type": "google.workspace.meet.participant.v2.joined"}`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from google_emulator.core.publishing import Message

KINDS = ("drop", "duplicate", "delay", "reorder")
DEFAULT_DELAY_SECONDS = 1.0
# A reordered message waits for the next message to its topic; if none comes, it goes after this long.
DEFAULT_REORDER_HOLD_SECONDS = 10.0


@dataclass
class DeliveryFault:
    kind: str
    remaining: int
    topic: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    seconds: float | None = None  # delay: how long; reorder: the longest a message is held
    copies: int = 2  # duplicate: how many times the message reaches the topic

    def matches(self, message: Message) -> bool:
        if self.topic is not None and self.topic != message.topic:
            return False
        return all(message.attributes.get(key) == value for key, value in self.attributes.items())

    def public(self) -> dict[str, Any]:
        answer: dict[str, Any] = {"kind": self.kind, "count": self.remaining}
        if self.topic is not None:
            answer["topic"] = self.topic
        if self.attributes:
            answer["attributes"] = dict(self.attributes)
        if self.seconds is not None:
            answer["seconds"] = self.seconds
        if self.kind == "duplicate":
            answer["copies"] = self.copies
        return answer


def parse_fault(body: dict[str, Any]) -> DeliveryFault:
    """A fault from a control request's JSON; ValueError says what is wrong."""
    unknown = set(body) - {"kind", "count", "topic", "attributes", "seconds", "copies"}
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    kind = body.get("kind")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    count = body.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ValueError("count must be a positive integer")
    attributes = body.get("attributes") or {}
    if not isinstance(attributes, dict) or not all(isinstance(v, str) for v in attributes.values()):
        raise ValueError("attributes must be an object of strings")
    seconds = body.get("seconds")
    if seconds is not None and (not isinstance(seconds, int | float) or isinstance(seconds, bool) or seconds < 0):
        raise ValueError("seconds must be a number of seconds, not negative")
    if kind == "delay" and seconds is None:
        seconds = DEFAULT_DELAY_SECONDS
    if kind == "reorder" and seconds is None:
        seconds = DEFAULT_REORDER_HOLD_SECONDS
    copies = body.get("copies", 2)
    if not isinstance(copies, int) or isinstance(copies, bool) or copies < 2:
        raise ValueError("copies must be an integer of at least 2")
    return DeliveryFault(kind, count, body.get("topic"), dict(attributes), seconds, copies)


class DeliveryFaults:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.pending: list[DeliveryFault] = []

    def add(self, fault: DeliveryFault) -> DeliveryFault:
        with self._lock:
            self.pending.append(fault)
        return fault

    def take(self, message: Message) -> DeliveryFault | None:
        """The first pending fault this message matches, counted down."""
        with self._lock:
            for fault in self.pending:
                if fault.matches(message):
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self.pending.remove(fault)
                    return fault
        return None

    def public(self) -> list[dict[str, Any]]:
        with self._lock:
            return [fault.public() for fault in self.pending]

    def clear(self) -> None:
        with self._lock:
            self.pending.clear()
