"""Every Google error status reaches the caller as its typed error, over real HTTP (the emulator's faults)."""

from __future__ import annotations

import socket

import pytest

from meet_client import (
    MeetClient,
    MeetDeadlineExceeded,
    MeetError,
    MeetFailedPrecondition,
    MeetInternal,
    MeetInvalidArgument,
    MeetNotFound,
    MeetPermissionDenied,
    MeetResourceExhausted,
    MeetTransportError,
    MeetUnauthenticated,
    MeetUnavailable,
    RetryableMeetError,
    user_credentials,
)
from tests.support.meet_client_apps import CLIENT_ID, CLIENT_SECRET


@pytest.mark.parametrize(
    ("http_status", "error_class", "google_status"),
    [
        (400, MeetInvalidArgument, "INVALID_ARGUMENT"),
        (403, MeetPermissionDenied, "PERMISSION_DENIED"),
        (404, MeetNotFound, "NOT_FOUND"),
        (429, MeetResourceExhausted, "RESOURCE_EXHAUSTED"),
        (500, MeetInternal, "INTERNAL"),
        (503, MeetUnavailable, "UNAVAILABLE"),
        (504, MeetDeadlineExceeded, "DEADLINE_EXCEEDED"),
    ],
)
def test_an_injected_fault_becomes_its_typed_error(alice, people_and_apps, http_status, error_class, google_status):
    space = alice.create_space()
    people_and_apps.fault("meet.spaces.get", status=http_status)
    with pytest.raises(error_class) as caught:
        alice.get_space(space.name)
    error = caught.value
    assert (error.http_status, error.status) == (http_status, google_status)
    assert error.retryable is (http_status in (429, 500, 503, 504))
    assert (error.method, error.resource) == ("meet.spaces.get", space.name)
    assert alice.get_space(space.name).name == space.name  # one fault, no retry by the client


def test_the_client_does_not_retry_a_retryable_error(alice, people_and_apps):
    people_and_apps.fault("meet.spaces.create", status=503)
    with pytest.raises(MeetUnavailable):
        alice.create_space()
    assert [call["status"] for call in people_and_apps.calls(method="meet.spaces.create")] == [503]


def test_unauthenticated_after_google_auth_used_its_refresh_attempts(alice, people_and_apps):
    # google-auth refreshes and re-sends on 401 (twice); a token Google keeps refusing ends as UNAUTHENTICATED.
    people_and_apps.fault("meet.spaces.create", status=401, count=3)
    with pytest.raises(MeetUnauthenticated) as caught:
        alice.create_space()
    assert caught.value.http_status == 401
    assert not caught.value.retryable
    assert len(people_and_apps.calls(method="meet.spaces.create")) == 3


def test_failed_precondition_from_the_api_itself(alice):
    space = alice.create_space()
    with pytest.raises(MeetFailedPrecondition):
        alice.end_active_conference(space.name)


def test_a_quota_error_carries_googles_retry_delay_when_google_gives_one(alice, people_and_apps):
    people_and_apps.set_quotas(creates_per_user=1)
    people_and_apps.set_switches(quotaRetryInfo=True)
    alice.create_space()
    with pytest.raises(MeetResourceExhausted) as caught:
        alice.create_space()
    assert caught.value.retry_delay is not None
    assert 0 < caught.value.retry_delay.total_seconds() <= 60


def test_a_quota_error_in_googles_published_shape_has_no_retry_delay(alice, people_and_apps):
    people_and_apps.set_quotas(creates_per_user=1)
    alice.create_space()
    with pytest.raises(MeetResourceExhausted) as caught:
        alice.create_space()
    assert caught.value.retry_delay is None
    assert caught.value.reasons == ("RATE_LIMIT_EXCEEDED",)


def test_an_answer_slower_than_the_read_timeout_is_a_transport_error(connect, people_and_apps):
    impatient = connect("alice@example.com", timeout=(3.05, 0.3))
    space = impatient.create_space()
    people_and_apps.fault("meet.spaces.get", delay=1.5)
    with pytest.raises(MeetTransportError) as caught:
        impatient.get_space(space.name)
    assert caught.value.retryable
    assert caught.value.http_status is None
    assert isinstance(caught.value, RetryableMeetError)


def test_a_refused_connection_is_a_transport_error():
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    credentials = user_credentials(
        access_token="unused",
        refresh_token="unused",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        token_uri=f"http://127.0.0.1:{port}/token",
    )
    with (
        MeetClient(credentials, base_url=f"http://127.0.0.1:{port}", timeout=(0.5, 0.5)) as client,
        pytest.raises(MeetTransportError) as caught,
    ):
        client.get_space("spaces/jQCFfuBOdN5z")
    assert caught.value.retryable
    assert isinstance(caught.value, MeetError)
