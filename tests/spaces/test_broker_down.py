"""Redis (the broker) does not answer when someone asks for an action: the action is recorded and waits, no 500.

The Operation row is committed before it is handed to a worker; the sweeper re-queues a queued Operation that no
worker took, so the action happens once Redis is back, and the person is shown it queued rather than an error that
would invite them to ask twice.
"""

from __future__ import annotations

import socket
import time

import pytest
from django.test import Client
from django.urls import reverse

from spaces.models import Operation
from tests.support.access_world import make_access_records
from tests.support.end_confirmation import end_confirmation

pytestmark = pytest.mark.django_db


def _port_nobody_listens_on() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def broker_down(settings):
    from meetadmin.celery import app

    def forget_connections() -> None:
        app._pool = None  # what Celery itself does after a fork: the next publish connects anew
        app.amqp._producer_pool = None

    saved = app.conf.broker_write_url
    app.conf.broker_write_url = f"redis://127.0.0.1:{_port_nobody_listens_on()}/0"
    forget_connections()
    try:
        yield
    finally:
        app.conf.broker_write_url = saved
        forget_connections()


@pytest.mark.serial
def test_ending_a_call_while_redis_is_down_is_recorded_and_waits(
    settings, broker_down, django_capture_on_commit_callbacks
):
    settings.RATELIMIT_ENABLE = False
    world = make_access_records()
    client = Client(raise_request_exception=False)
    client.force_login(world["people"]["alice"])
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as handed_over:
        response = client.post(
            reverse("spaces:conference_end", args=[world["space"]]), end_confirmation(world["space"], reason="INC-1")
        )
    assert len(handed_over) == 1  # the hand-over to the broker was tried, and failed
    assert response.status_code == 302
    operation = Operation.objects.get(pk=response["Location"].rpartition("=")[2])
    assert (operation.kind, operation.state, operation.actor) == (
        Operation.Kind.END_CONFERENCE,
        Operation.State.QUEUED,
        world["people"]["alice"],
    )
    assert time.monotonic() - started < 10
