"""google-cloud-pubsub's own clients pointed at a Pub/Sub emulator the way its users do it, with
PUBSUB_EMULATOR_HOST, and fresh resource names for each test (the servers live for the whole session)."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

from google.cloud import pubsub_v1
from google.pubsub_v1.services.publisher.client import PublisherClient as GeneratedPublisherClient

PROJECT = "projects/meetadmin-test"


@dataclass
class PubSub:
    """One Pub/Sub server (`which`: "emulator" for ours, "google" for Google's) and clients of it."""

    which: str
    address: str
    publisher: pubsub_v1.PublisherClient
    subscriber: pubsub_v1.SubscriberClient

    def topic(self) -> str:
        """A topic made for this test."""
        name = f"{PROJECT}/topics/topic-{uuid.uuid4().hex[:12]}"
        self.publisher.create_topic(name=name)
        return name

    def subscription(self, topic: str, **fields: object) -> str:
        """A subscription of `topic`, made for this test."""
        name = f"{PROJECT}/subscriptions/sub-{uuid.uuid4().hex[:12]}"
        self.subscriber.create_subscription(request={"name": name, "topic": topic, **fields})
        return name

    def publish_call(self, topic: str, messages: list[dict], **options: object):
        """One Publish call exactly as given: the generated client's, without the batching client's own checks
        (which refuse an ordering key unless ordering is enabled, and never send an empty message)."""
        return GeneratedPublisherClient.publish(self.publisher, topic=topic, messages=messages, **options)

    def close(self) -> None:
        self.publisher.stop()
        self.subscriber.close()


def connect(which: str, address: str) -> PubSub:
    # The clients read PUBSUB_EMULATOR_HOST when they are made, as in any program that uses an emulator.
    before = os.environ.get("PUBSUB_EMULATOR_HOST")
    os.environ["PUBSUB_EMULATOR_HOST"] = address
    try:
        return PubSub(which, address, pubsub_v1.PublisherClient(), pubsub_v1.SubscriberClient())
    finally:
        if before is None:
            del os.environ["PUBSUB_EMULATOR_HOST"]
        else:
            os.environ["PUBSUB_EMULATOR_HOST"] = before
