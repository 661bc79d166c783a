"""Typed errors from Google's JSON error bodies (the emulator's fault injection is in test_client_errors.py)."""

from __future__ import annotations

import pickle
from datetime import timedelta

import pytest

from meet_client import (
    MeetDeadlineExceeded,
    MeetError,
    MeetFailedPrecondition,
    MeetInternal,
    MeetInvalidArgument,
    MeetNotFound,
    MeetPermissionDenied,
    MeetResourceExhausted,
    MeetScopeInsufficient,
    MeetTransportError,
    MeetUnauthenticated,
    MeetUnavailable,
    RetryableMeetError,
)
from meet_client.errors import error_from_response


def google_error(code: int, status: str, message: str = "m", details=None) -> dict:
    error = {"code": code, "status": status, "message": message}
    if details:
        error["details"] = details
    return {"error": error}


@pytest.mark.parametrize(
    ("code", "status", "error_class", "retryable"),
    [
        (400, "INVALID_ARGUMENT", MeetInvalidArgument, False),
        (400, "FAILED_PRECONDITION", MeetFailedPrecondition, False),
        (401, "UNAUTHENTICATED", MeetUnauthenticated, False),
        (403, "PERMISSION_DENIED", MeetPermissionDenied, False),
        (404, "NOT_FOUND", MeetNotFound, False),
        (429, "RESOURCE_EXHAUSTED", MeetResourceExhausted, True),
        (500, "INTERNAL", MeetInternal, True),
        (503, "UNAVAILABLE", MeetUnavailable, True),
        (504, "DEADLINE_EXCEEDED", MeetDeadlineExceeded, True),
    ],
)
def test_each_google_status_has_its_class(code, status, error_class, retryable):
    error = error_from_response(
        code, google_error(code, status, "what Google said"), method="meet.spaces.get", resource="spaces/x"
    )
    assert type(error) is error_class
    assert (error.http_status, error.status, error.message) == (code, status, "what Google said")
    assert error.retryable is retryable
    assert isinstance(error, RetryableMeetError) is retryable
    assert "meet.spaces.get spaces/x" in str(error)


def test_scope_insufficient_is_its_own_permission_denied():
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
            "domain": "googleapis.com",
        }
    ]
    error = error_from_response(
        403, google_error(403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.", details)
    )
    assert isinstance(error, MeetScopeInsufficient)
    assert isinstance(error, MeetPermissionDenied)
    assert "ACCESS_TOKEN_SCOPE_INSUFFICIENT" in error.reasons
    plain = error_from_response(403, google_error(403, "PERMISSION_DENIED"))
    assert not isinstance(plain, MeetScopeInsufficient)


def test_resource_exhausted_reads_retry_info():
    details = [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "2.500s"}]
    error = error_from_response(429, google_error(429, "RESOURCE_EXHAUSTED", details=details))
    assert error.retry_delay == timedelta(seconds=2.5)
    assert error_from_response(429, google_error(429, "RESOURCE_EXHAUSTED")).retry_delay is None


def test_a_body_that_is_not_googles_still_gets_a_class_from_the_http_status():
    assert type(error_from_response(503, None)) is MeetUnavailable
    assert type(error_from_response(502, "<html>bad gateway</html>")) is MeetError
    assert type(error_from_response(418, {"error": {"code": 418, "status": "TEAPOT"}})) is MeetError
    assert not error_from_response(418, None).retryable


def test_transport_errors_are_retryable_without_an_http_status():
    error = MeetTransportError("ReadTimeout")
    assert error.retryable
    assert error.http_status is None


def test_errors_survive_pickling_with_their_google_details():
    details = [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "3s"}]
    error = error_from_response(
        429,
        google_error(429, "RESOURCE_EXHAUSTED", "slow down", details),
        method="meet.spaces.create",
        resource="spaces",
    )
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert type(copy) is MeetResourceExhausted
    assert (copy.http_status, copy.status, copy.message, copy.method) == (
        429,
        "RESOURCE_EXHAUSTED",
        "slow down",
        "meet.spaces.create",
    )
    assert copy.retry_delay == timedelta(seconds=3)
    assert copy.retryable
