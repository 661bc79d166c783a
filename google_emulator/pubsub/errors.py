"""Pub/Sub's refusals as gRPC status names, raised by the broker and answered by the gRPC layer."""

from __future__ import annotations


class PubSubError(Exception):
    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status  # a grpc.StatusCode name: NOT_FOUND, ALREADY_EXISTS, INVALID_ARGUMENT...
        self.message = message


def invalid_argument(message: str) -> PubSubError:
    return PubSubError("INVALID_ARGUMENT", message)


def not_found(resource: str) -> PubSubError:
    # The real service's words; Google's emulator says "Topic not found" / "Subscription does not exist".
    return PubSubError("NOT_FOUND", f"Resource not found (resource={resource}).")


def already_exists(resource: str) -> PubSubError:
    return PubSubError("ALREADY_EXISTS", f"Resource already exists in the project (resource={resource}).")
