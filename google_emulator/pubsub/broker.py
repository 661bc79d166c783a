"""Topics, subscriptions and their messages: what Pub/Sub keeps, behind one lock, on the real clock.

Every subscription keeps its own copy of each message published to its topic after it was made. A delivery leases
the message under a fresh ack id until a deadline (wall time: Pub/Sub is a service of its own, the emulated clock
that moves Meet's facts does not move it); an ack removes it, a nack (deadline 0) or a passed deadline makes it
available again, and the next delivery gives it a new ack id. An ack id that is no longer the message's current one
(its deadline passed, or it was nacked) changes nothing, as in Google's Pub/Sub emulator.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from google.pubsub_v1 import types

from google_emulator.pubsub import names
from google_emulator.pubsub.errors import PubSubError, already_exists, invalid_argument, not_found

DEFAULT_ACK_DEADLINE = 10  # Subscription.ackDeadlineSeconds: "If this parameter is 0, a default value of 10 seconds"
MIN_ACK_DEADLINE, MAX_ACK_DEADLINE = 10, 600
DEFAULT_RETENTION = 7 * 24 * 3600  # Subscription.messageRetentionDuration: "Defaults to 7 days"
MIN_RETENTION, MAX_RETENTION = 600, 31 * 24 * 3600  # "Cannot be more than 31 days or less than 10 minutes"
DEFAULT_PAGE_SIZE = 100
# A Pull with nothing to deliver answers empty after this long (or just before the caller's deadline).
LONGEST_PULL_WAIT = 30.0

_ACK_ID = re.compile(r"[0-9a-f]{8}-[0-9]+")

# Parts of a Subscription whose behaviour the emulator does not have: refused rather than silently ignored.
_NOT_EMULATED = (
    ("push_config.push_endpoint", lambda s: s.push_config.push_endpoint),
    ("bigquery_config", lambda s: s.bigquery_config.table),
    ("cloud_storage_config", lambda s: s.cloud_storage_config.bucket),
    ("bigtable_config", lambda s: s.bigtable_config.table),
    ("filter", lambda s: s.filter),
    ("dead_letter_policy", lambda s: s.dead_letter_policy.dead_letter_topic),
    ("retry_policy", lambda s: "retry_policy" in s),
    ("enable_exactly_once_delivery", lambda s: s.enable_exactly_once_delivery),
    ("enable_message_ordering", lambda s: s.enable_message_ordering),
    ("retain_acked_messages", lambda s: s.retain_acked_messages),
)


@dataclass(frozen=True)
class StoredMessage:
    message_id: str
    data: bytes
    attributes: dict[str, str]
    ordering_key: str
    publish_time: datetime

    def proto(self) -> types.PubsubMessage:
        return types.PubsubMessage(
            data=self.data,
            attributes=self.attributes,
            message_id=self.message_id,
            publish_time=self.publish_time,
            ordering_key=self.ordering_key,
        )


class Holder:
    """Who holds leases: a streaming pull counts what it holds, for `max_outstanding_messages`."""

    def __init__(self, max_outstanding: int = 0) -> None:
        self.max_outstanding = max_outstanding  # 0: no limit
        self.outstanding = 0

    def room(self, wanted: int) -> int:
        if self.max_outstanding <= 0:
            return wanted
        return max(0, min(wanted, self.max_outstanding - self.outstanding))


@dataclass(eq=False)
class Pending:
    """One message in one subscription."""

    seq: int
    message: StoredMessage
    received_at: float  # time.time(), for retention
    ack_id: str | None = None
    deadline: float = 0.0  # time.monotonic()
    holder: Holder | None = None

    def __lt__(self, other: Pending) -> bool:
        return self.seq < other.seq


@dataclass
class SubscriptionState:
    resource: types.Subscription
    available: list[Pending] = field(default_factory=list)  # a heap, oldest first
    leased: dict[str, Pending] = field(default_factory=dict)  # by ack id
    expiries: list[tuple[float, str]] = field(default_factory=list)  # a heap of (deadline, ack id), some stale


def _seconds(duration: object) -> float:
    return duration.total_seconds() if duration is not None else 0.0  # type: ignore[attr-defined]


class Broker:
    def __init__(self) -> None:
        self._changed = threading.Condition(threading.RLock())
        self.topics: dict[str, types.Topic] = {}
        self.subscriptions: dict[str, SubscriptionState] = {}
        self._message_ids = itertools.count(1)
        self._seq = itertools.count(1)
        self._ack_ids = itertools.count(1)
        self._ack_prefix = secrets.token_hex(4)
        self.closed = False

    # --- topics ---
    def create_topic(self, topic: types.Topic) -> types.Topic:
        names.check_topic(topic.name)
        with self._changed:
            if topic.name in self.topics:
                raise already_exists(names.short_id(topic.name))
            self.topics[topic.name] = types.Topic(topic)
            return types.Topic(topic)

    def get_topic(self, name: str) -> types.Topic:
        names.check_topic(name)
        with self._changed:
            if name not in self.topics:
                raise not_found(names.short_id(name))
            return types.Topic(self.topics[name])

    def list_topics(self, project: str, page_size: int, page_token: str) -> tuple[list[types.Topic], str]:
        names.check_project(project)
        with self._changed:
            found = sorted(name for name in self.topics if names.project_of(name) == project)
            page, token = _page(found, page_size, page_token)
            return [types.Topic(self.topics[name]) for name in page], token

    def delete_topic(self, name: str) -> None:
        names.check_topic(name)
        with self._changed:
            if self.topics.pop(name, None) is None:
                raise not_found(names.short_id(name))
            for state in self.subscriptions.values():
                if state.resource.topic == name:
                    state.resource.topic = names.DELETED_TOPIC
            self._changed.notify_all()

    def topic_subscriptions(self, topic: str, page_size: int, page_token: str) -> tuple[list[str], str]:
        self.get_topic(topic)
        with self._changed:
            found = sorted(name for name, state in self.subscriptions.items() if state.resource.topic == topic)
            return _page(found, page_size, page_token)

    def publish(self, topic: str, messages: list[types.PubsubMessage]) -> list[str]:
        names.check_topic(topic)
        if not messages:
            raise invalid_argument("The request contains no messages to publish.")
        if any(not message.data and not message.attributes for message in messages):
            raise invalid_argument(
                "Some messages in the publish request are empty. Each message must contain a non-empty data "
                "field, or at least one attribute."
            )
        if len({message.ordering_key for message in messages}) > 1:
            # PubsubMessage.orderingKey: "All PubsubMessages published in a given PublishRequest must specify
            # the same ordering_key value."
            raise invalid_argument("All messages in a publish request must have the same ordering key.")
        with self._changed:
            if topic not in self.topics:
                raise not_found(names.short_id(topic))
            now = time.time()
            publish_time = datetime.fromtimestamp(now, UTC)
            stored = [
                StoredMessage(
                    str(next(self._message_ids)),
                    bytes(message.data),
                    dict(message.attributes),
                    message.ordering_key,
                    publish_time,
                )
                for message in messages
            ]
            for state in self.subscriptions.values():
                if state.resource.topic == topic:
                    for message in stored:
                        heapq.heappush(state.available, Pending(next(self._seq), message, now))
            self._changed.notify_all()
            return [message.message_id for message in stored]

    # --- subscriptions ---
    def create_subscription(self, subscription: types.Subscription) -> types.Subscription:
        names.check_subscription(subscription.name)
        names.check_topic(subscription.topic)
        for field_name, is_set in _NOT_EMULATED:
            if is_set(subscription):
                raise PubSubError("UNIMPLEMENTED", f"The emulator does not emulate a subscription's {field_name}.")
        resource = types.Subscription(subscription)
        deadline = resource.ack_deadline_seconds or DEFAULT_ACK_DEADLINE
        if not MIN_ACK_DEADLINE <= deadline <= MAX_ACK_DEADLINE:
            raise invalid_argument(
                f"Invalid ack_deadline_seconds ({deadline}): it must be between {MIN_ACK_DEADLINE} and "
                f"{MAX_ACK_DEADLINE}, or 0 for the default ({DEFAULT_ACK_DEADLINE})."
            )
        resource.ack_deadline_seconds = deadline
        retention = _seconds(resource.message_retention_duration) if "message_retention_duration" in resource else 0
        if retention == 0:
            resource.message_retention_duration = timedelta(seconds=DEFAULT_RETENTION)
        elif not MIN_RETENTION <= retention <= MAX_RETENTION:
            raise invalid_argument(
                f"Invalid message_retention_duration ({retention:g}s): it must be between 10 minutes and 31 days."
            )
        resource.state = types.Subscription.State.ACTIVE
        with self._changed:
            if subscription.name in self.subscriptions:
                raise already_exists(names.short_id(subscription.name))
            if subscription.topic not in self.topics:
                raise not_found(names.short_id(subscription.topic))
            self.subscriptions[subscription.name] = SubscriptionState(resource)
            return types.Subscription(resource)

    def get_subscription(self, name: str) -> types.Subscription:
        with self._changed:
            return types.Subscription(self._subscription(name).resource)

    def list_subscriptions(self, project: str, page_size: int, page_token: str) -> tuple[list[types.Subscription], str]:
        names.check_project(project)
        with self._changed:
            found = sorted(name for name in self.subscriptions if names.project_of(name) == project)
            page, token = _page(found, page_size, page_token)
            return [types.Subscription(self.subscriptions[name].resource) for name in page], token

    def delete_subscription(self, name: str) -> None:
        with self._changed:
            state = self._subscription(name)
            for pending in state.leased.values():
                _release(pending)
            del self.subscriptions[name]
            self._changed.notify_all()

    def exists(self, subscription: str) -> bool:
        with self._changed:
            return subscription in self.subscriptions

    # --- delivery ---
    def pull(
        self, subscription: str, max_messages: int, deadline_seconds: float | None, wait: float, holder: Holder | None
    ) -> list[tuple[str, StoredMessage]]:
        """Leases up to `max_messages` (fewer when the holder has no room), waiting up to `wait` seconds for one.
        `deadline_seconds` None: the subscription's ack deadline."""
        if max_messages <= 0:
            raise invalid_argument("max_messages must be a positive integer.")
        give_up = time.monotonic() + wait
        with self._changed:
            while True:
                state = self._subscription(subscription)
                now = time.monotonic()
                self._expire(state, now)
                room = holder.room(max_messages) if holder else max_messages
                if room and state.available:
                    deadline = deadline_seconds or state.resource.ack_deadline_seconds
                    return self._lease(state, room, now + deadline, holder)
                if now >= give_up or self.closed:
                    return []
                next_expiry = state.expiries[0][0] - now if state.expiries else wait
                self._changed.wait(max(0.01, min(give_up - now, next_expiry)))

    def acknowledge(self, subscription: str, ack_ids: list[str]) -> None:
        _check_ack_ids(ack_ids)
        with self._changed:
            state = self._subscription(subscription)
            for ack_id in ack_ids:
                pending = state.leased.pop(ack_id, None)
                if pending is not None:
                    _release(pending)
            self._changed.notify_all()

    def modify_ack_deadline(self, subscription: str, ack_ids: list[str], seconds: int) -> None:
        _check_ack_ids(ack_ids)
        if not 0 <= seconds <= MAX_ACK_DEADLINE:
            # ModifyAckDeadlineRequest.ackDeadlineSeconds: "The minimum deadline you can specify is 0 seconds. The
            # maximum deadline you can specify in a single request is 600 seconds".
            raise invalid_argument(f"Invalid ack deadline ({seconds}): it must be between 0 and {MAX_ACK_DEADLINE}.")
        with self._changed:
            state = self._subscription(subscription)
            now = time.monotonic()
            for ack_id in ack_ids:
                pending = state.leased.get(ack_id)
                if pending is None:
                    continue
                if seconds == 0:
                    self._make_available(state, ack_id)
                else:
                    pending.deadline = now + seconds
                    heapq.heappush(state.expiries, (pending.deadline, ack_id))
            self._changed.notify_all()

    def overview(self) -> dict[str, object]:
        """Topics and subscriptions with their backlogs, for the control surface."""
        with self._changed:
            return {
                "topics": sorted(self.topics),
                "subscriptions": [
                    {
                        "name": name,
                        "topic": state.resource.topic,
                        "ackDeadlineSeconds": state.resource.ack_deadline_seconds,
                        "available": len(state.available),
                        "outstanding": len(state.leased),
                    }
                    for name, state in sorted(self.subscriptions.items())
                ],
            }

    def wake(self) -> None:
        """Wakes every waiting pull (a stream closing, the server stopping)."""
        with self._changed:
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    # --- inside the lock ---
    def _subscription(self, name: str) -> SubscriptionState:
        names.check_subscription(name)
        state = self.subscriptions.get(name)
        if state is None:
            raise not_found(names.short_id(name))
        return state

    def _expire(self, state: SubscriptionState, now: float) -> None:
        while state.expiries and state.expiries[0][0] <= now:
            _deadline, ack_id = heapq.heappop(state.expiries)
            pending = state.leased.get(ack_id)
            if pending is not None and pending.deadline <= now:
                self._make_available(state, ack_id)
        retention = _seconds(state.resource.message_retention_duration)
        oldest_kept = time.time() - retention
        while state.available and state.available[0].received_at < oldest_kept:
            heapq.heappop(state.available)

    def _make_available(self, state: SubscriptionState, ack_id: str) -> None:
        pending = state.leased.pop(ack_id)
        _release(pending)
        heapq.heappush(state.available, pending)

    def _lease(
        self, state: SubscriptionState, count: int, deadline: float, holder: Holder | None
    ) -> list[tuple[str, StoredMessage]]:
        leased = []
        while state.available and len(leased) < count:
            pending = heapq.heappop(state.available)
            pending.ack_id = f"{self._ack_prefix}-{next(self._ack_ids)}"
            pending.deadline = deadline
            pending.holder = holder
            if holder is not None:
                holder.outstanding += 1
            state.leased[pending.ack_id] = pending
            heapq.heappush(state.expiries, (deadline, pending.ack_id))
            leased.append((pending.ack_id, pending.message))
        return leased


def _release(pending: Pending) -> None:
    if pending.holder is not None:
        pending.holder.outstanding -= 1
        pending.holder = None
    pending.ack_id = None


def _check_ack_ids(ack_ids: list[str]) -> None:
    if not ack_ids:
        raise invalid_argument("No ack ids specified.")
    for ack_id in ack_ids:
        if not _ACK_ID.fullmatch(ack_id):
            raise invalid_argument(f"You have passed an invalid ack ID to the service (ack_id={ack_id}).")


def _page(found: list[str], page_size: int, page_token: str) -> tuple[list[str], str]:
    """A page of sorted names; the token is the first name of the next page."""
    if page_size < 0:
        raise invalid_argument("page_size must not be negative.")
    start = bisect.bisect_left(found, page_token) if page_token else 0
    size = page_size or DEFAULT_PAGE_SIZE
    page = found[start : start + size]
    return page, found[start + size] if start + size < len(found) else ""
