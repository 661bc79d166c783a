"""A StreamingPull spoken directly over gRPC, request by request, for what google-cloud-pubsub's subscriber never
sends the way a test needs it (acks and nacks on the stream itself, a stream that starts wrong)."""

from __future__ import annotations

import queue

import grpc
from google.pubsub_v1 import types

_END = object()


class RawStream:
    """`RawStream(address, first_request)`: `.send(**fields)`, `.receive()` (the next response), `.close()`."""

    def __init__(self, address: str, timeout: float = 60.0, **first_request: object) -> None:
        self._channel = grpc.insecure_channel(address)
        call = self._channel.stream_stream(
            "/google.pubsub.v1.Subscriber/StreamingPull",
            request_serializer=types.StreamingPullRequest.serialize,
            response_deserializer=types.StreamingPullResponse.deserialize,
        )
        self._outgoing: queue.Queue = queue.Queue()
        self._outgoing.put(types.StreamingPullRequest(**first_request))
        self._responses = call(iter(self._outgoing.get, _END), timeout=timeout)

    def send(self, **fields: object) -> None:
        self._outgoing.put(types.StreamingPullRequest(**fields))

    def receive(self) -> types.StreamingPullResponse:
        """The next response; a refusal raises grpc.RpcError with the server's status."""
        return next(self._responses)

    def finish(self) -> list[types.StreamingPullResponse]:
        """Ends our side (everything sent has reached the server once it ends its own) and reads to the end."""
        self._outgoing.put(_END)
        return list(self._responses)

    def close(self) -> None:
        self._outgoing.put(_END)
        self._responses.cancel()
        self._channel.close()
