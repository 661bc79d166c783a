"""One request id from the proxy's header, through the Operation, into the worker's log of its Meet call."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from embedded.waiting import wait_for
from spaces.models import Operation, Space
from tests.support.end_confirmation import end_confirmation
from tests.support.settled_operation import settled
from tests.support.signed_in_people import sign_in
from tests.support.workspace_seed import PROJECT, seed_document

pytestmark = pytest.mark.django_db(transaction=True)

LIVE = {"id": "TracedLive01", "owner": "alice@example.com", "project": PROJECT, "code": "tra-cedl-ive"}


def worker_records(worker) -> list[dict]:
    """The worker's JSON log lines (LOG_FORMAT defaults to json when DEBUG is off, as in production)."""
    records = []
    for line in Path(worker.log).read_text().splitlines():
        if line.startswith("{"):
            records.append(json.loads(line))
    return records


def test_the_proxys_request_id_follows_ending_a_conference_into_the_meet_call(client, control, celery_worker):
    control.seed(seed_document(spaces=[LIVE]))
    call = control.start_conference("spaces/TracedLive01", [{"email": "dave@example.com"}])
    alice = sign_in(control, "alice@example.com")
    Space.objects.create(
        name="spaces/TracedLive01", owner_email=alice.email, made_by_meetadmin=True, active_conference=call["name"]
    )
    client.force_login(alice)

    response = client.post(
        reverse("spaces:conference_end", args=["TracedLive01"]),
        end_confirmation("TracedLive01", reason=""),
        HTTP_X_REQUEST_ID="abc-trace-4711",
    )

    assert response.status_code == 302
    assert response["X-Request-ID"] == "abc-trace-4711"
    operation = settled(Operation.objects.get(kind=Operation.Kind.END_CONFERENCE, space_name="spaces/TracedLive01"))
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    assert operation.request_id == "abc-trace-4711"

    def meet_call_logged():
        return [
            record
            for record in worker_records(celery_worker)
            if record.get("logger") == "meet_client.client"
            and record.get("meet_method") == "meet.spaces.endActiveConference"
            and record.get("request_id") == "abc-trace-4711"
        ]

    (call,) = wait_for(meet_call_logged, timeout=10, what="the worker's log of the Meet call")
    assert call["meet_resource"] == "spaces/TracedLive01"
    assert call["level"] == "INFO"


def test_a_header_that_is_not_a_sane_token_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="evil\nline injected")
    assert response["X-Request-ID"] != "evil\nline injected"
    assert len(response["X-Request-ID"]) == 32


def test_each_request_without_a_header_gets_its_own_id(client):
    first, second = client.get(reverse("account_login")), client.get(reverse("account_login"))
    assert first["X-Request-ID"]
    assert second["X-Request-ID"]
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_webs_own_log_lines_carry_the_request_id_as_json(client):
    (console,) = [handler for handler in logging.getLogger().handlers if handler.get_name() == "console"]
    written = io.StringIO()
    previous = console.setStream(written)  # the configured handler itself, only writing somewhere we can read
    try:
        with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):  # readyz warns about Redis, inside the request
            response = client.get("/readyz", HTTP_X_REQUEST_ID="web-trace-1")
    finally:
        console.setStream(previous)
    assert response.status_code == 503
    records = [json.loads(line) for line in written.getvalue().splitlines()]
    warned = [record for record in records if record["logger"] == "monitoring.probes"]
    assert warned
    assert {record["request_id"] for record in warned} == {"web-trace-1"}
    # Django logs the 503 itself after the middleware has returned: the id is still bound then.
    (logged_503,) = [record for record in records if record["logger"] == "django.request"]
    assert logged_503["request_id"] == "web-trace-1"
    assert all(record["level"] == "WARNING" and record["time"].endswith("+00:00") for record in warned)
