"""Our Pub/Sub held to Google's own Pub/Sub emulator: each test runs against both through google-cloud-pubsub, over
gRPC, and asserts only what both answer (where the two differ, docs/emulator.md says so and why)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from google.api_core import exceptions

from embedded.waiting import wait_for
from tests.support.pubsub_clients import PROJECT
from tests.support.pubsub_raw_stream import RawStream
from tests.support.pubsub_subscriber_process import SubscriberProcess

# Calls that should answer at once; no retries, so that a refusal is seen as the refusal it is.
QUICK = {"retry": None, "timeout": 15}


def _pull(pubsub, subscription: str, wanted: int = 1, within: float = 15.0):
    """Pulls until `wanted` messages came (a Pull may answer fewer than there are)."""
    received = []
    give_up = time.monotonic() + within
    while len(received) < wanted and time.monotonic() < give_up:
        answer = pubsub.subscriber.pull(subscription=subscription, max_messages=10, retry=None, timeout=3)
        received += answer.received_messages
    return received


def _nothing_to_pull(pubsub, subscription: str) -> bool:
    # Both servers answer an empty Pull just before the caller's deadline.
    answer = pubsub.subscriber.pull(subscription=subscription, max_messages=10, retry=None, timeout=2)
    return not answer.received_messages


def test_topics_and_subscriptions_are_made_read_listed_and_deleted(pubsub):
    topic = pubsub.topic()
    assert pubsub.publisher.get_topic(topic=topic, **QUICK).name == topic
    assert topic in [found.name for found in pubsub.publisher.list_topics(project=PROJECT, **QUICK)]

    subscription = pubsub.subscription(topic, ack_deadline_seconds=30)
    made = pubsub.subscriber.get_subscription(subscription=subscription, **QUICK)
    assert (made.topic, made.ack_deadline_seconds) == (topic, 30)
    assert made.message_retention_duration == timedelta(days=7)
    assert subscription in [found.name for found in pubsub.subscriber.list_subscriptions(project=PROJECT, **QUICK)]
    assert list(pubsub.publisher.list_topic_subscriptions(topic=topic, **QUICK)) == [subscription]

    default = pubsub.subscriber.get_subscription(subscription=pubsub.subscription(topic), **QUICK)
    assert default.ack_deadline_seconds == 10

    pubsub.publisher.delete_topic(topic=topic, **QUICK)
    with pytest.raises(exceptions.NotFound):
        pubsub.publisher.get_topic(topic=topic, **QUICK)
    # A subscription outlives its topic, which it then names `_deleted-topic_`.
    assert pubsub.subscriber.get_subscription(subscription=subscription, **QUICK).topic == "_deleted-topic_"
    pubsub.subscriber.delete_subscription(subscription=subscription, **QUICK)
    with pytest.raises(exceptions.NotFound):
        pubsub.subscriber.get_subscription(subscription=subscription, **QUICK)
    with pytest.raises(exceptions.NotFound):
        pubsub.subscriber.delete_subscription(subscription=subscription, **QUICK)


def test_making_a_topic_or_subscription_twice_is_already_exists(pubsub):
    topic = pubsub.topic()
    subscription = pubsub.subscription(topic)
    with pytest.raises(exceptions.AlreadyExists):
        pubsub.publisher.create_topic(name=topic, **QUICK)
    with pytest.raises(exceptions.AlreadyExists):
        pubsub.subscriber.create_subscription(name=subscription, topic=topic, **QUICK)


def test_what_does_not_exist_is_not_found(pubsub):
    missing_topic = f"{PROJECT}/topics/no-such-topic"
    missing_subscription = f"{PROJECT}/subscriptions/no-such-subscription"
    with pytest.raises(exceptions.NotFound):
        pubsub.publisher.get_topic(topic=missing_topic, **QUICK)
    with pytest.raises(exceptions.NotFound):
        pubsub.publisher.publish(missing_topic, b"lost").result(timeout=15)
    with pytest.raises(exceptions.NotFound):
        pubsub.subscriber.create_subscription(name=f"{PROJECT}/subscriptions/orphan-sub", topic=missing_topic, **QUICK)
    with pytest.raises(exceptions.NotFound):
        pubsub.subscriber.get_subscription(subscription=missing_subscription, **QUICK)
    with pytest.raises(exceptions.NotFound):
        pubsub.subscriber.pull(subscription=missing_subscription, max_messages=1, **QUICK)


@pytest.mark.parametrize(
    "name",
    [
        "no-slashes",
        f"{PROJECT}/topics/ab",  # shorter than 3
        f"{PROJECT}/topics/1starts-with-a-digit",
        f"{PROJECT}/topics/goog-reserved",
        f"{PROJECT}/topics/has space",
        f"{PROJECT}/queues/wrong-collection",
    ],
)
def test_a_bad_topic_name_is_invalid_argument(pubsub, name):
    with pytest.raises(exceptions.InvalidArgument):
        pubsub.publisher.create_topic(name=name, **QUICK)


def test_a_bad_subscription_name_or_deadline_is_invalid_argument(pubsub):
    topic = pubsub.topic()
    with pytest.raises(exceptions.InvalidArgument):
        pubsub.subscriber.create_subscription(name=f"{PROJECT}/subscriptions/x", topic=topic, **QUICK)
    with pytest.raises(exceptions.InvalidArgument):
        pubsub.subscriber.create_subscription(
            name=f"{PROJECT}/subscriptions/too-long-a-deadline", topic=topic, ack_deadline_seconds=601, **QUICK
        )
    with pytest.raises(exceptions.InvalidArgument):
        pubsub.subscriber.create_subscription(
            request={
                "name": f"{PROJECT}/subscriptions/too-short-a-retention",
                "topic": topic,
                "message_retention_duration": timedelta(seconds=60),
            },
            **QUICK,
        )


def test_an_empty_message_or_an_empty_pull_is_invalid_argument(pubsub):
    topic = pubsub.topic()
    subscription = pubsub.subscription(topic)
    with pytest.raises(exceptions.InvalidArgument):
        pubsub.publish_call(topic, [{}], **QUICK)
    with pytest.raises(exceptions.InvalidArgument):
        pubsub.subscriber.pull(subscription=subscription, max_messages=0, **QUICK)


def test_published_messages_with_attributes_are_pulled_and_acknowledged(pubsub):
    topic = pubsub.topic()
    subscription = pubsub.subscription(topic)
    before = datetime.now(UTC) - timedelta(seconds=5)
    first = pubsub.publisher.publish(topic, b'{"n": 1}', **{"ce-type": "test.one", "ce-id": "1"}).result(timeout=15)
    second = pubsub.publisher.publish(topic, b"", only="attributes").result(timeout=15)
    (third,) = pubsub.publish_call(topic, [{"data": b"ordered", "ordering_key": "a-key"}], **QUICK).message_ids
    assert len({first, second, third}) == 3

    received = _pull(pubsub, subscription, wanted=3)
    by_id = {item.message.message_id: item for item in received}
    assert sorted(by_id) == sorted([first, second, third])
    assert by_id[first].message.data == b'{"n": 1}'
    assert dict(by_id[first].message.attributes) == {"ce-type": "test.one", "ce-id": "1"}
    assert (by_id[second].message.data, dict(by_id[second].message.attributes)) == (b"", {"only": "attributes"})
    assert by_id[third].message.ordering_key == "a-key"
    assert before <= by_id[first].message.publish_time <= datetime.now(UTC) + timedelta(seconds=5)
    assert len({item.ack_id for item in received}) == 3

    pubsub.subscriber.acknowledge(subscription=subscription, ack_ids=[item.ack_id for item in received], **QUICK)
    # Nothing left, and nothing comes back once the deadline has passed (10 s would be long: the deadline of an
    # acknowledged message does not exist any more, so a second pull now says the same).
    assert _nothing_to_pull(pubsub, subscription)


def test_only_messages_published_after_a_subscription_was_made_reach_it(pubsub):
    topic = pubsub.topic()
    pubsub.publisher.publish(topic, b"before").result(timeout=15)
    subscription = pubsub.subscription(topic)
    after = pubsub.publisher.publish(topic, b"after").result(timeout=15)
    received = _pull(pubsub, subscription)
    assert [item.message.message_id for item in received] == [after]


def test_a_pull_waits_for_a_message_published_meanwhile(pubsub):
    topic = pubsub.topic()
    subscription = pubsub.subscription(topic)
    later = threading.Timer(1.0, lambda: pubsub.publisher.publish(topic, b"late").result(timeout=15))
    later.start()
    try:
        answer = pubsub.subscriber.pull(subscription=subscription, max_messages=5, retry=None, timeout=20)
    finally:
        later.join()
    assert [item.message.data for item in answer.received_messages] == [b"late"]


def test_a_message_is_redelivered_with_a_new_ack_id_after_its_deadline_passes(pubsub):
    topic = pubsub.topic()
    subscription = pubsub.subscription(topic)
    message_id = pubsub.publisher.publish(topic, b"slow").result(timeout=15)
    (first,) = _pull(pubsub, subscription)
    # The deadline made short by ModifyAckDeadline (0 to 600 s are allowed there), so that it passes quickly.
    pubsub.subscriber.modify_ack_deadline(
        subscription=subscription, ack_ids=[first.ack_id], ack_deadline_seconds=1, **QUICK
    )
    (again,) = _pull(pubsub, subscription, within=20)
    assert again.message.message_id == message_id
    assert again.ack_id != first.ack_id

    # The first delivery's ack id is stale now: acknowledging it leaves the redelivered message outstanding.
    pubsub.subscriber.acknowledge(subscription=subscription, ack_ids=[first.ack_id], **QUICK)
    pubsub.subscriber.modify_ack_deadline(
        subscription=subscription, ack_ids=[again.ack_id], ack_deadline_seconds=1, **QUICK
    )
    (third,) = _pull(pubsub, subscription, within=20)
    assert third.message.message_id == message_id
    pubsub.subscriber.acknowledge(subscription=subscription, ack_ids=[third.ack_id], **QUICK)


def test_a_nack_makes_the_message_available_at_once(pubsub):
    topic = pubsub.topic()
    subscription = pubsub.subscription(topic, ack_deadline_seconds=600)
    message_id = pubsub.publisher.publish(topic, b"again").result(timeout=15)
    (first,) = _pull(pubsub, subscription)
    pubsub.subscriber.modify_ack_deadline(
        subscription=subscription, ack_ids=[first.ack_id], ack_deadline_seconds=0, **QUICK
    )
    (again,) = _pull(pubsub, subscription, within=5)
    assert again.message.message_id == message_id


def test_an_unknown_ack_id_is_invalid_argument(pubsub):
    topic = pubsub.topic()
    subscription = pubsub.subscription(topic)
    with pytest.raises(exceptions.InvalidArgument):
        pubsub.subscriber.acknowledge(subscription=subscription, ack_ids=["not-an-ack-id"], **QUICK)
    with pytest.raises(exceptions.InvalidArgument):
        pubsub.subscriber.modify_ack_deadline(
            subscription=subscription, ack_ids=["not-an-ack-id"], ack_deadline_seconds=10, **QUICK
        )
    with pytest.raises(exceptions.InvalidArgument):
        pubsub.subscriber.acknowledge(subscription=subscription, ack_ids=[], **QUICK)
    with pytest.raises(exceptions.InvalidArgument):
        pubsub.subscriber.modify_ack_deadline(
            subscription=subscription, ack_ids=["not-an-ack-id"], ack_deadline_seconds=-1, **QUICK
        )


def test_subscribe_streams_messages_and_acknowledges_them(pubsub):
    topic = pubsub.topic()
    subscription = pubsub.subscription(topic)
    received: list = []
    stream = pubsub.subscriber.subscribe(subscription, lambda message: (received.append(message), message.ack()))
    try:
        published = {
            pubsub.publisher.publish(topic, f"event {n}".encode(), n=str(n)).result(timeout=15) for n in range(5)
        }
        wait_for(lambda: len(received) >= 5, timeout=30, what="five messages through the stream")
    finally:
        stream.cancel()
        stream.result(timeout=30)
    assert {message.message_id for message in received} == published
    assert {message.attributes["n"] for message in received} == {"0", "1", "2", "3", "4"}
    # No dead-letter policy: Google does not count delivery attempts.
    assert {message.delivery_attempt for message in received} == {None}
    # Acknowledged through the stream's client: nothing is left to pull.
    assert _nothing_to_pull(pubsub, subscription)


def test_a_nack_through_subscribe_delivers_the_message_again(pubsub):
    topic = pubsub.topic()
    subscription = pubsub.subscription(topic)
    deliveries: list[str] = []

    def callback(message) -> None:
        deliveries.append(message.message_id)
        if len(deliveries) == 1:
            message.nack()
        else:
            message.ack()

    stream = pubsub.subscriber.subscribe(subscription, callback)
    try:
        message_id = pubsub.publisher.publish(topic, b"twice").result(timeout=15)
        wait_for(lambda: len(deliveries) >= 2, timeout=30, what="the nacked message again")
    finally:
        stream.cancel()
        stream.result(timeout=30)
    assert deliveries[:2] == [message_id, message_id]


def test_subscribe_to_a_missing_subscription_ends_with_not_found(pubsub):
    stream = pubsub.subscriber.subscribe(f"{PROJECT}/subscriptions/never-made", lambda message: message.ack())
    with pytest.raises(exceptions.NotFound):
        stream.result(timeout=30)


@pytest.mark.parametrize(
    "first_request",
    [
        {"stream_ack_deadline_seconds": 10},  # no subscription
        {"subscription": "SUBSCRIPTION"},  # no stream ack deadline
        {"subscription": "SUBSCRIPTION", "stream_ack_deadline_seconds": 5},
        {"subscription": "SUBSCRIPTION", "stream_ack_deadline_seconds": 601},
    ],
)
def test_a_stream_that_does_not_start_right_is_invalid_argument(pubsub, first_request):
    subscription = pubsub.subscription(pubsub.topic())
    if first_request.get("subscription"):
        first_request = {**first_request, "subscription": subscription}
    stream = RawStream(pubsub.address, timeout=15, **first_request)
    try:
        with pytest.raises(grpc.RpcError) as refused:
            stream.receive()
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    finally:
        stream.close()


def test_acks_and_nacks_sent_on_the_stream_itself_take_effect(pubsub):
    topic = pubsub.topic()
    subscription = pubsub.subscription(topic)
    message_id = pubsub.publisher.publish(topic, b"on the stream").result(timeout=15)
    stream = RawStream(pubsub.address, subscription=subscription, stream_ack_deadline_seconds=600)
    try:
        (first,) = stream.receive().received_messages
        assert first.message.message_id == message_id
        stream.send(modify_deadline_seconds=[0], modify_deadline_ack_ids=[first.ack_id])  # a nack
        (again,) = stream.receive().received_messages
        assert (again.message.message_id, again.ack_id != first.ack_id) == (message_id, True)
        stream.send(ack_ids=[again.ack_id])
        assert stream.finish() == []  # the server has read the ack before it ends the stream
    finally:
        stream.close()
    # Acknowledged, not merely leased: a nack of it would make it pullable again, and nothing comes.
    pubsub.subscriber.modify_ack_deadline(
        subscription=subscription, ack_ids=[again.ack_id], ack_deadline_seconds=0, **QUICK
    )
    assert _nothing_to_pull(pubsub, subscription)


def test_an_unknown_ack_id_sent_on_the_stream_ends_it_with_invalid_argument(pubsub):
    subscription = pubsub.subscription(pubsub.topic())
    stream = RawStream(pubsub.address, timeout=15, subscription=subscription, stream_ack_deadline_seconds=60)
    try:
        stream.send(ack_ids=["not-an-ack-id"])
        with pytest.raises(grpc.RpcError) as refused:
            stream.receive()
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    finally:
        stream.close()


@pytest.mark.slow
def test_what_a_killed_subscriber_held_is_delivered_to_the_next_one(pubsub):
    """A consumer killed after receiving and before acknowledging: the message comes again once its lease runs out
    (the killed client leased it for 10 s). Ours offers it again after those 10 s; Google's emulator after 10 to 20 s
    to a Pull, but to another StreamingPull only after 40 s to over two minutes here (it goes on offering messages to
    the dead stream for a while), so the next consumer here pulls."""
    topic = pubsub.topic()
    subscription = pubsub.subscription(topic)
    doomed = SubscriberProcess(pubsub.address, subscription)
    try:
        message_id = pubsub.publisher.publish(topic, b"filed, not acknowledged").result(timeout=15)
        assert doomed.next_message_id() == message_id
    finally:
        doomed.kill()
    killed_at = time.monotonic()
    received = _pull(pubsub, subscription, within=90)
    assert [item.message.message_id for item in received] == [message_id]
    pubsub.subscriber.acknowledge(subscription=subscription, ack_ids=[received[0].ack_id], **QUICK)
    if pubsub.which == "emulator":
        assert time.monotonic() - killed_at < 30  # the 10 s lease, and no more than the load of this machine
