"""Messages the emulated APIs publish (`world.publishing`) reach Pub/Sub topics, with the faults a test asks for,
in our Pub/Sub or in Google's Pub/Sub emulator; what was published and delivered is on the control surface."""

from __future__ import annotations

import time

import pytest
import requests

from embedded.waiting import wait_for
from google_emulator.control.client import EmulatorControlError
from tests.support.pubsub_clients import PROJECT, connect

JOINED = "google.workspace.meet.participant.v2.joined"
LEFT = "google.workspace.meet.participant.v2.left"


def _pull_all(pubsub, subscription: str, wanted: int, within: float = 15.0) -> list:
    received: list = []
    give_up = time.monotonic() + within
    while len(received) < wanted and time.monotonic() < give_up:
        answer = pubsub.subscriber.pull(subscription=subscription, max_messages=50, retry=None, timeout=2)
        received += answer.received_messages
    return received


def _pulled_nothing(pubsub, subscription: str) -> bool:
    return not pubsub.subscriber.pull(
        subscription=subscription, max_messages=50, retry=None, timeout=1.5
    ).received_messages


def test_a_message_published_over_the_control_surface_reaches_every_subscription_of_its_topic(ours, pubsub_control):
    topic = ours.topic()
    first, second = ours.subscription(topic), ours.subscription(topic)
    message_id = pubsub_control.publish(topic, '{"participantSession": {"name": "x"}}', {"ce-type": JOINED})
    assert message_id
    for subscription in (first, second):
        (received,) = _pull_all(ours, subscription, 1)
        assert received.message.message_id == message_id
        assert received.message.data == b'{"participantSession": {"name": "x"}}'
        assert dict(received.message.attributes) == {"ce-type": JOINED}
    (published,) = pubsub_control.published()
    assert (published["topic"], published["messageId"], published["attributes"]) == (
        topic,
        message_id,
        {"ce-type": JOINED},
    )
    (delivered,) = pubsub_control.deliveries()
    assert (delivered["messageId"], delivered["target"]) == (message_id, "emulator")


def test_the_publishing_seam_in_process_reaches_a_subscription(pubsub_emulator, ours, pubsub_control):
    topic = ours.topic()
    subscription = ours.subscription(topic)
    message_id = pubsub_emulator.world.publishing.publish(topic, b"{}", {"ce-type": LEFT})
    (received,) = _pull_all(ours, subscription, 1)
    assert (received.message.message_id, dict(received.message.attributes)) == (message_id, {"ce-type": LEFT})


def test_a_message_to_a_topic_that_does_not_exist_is_dropped_and_logged(pubsub_control):
    topic = f"{PROJECT}/topics/nobody-made-this"
    assert pubsub_control.publish(topic, "{}") is None
    assert [entry["messageId"] for entry in pubsub_control.published()] == [None]
    (delivered,) = pubsub_control.deliveries()
    assert delivered["problem"] == "no such topic: dropped"


def test_drop_takes_only_the_matching_messages(ours, pubsub_control):
    topic = ours.topic()
    subscription = ours.subscription(topic)
    pubsub_control.delivery_fault("drop", attributes={"ce-type": JOINED})
    assert pubsub_control.publish(topic, "joined", {"ce-type": JOINED}) is None
    kept = pubsub_control.publish(topic, "left", {"ce-type": LEFT})
    also_kept = pubsub_control.publish(topic, "joined again", {"ce-type": JOINED})  # the fault was used up
    received = _pull_all(ours, subscription, 2)
    assert sorted(item.message.message_id for item in received) == sorted([kept, also_kept])
    assert [entry.get("fault") for entry in pubsub_control.deliveries()] == ["drop", None, None]
    assert pubsub_control.delivery_faults() == []


def test_duplicate_delivers_the_same_event_as_separate_messages(ours, pubsub_control):
    topic = ours.topic()
    subscription = ours.subscription(topic)
    pubsub_control.delivery_fault("duplicate", topic=topic, copies=3)
    pubsub_control.publish(topic, '{"n": 1}', {"ce-id": "event-1"})
    received = _pull_all(ours, subscription, 3)
    assert len({item.message.message_id for item in received}) == 3
    assert {(item.message.data, item.message.attributes["ce-id"]) for item in received} == {(b'{"n": 1}', "event-1")}


def test_delay_delivers_later(ours, pubsub_control):
    topic = ours.topic()
    subscription = ours.subscription(topic)
    pubsub_control.delivery_fault("delay", seconds=2)
    published_at = time.monotonic()
    assert pubsub_control.publish(topic, "late") is None
    assert _pulled_nothing(ours, subscription)
    (received,) = _pull_all(ours, subscription, 1, within=15)
    assert time.monotonic() - published_at >= 2
    assert received.message.data == b"late"
    assert pubsub_control.deliveries()[0]["fault"] == "delay"


def test_reorder_delivers_a_message_after_the_one_that_followed_it(ours, pubsub_control):
    topic = ours.topic()
    subscription = ours.subscription(topic)
    pubsub_control.delivery_fault("reorder")
    pubsub_control.publish(topic, "first", {"ce-type": JOINED})
    pubsub_control.publish(topic, "second", {"ce-type": LEFT})
    received = _pull_all(ours, subscription, 2)
    in_order_of_arrival = sorted(received, key=lambda item: int(item.message.message_id))
    assert [item.message.data for item in in_order_of_arrival] == [b"second", b"first"]


def test_a_reordered_message_with_nothing_after_it_still_arrives(ours, pubsub_control):
    topic = ours.topic()
    subscription = ours.subscription(topic)
    pubsub_control.delivery_fault("reorder", seconds=1)
    pubsub_control.publish(topic, "alone")
    (received,) = _pull_all(ours, subscription, 1, within=15)
    assert received.message.data == b"alone"


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "explode"},
        {"kind": "drop", "count": 0},
        {"kind": "delay", "seconds": -1},
        {"kind": "duplicate", "copies": 1},
        {"kind": "drop", "attributes": {"n": 1}},
        {"kind": "drop", "colour": "red"},
    ],
)
def test_a_bad_delivery_fault_is_refused_with_a_reason(pubsub_emulator, pubsub_control, body):
    response = requests.post(f"{pubsub_emulator.url}/_emulator/delivery-faults", json=body, timeout=10)
    assert response.status_code == 400
    assert response.json()["error"]["status"] == "INVALID_ARGUMENT"
    assert pubsub_control.delivery_faults() == []


def test_a_reset_clears_faults_and_logs_but_keeps_topics(ours, pubsub_control):
    topic = ours.topic()
    pubsub_control.delivery_fault("drop", count=5)
    pubsub_control.publish(topic, "gone")
    pubsub_control.reset()
    assert (pubsub_control.delivery_faults(), pubsub_control.published(), pubsub_control.deliveries()) == ([], [], [])
    assert topic in pubsub_control.pubsub()["topics"]


def test_a_bad_publish_request_is_refused(pubsub_control):
    with pytest.raises(EmulatorControlError, match="400"):
        pubsub_control.publish("", "no topic")


def test_the_overview_shows_backlogs(ours, pubsub_control):
    topic = ours.topic()
    subscription = ours.subscription(topic)
    pubsub_control.publish(topic, "one")
    pubsub_control.publish(topic, "two")
    _pull_all(ours, subscription, 1)  # leases what it got; the rest stays available
    (row,) = [row for row in pubsub_control.pubsub()["subscriptions"] if row["name"] == subscription]
    assert row["available"] + row["outstanding"] == 2
    assert row["outstanding"] >= 1
    assert pubsub_control.pubsub()["deliveringTo"] == "emulator"


def test_published_events_go_to_googles_pubsub_emulator_when_one_is_named(google_pubsub_address):
    from google_emulator.control.client import EmulatorControl
    from google_emulator.server import start

    google = connect("google", google_pubsub_address)
    with start(seed="empty", pubsub_emulator_host=google_pubsub_address) as running:
        topic = google.topic()
        subscription = google.subscription(topic)
        control = EmulatorControl(running.url)
        message_id = control.publish(topic, '{"conferenceRecord": {}}', {"ce-type": "started"})
        assert control.pubsub()["deliveringTo"] == f"google-pubsub-emulator {google_pubsub_address}"
        assert control.publish(f"{PROJECT}/topics/not-at-google", "{}") is None
    received = _pull_all(google, subscription, 1)
    google.close()
    assert [(item.message.message_id, dict(item.message.attributes)) for item in received] == [
        (message_id, {"ce-type": "started"})
    ]


def test_serving_pubsub_from_the_command_line(tmp_path):
    import subprocess
    import sys

    from tests.support.paths import REPO

    process = subprocess.Popen(
        [sys.executable, "-m", "google_emulator", "serve", "--port", "0", "--pubsub-port", "0", "--seed", "empty"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = [process.stdout.readline(), process.stdout.readline()]
        (address,) = [
            line.rsplit("PUBSUB_EMULATOR_HOST=", 1)[1].strip() for line in lines if "PUBSUB_EMULATOR_HOST" in line
        ]
        clients = connect("emulator", address)
        topic = clients.topic()
        assert clients.publisher.get_topic(topic=topic, retry=None, timeout=10).name == topic
        clients.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert process.returncode == 0


def test_max_outstanding_messages_holds_back_the_rest_of_a_stream(ours, pubsub_control):
    from google.cloud import pubsub_v1

    topic = ours.topic()
    subscription = ours.subscription(topic)
    for n in range(5):
        ours.publisher.publish(topic, str(n).encode()).result(timeout=15)
    held: list = []
    stream = ours.subscriber.subscribe(
        subscription, held.append, flow_control=pubsub_v1.types.FlowControl(max_messages=2)
    )
    try:
        wait_for(lambda: len(held) >= 2, timeout=20, what="two messages")
        time.sleep(1)  # had the server sent more, the client would be holding them by now
        row = next(row for row in pubsub_control.pubsub()["subscriptions"] if row["name"] == subscription)
        assert (row["outstanding"], row["available"]) == (2, 3)
        held[0].ack()
        wait_for(lambda: len(held) >= 3, timeout=20, what="a third message once one was acknowledged")
    finally:
        stream.cancel()
        stream.result(timeout=30)


def test_deleting_a_subscription_ends_its_stream_with_not_found(ours):
    from google.api_core import exceptions

    topic = ours.topic()
    subscription = ours.subscription(topic)
    stream = ours.subscriber.subscribe(subscription, lambda message: message.ack())
    time.sleep(1)
    ours.subscriber.delete_subscription(subscription=subscription, retry=None, timeout=10)
    with pytest.raises(exceptions.NotFound):
        stream.result(timeout=30)


def test_what_is_not_emulated_is_refused_not_ignored(ours):
    from google.api_core import exceptions

    topic = ours.topic()
    with pytest.raises(exceptions.MethodNotImplemented, match="dead_letter_policy"):
        ours.subscription(topic, dead_letter_policy={"dead_letter_topic": topic, "max_delivery_attempts": 5})
    with pytest.raises(exceptions.MethodNotImplemented, match="push_endpoint"):
        ours.subscription(topic, push_config={"push_endpoint": "https://example.com/push"})
