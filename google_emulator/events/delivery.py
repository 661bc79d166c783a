"""Events as Pub/Sub messages: CloudEvents in binary mode (attributes `ce-*`, the JSON payload as the data), handed
to `world.publishing`, which the Pub/Sub side delivers (with its own delivery faults for tests: drop, duplicate,
delay, reorder).

Google's Pub/Sub protocol binding for CloudEvents (github.com/googleapis/google-cloudevents, docs/spec/pubsub.md)
puts every CloudEvents attribute in a `ce-` message attribute; the Workspace Events guides show `ce-id`,
`ce-source`, `ce-subject`, `ce-type`, `ce-time`, `ce-specversion` and `ce-datacontenttype`.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from google_emulator.core.clock import rfc3339
from google_emulator.core.publishing import Publishing


def new_event_id() -> str:
    return str(uuid.uuid4())


def publish_event(
    publishing: Publishing,
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
    publishing.publish(topic, json.dumps(data, separators=(",", ":")).encode(), attributes)
