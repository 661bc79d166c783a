"""The deliverer behind `world.publishing` (core/publishing.py): each message another emulated API publishes goes to
its topic, in this emulator's Pub/Sub or, when one is named, in Google's own Pub/Sub emulator (through
google-cloud-pubsub's PublisherClient), after the delivery faults a test asked for. A topic that does not exist drops
the message, as Google does. What reached a topic, or did not and why, is kept in a bounded log.
"""

from __future__ import annotations

import threading
from collections import deque
from datetime import UTC, datetime
from typing import Any

import grpc
from google.api_core import exceptions as google_exceptions
from google.cloud import pubsub_v1
from google.pubsub_v1 import types
from google.pubsub_v1.services.publisher.transports import PublisherGrpcTransport

from google_emulator.core.publishing import PUBLISHED_LOG_LENGTH, Message
from google_emulator.pubsub.broker import Broker
from google_emulator.pubsub.delivery_faults import DeliveryFault, DeliveryFaults
from google_emulator.pubsub.errors import PubSubError

GOOGLE_PUBLISH_TIMEOUT = 10.0


class GooglePubSub:
    """Google's Pub/Sub emulator at host:port, reached as any client reaches it: an insecure gRPC channel."""

    def __init__(self, host: str) -> None:
        self.host = host
        transport = PublisherGrpcTransport(channel=grpc.insecure_channel(host))
        # One message a batch: each publish is awaited, so the default batch's 10 ms wait for company would only
        # slow every event down (to about 3,000 a minute here, against 20,000 a minute asked of the consumer).
        self.client = pubsub_v1.PublisherClient(
            batch_settings=pubsub_v1.types.BatchSettings(max_messages=1), transport=transport
        )

    def publish(self, message: Message) -> str | None:
        try:
            future = self.client.publish(message.topic, message.data, **message.attributes)
            return future.result(timeout=GOOGLE_PUBLISH_TIMEOUT)
        except google_exceptions.NotFound:
            return None

    def close(self) -> None:
        self.client.stop()


class Delivery:
    def __init__(self, broker: Broker) -> None:
        self.broker = broker
        self.google: GooglePubSub | None = None
        self.faults = DeliveryFaults()
        self.log: deque[dict[str, Any]] = deque(maxlen=PUBLISHED_LOG_LENGTH)
        self._lock = threading.RLock()
        self._held: list[tuple[Message, threading.Timer]] = []  # reordered messages waiting for the next one
        self._timers: set[threading.Timer] = set()  # delayed and held messages still to go

    @property
    def target(self) -> str:
        return f"google-pubsub-emulator {self.google.host}" if self.google else "emulator"

    def use_google_emulator(self, host: str | None) -> None:
        """Deliver to Google's Pub/Sub emulator at host:port from now on (None: this emulator's own Pub/Sub)."""
        previous, self.google = self.google, GooglePubSub(host) if host else None
        if previous is not None:
            previous.close()

    def __call__(self, message: Message) -> str | None:
        fault = self.faults.take(message)
        if fault is None:
            message_id = self._deliver(message, None)
            self._release_held(message.topic)
            return message_id
        return self._deliver_with_fault(message, fault)

    def _deliver_with_fault(self, message: Message, fault: DeliveryFault) -> str | None:
        if fault.kind == "drop":
            self._record(message, None, "drop", "dropped on purpose")
            return None
        if fault.kind == "duplicate":
            # A publisher's retry: the same data and attributes (so the same CloudEvent id) as new messages.
            message_id = self._deliver(message, "duplicate")
            for _ in range(fault.copies - 1):
                self._deliver(message, "duplicate")
            self._release_held(message.topic)
            return message_id
        if fault.kind == "delay":
            self._later(fault.seconds or 0.0, lambda: self._deliver(message, "delay"))
            return None
        # reorder: held until the next message to the same topic has been delivered, or for `seconds` at most.
        with self._lock:  # held before its timer can fire
            self._held.append((message, self._later(fault.seconds or 0.0, lambda: self._release_one(message))))
        return None

    def _later(self, seconds: float, deliver: Any) -> threading.Timer:
        def run() -> None:
            with self._lock:
                self._timers.discard(timer)
            deliver()

        timer = threading.Timer(seconds, run)
        timer.daemon = True
        with self._lock:
            self._timers.add(timer)
        timer.start()
        return timer

    def _release_held(self, topic: str) -> None:
        with self._lock:
            ready = [(message, timer) for message, timer in self._held if message.topic == topic]
            self._held = [(message, timer) for message, timer in self._held if message.topic != topic]
        for message, timer in ready:
            timer.cancel()
            with self._lock:
                self._timers.discard(timer)
            self._deliver(message, "reorder")

    def _release_one(self, message: Message) -> None:
        with self._lock:
            held = [entry for entry in self._held if entry[0] is message]
            self._held = [entry for entry in self._held if entry[0] is not message]
        if held:
            self._deliver(message, "reorder")

    def _deliver(self, message: Message, fault: str | None) -> str | None:
        google = self.google
        try:
            if google is not None:
                message_id = google.publish(message)
            else:
                pubsub_message = types.PubsubMessage(data=message.data, attributes=message.attributes)
                message_id = self.broker.publish(message.topic, [pubsub_message])[0]
        except PubSubError as error:
            if error.status != "NOT_FOUND":
                self._record(message, None, fault, error.message)
                return None
            message_id = None
        except Exception as error:  # Google's emulator gone or refusing: the message is lost, and the log says why
            self._record(message, None, fault, f"{type(error).__name__}: {error}")
            return None
        self._record(message, message_id, fault, None if message_id else "no such topic: dropped")
        return message_id

    def _record(self, message: Message, message_id: str | None, fault: str | None, problem: str | None) -> None:
        entry: dict[str, Any] = {
            "topic": message.topic,
            "data": message.data.decode("utf-8", "replace"),
            "attributes": dict(message.attributes),
            "messageId": message_id,
            "target": self.target,
            "deliveredAt": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        }
        if fault:
            entry["fault"] = fault
        if problem:
            entry["problem"] = problem
        self.log.append(entry)

    def reset(self) -> None:
        """Faults, the log and held messages go, as the rest of a world that is reset."""
        self.faults.clear()
        with self._lock:
            for timer in self._timers:
                timer.cancel()
            self._timers.clear()
            self._held = []
        self.log.clear()

    def close(self) -> None:
        self.reset()
        if self.google is not None:
            self.google.close()
            self.google = None
