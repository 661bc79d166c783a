"""Where the emulated Google services hand messages to Cloud Pub/Sub: the seam between an API that publishes
(Workspace Events publishes Meet events to a subscriber's topic) and the Pub/Sub that delivers them.

An API calls `world.publishing.publish(topic, data, attributes)`. Whoever delivers (the emulator's own Pub/Sub, or
Google's Pub/Sub emulator when one is configured) registers itself with `deliver_with`. Every message is also kept
in a bounded log, which the control surface shows, so a test can see what was published even when no topic exists
(Google drops those; so does the emulator, after logging them).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PUBLISHED_LOG_LENGTH = 50_000


@dataclass(frozen=True)
class Message:
    topic: str  # projects/{project}/topics/{topic}
    data: bytes
    attributes: dict[str, str] = field(default_factory=dict)


# Returns the message id the topic gave, or None when the topic does not exist (the message is dropped).
Deliverer = Callable[[Message], "str | None"]


class Publishing:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._deliver: Deliverer | None = None
        self.log: deque[dict[str, Any]] = deque(maxlen=PUBLISHED_LOG_LENGTH)

    def deliver_with(self, deliverer: Deliverer | None) -> None:
        with self._lock:
            self._deliver = deliverer

    def publish(self, topic: str, data: bytes, attributes: dict[str, str] | None = None) -> str | None:
        message = Message(topic, data, dict(attributes or {}))
        with self._lock:
            deliver = self._deliver
        message_id = deliver(message) if deliver else None
        self.log.append(
            {
                "topic": topic,
                "data": data.decode("utf-8", "replace"),
                "attributes": message.attributes,
                "messageId": message_id,
            }
        )
        return message_id
