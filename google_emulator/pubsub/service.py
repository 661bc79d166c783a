"""The gRPC services `google.pubsub.v1.Publisher` and `google.pubsub.v1.Subscriber` over the broker, served with
generic handlers and google-cloud-pubsub's own proto-plus messages, so `PUBSUB_EMULATOR_HOST=host:port` points
Google's client at it unchanged. Methods not listed (snapshots, seek, schemas, updates) answer UNIMPLEMENTED, as gRPC
does for any unknown method.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import grpc
from google.protobuf import empty_pb2
from google.pubsub_v1 import types

from google_emulator.pubsub import names
from google_emulator.pubsub.broker import (
    LONGEST_PULL_WAIT,
    MAX_ACK_DEADLINE,
    MIN_ACK_DEADLINE,
    Broker,
    Holder,
    StoredMessage,
)
from google_emulator.pubsub.errors import PubSubError, invalid_argument

# How often a streaming pull with nothing to send looks again whether its client is gone.
_STREAM_POLL_SECONDS = 0.5
# Each open StreamingPull holds a worker thread for its life; a consumer or two and the tests' clients fit easily.
_WORKERS = 64


def _answering(method: Callable[[Any, grpc.ServicerContext], Any]) -> Callable[[Any, grpc.ServicerContext], Any]:
    def answer(request: Any, context: grpc.ServicerContext) -> Any:
        try:
            return method(request, context)
        except PubSubError as error:
            context.abort(grpc.StatusCode[error.status], error.message)

    return answer


def _received(ack_id: str, message: StoredMessage) -> types.ReceivedMessage:
    # delivery_attempt stays 0: Google fills it only for subscriptions with a dead-letter policy, not emulated here.
    return types.ReceivedMessage(ack_id=ack_id, message=message.proto())


class PubSubService:
    def __init__(self, broker: Broker) -> None:
        self.broker = broker

    # --- Publisher ---
    def create_topic(self, request: types.Topic, context: grpc.ServicerContext) -> types.Topic:
        return self.broker.create_topic(request)

    def get_topic(self, request: types.GetTopicRequest, context: grpc.ServicerContext) -> types.Topic:
        return self.broker.get_topic(request.topic)

    def list_topics(self, request: types.ListTopicsRequest, context: grpc.ServicerContext) -> types.ListTopicsResponse:
        topics, token = self.broker.list_topics(request.project, request.page_size, request.page_token)
        return types.ListTopicsResponse(topics=topics, next_page_token=token)

    def list_topic_subscriptions(
        self, request: types.ListTopicSubscriptionsRequest, context: grpc.ServicerContext
    ) -> types.ListTopicSubscriptionsResponse:
        found, token = self.broker.topic_subscriptions(request.topic, request.page_size, request.page_token)
        return types.ListTopicSubscriptionsResponse(subscriptions=found, next_page_token=token)

    def delete_topic(self, request: types.DeleteTopicRequest, context: grpc.ServicerContext) -> empty_pb2.Empty:
        self.broker.delete_topic(request.topic)
        return empty_pb2.Empty()

    def publish(self, request: types.PublishRequest, context: grpc.ServicerContext) -> types.PublishResponse:
        return types.PublishResponse(message_ids=self.broker.publish(request.topic, list(request.messages)))

    # --- Subscriber ---
    def create_subscription(self, request: types.Subscription, context: grpc.ServicerContext) -> types.Subscription:
        return self.broker.create_subscription(request)

    def get_subscription(
        self, request: types.GetSubscriptionRequest, context: grpc.ServicerContext
    ) -> types.Subscription:
        return self.broker.get_subscription(request.subscription)

    def list_subscriptions(
        self, request: types.ListSubscriptionsRequest, context: grpc.ServicerContext
    ) -> types.ListSubscriptionsResponse:
        found, token = self.broker.list_subscriptions(request.project, request.page_size, request.page_token)
        return types.ListSubscriptionsResponse(subscriptions=found, next_page_token=token)

    def delete_subscription(
        self, request: types.DeleteSubscriptionRequest, context: grpc.ServicerContext
    ) -> empty_pb2.Empty:
        self.broker.delete_subscription(request.subscription)
        return empty_pb2.Empty()

    def acknowledge(self, request: types.AcknowledgeRequest, context: grpc.ServicerContext) -> empty_pb2.Empty:
        self.broker.acknowledge(request.subscription, list(request.ack_ids))
        return empty_pb2.Empty()

    def modify_ack_deadline(
        self, request: types.ModifyAckDeadlineRequest, context: grpc.ServicerContext
    ) -> empty_pb2.Empty:
        self.broker.modify_ack_deadline(request.subscription, list(request.ack_ids), request.ack_deadline_seconds)
        return empty_pb2.Empty()

    def pull(self, request: types.PullRequest, context: grpc.ServicerContext) -> types.PullResponse:
        # Wait for a message, but answer (empty) before the caller's own deadline runs out, as Google does.
        remaining = context.time_remaining()
        wait = (
            0.0
            if request.return_immediately
            else min(LONGEST_PULL_WAIT, (LONGEST_PULL_WAIT if remaining is None else remaining) - 0.5)
        )
        leased = self.broker.pull(request.subscription, request.max_messages, None, max(0.0, wait), None)
        return types.PullResponse(received_messages=[_received(*pair) for pair in leased])

    def streaming_pull(
        self, requests: Iterator[types.StreamingPullRequest], context: grpc.ServicerContext
    ) -> Iterator[types.StreamingPullResponse]:
        try:
            yield from self._stream(requests, context)
        except PubSubError as error:
            context.abort(grpc.StatusCode[error.status], error.message)

    def _stream(
        self, requests: Iterator[types.StreamingPullRequest], context: grpc.ServicerContext
    ) -> Iterator[types.StreamingPullResponse]:
        first = next(requests, None)
        if first is None:
            return
        # StreamingPullRequest: the first request must name the subscription and the stream's ack deadline.
        if not first.subscription:
            raise invalid_argument("The first request of a stream must set subscription.")
        subscription = names.check_subscription(first.subscription)
        deadline = first.stream_ack_deadline_seconds
        if not MIN_ACK_DEADLINE <= deadline <= MAX_ACK_DEADLINE:
            raise invalid_argument(
                f"Invalid stream_ack_deadline_seconds ({deadline}): it must be between {MIN_ACK_DEADLINE} and "
                f"{MAX_ACK_DEADLINE}."
            )
        self.broker.get_subscription(subscription)
        stream = _Stream(self.broker, subscription, deadline, Holder(first.max_outstanding_messages))
        stream.apply(first)
        reader = threading.Thread(target=stream.read, args=(requests,), name="pubsub-stream-reader", daemon=True)
        reader.start()
        context.add_callback(stream.close)
        while not stream.closed and not self.broker.closed and context.is_active():
            leased = self.broker.pull(subscription, 1000, stream.deadline, _STREAM_POLL_SECONDS, stream.holder)
            if leased:
                yield types.StreamingPullResponse(received_messages=[_received(*pair) for pair in leased])
        if stream.error is not None:  # what the client sent on the stream was refused: the stream ends with it
            raise stream.error


class _Stream:
    """One StreamingPull: its deadline, its leases, and what its client sends (acks, deadline changes)."""

    def __init__(self, broker: Broker, subscription: str, deadline: int, holder: Holder) -> None:
        self.broker = broker
        self.subscription = subscription
        self.deadline = deadline
        self.holder = holder
        self.closed = False
        self.error: PubSubError | None = None

    def apply(self, request: types.StreamingPullRequest) -> None:
        if request.stream_ack_deadline_seconds:
            self.deadline = request.stream_ack_deadline_seconds
        if request.ack_ids:
            self.broker.acknowledge(self.subscription, list(request.ack_ids))
        if len(request.modify_deadline_seconds) != len(request.modify_deadline_ack_ids):
            raise invalid_argument("modify_deadline_seconds and modify_deadline_ack_ids must have the same length.")
        by_deadline: dict[int, list[str]] = {}
        for seconds, ack_id in zip(request.modify_deadline_seconds, request.modify_deadline_ack_ids, strict=True):
            by_deadline.setdefault(seconds, []).append(ack_id)
        for seconds, ack_ids in by_deadline.items():
            self.broker.modify_ack_deadline(self.subscription, ack_ids, seconds)

    def read(self, requests: Iterator[types.StreamingPullRequest]) -> None:
        try:
            for request in requests:
                self.apply(request)
        except PubSubError as error:
            self.error = error
        except (grpc.RpcError, ValueError):
            pass  # the client went away
        finally:
            self.close()

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.broker.wake()


def _unary(fn: Callable[..., Any], request_type: Any, response_type: Any) -> grpc.RpcMethodHandler:
    serialize = response_type.SerializeToString if response_type is empty_pb2.Empty else response_type.serialize
    return grpc.unary_unary_rpc_method_handler(
        _answering(fn), request_deserializer=request_type.deserialize, response_serializer=serialize
    )


def handlers(service: PubSubService) -> tuple[grpc.GenericRpcHandler, ...]:
    empty = empty_pb2.Empty
    publisher = {
        "CreateTopic": _unary(service.create_topic, types.Topic, types.Topic),
        "GetTopic": _unary(service.get_topic, types.GetTopicRequest, types.Topic),
        "ListTopics": _unary(service.list_topics, types.ListTopicsRequest, types.ListTopicsResponse),
        "ListTopicSubscriptions": _unary(
            service.list_topic_subscriptions, types.ListTopicSubscriptionsRequest, types.ListTopicSubscriptionsResponse
        ),
        "DeleteTopic": _unary(service.delete_topic, types.DeleteTopicRequest, empty),
        "Publish": _unary(service.publish, types.PublishRequest, types.PublishResponse),
    }
    subscriber = {
        "CreateSubscription": _unary(service.create_subscription, types.Subscription, types.Subscription),
        "GetSubscription": _unary(service.get_subscription, types.GetSubscriptionRequest, types.Subscription),
        "ListSubscriptions": _unary(
            service.list_subscriptions, types.ListSubscriptionsRequest, types.ListSubscriptionsResponse
        ),
        "DeleteSubscription": _unary(service.delete_subscription, types.DeleteSubscriptionRequest, empty),
        "Acknowledge": _unary(service.acknowledge, types.AcknowledgeRequest, empty),
        "ModifyAckDeadline": _unary(service.modify_ack_deadline, types.ModifyAckDeadlineRequest, empty),
        "Pull": _unary(service.pull, types.PullRequest, types.PullResponse),
        "StreamingPull": grpc.stream_stream_rpc_method_handler(
            service.streaming_pull,
            request_deserializer=types.StreamingPullRequest.deserialize,
            response_serializer=types.StreamingPullResponse.serialize,
        ),
    }
    return (
        grpc.method_handlers_generic_handler("google.pubsub.v1.Publisher", publisher),
        grpc.method_handlers_generic_handler("google.pubsub.v1.Subscriber", subscriber),
    )


class PubSubServer:
    """Pub/Sub's gRPC API on host:port (0: a free port), in this process; `.address` is `host:port`."""

    def __init__(self, broker: Broker, host: str = "127.0.0.1", port: int = 0) -> None:
        self.broker = broker
        self._server = grpc.server(ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="pubsub"))
        self._server.add_generic_rpc_handlers(handlers(PubSubService(broker)))
        self.port = self._server.add_insecure_port(f"{host}:{port}")
        if self.port == 0:
            raise OSError(f"Pub/Sub could not listen on {host}:{port}")
        self.host = host
        self.address = f"{host}:{self.port}"
        self._server.start()

    def stop(self) -> None:
        # Open streaming pulls end with the server: waiting pulls are woken, then every call is cancelled.
        self.broker.close()
        self._server.stop(grace=1).wait()
