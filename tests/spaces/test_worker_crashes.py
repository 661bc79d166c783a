"""Workers die, Redis restarts: nothing queued is lost and a conference is ended exactly once.

These tests run their own worker on their own queue (and, for Redis, their own Redis with persistence on), so the
shared worker never steals their work and nothing they break is shared.
"""

from __future__ import annotations

import signal

import psutil
import pytest
import requests
from django.utils import timezone

from embedded.servers import EmbeddedRedis
from spaces import services, tasks
from spaces.models import Operation, Space
from spaces.permissions import Action, decide
from tests.conftest import WorkerProcess, wait_for
from tests.spaces.world import PROJECT, seed_document, settled, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

QUEUE = "crash-tests"
LIVE = {"id": "AliceLive001", "owner": "alice@example.com", "project": PROJECT, "code": "liv-econ-fer"}


@pytest.fixture
def crash_env(worker_env, settings):
    settings.INTERACTIVE_QUEUE = settings.BULK_QUEUE = QUEUE
    settings.OPERATION_LEASE_SECONDS = 3
    return {
        **worker_env,
        "MEET_READ_TIMEOUT": "20",
        "OPERATION_LEASE_SECONDS": "3",
        "CELERY_TASK_SOFT_TIME_LIMIT": "30",
        "CELERY_TASK_TIME_LIMIT": "40",
    }


@pytest.fixture
def live_space(control):
    control.seed(seed_document(spaces=[LIVE]))
    control.start_conference("spaces/AliceLive001", [{"email": "dave@example.com"}, {"anonymous": "Guest"}])
    alice = sign_in(control, "alice@example.com")
    space = Space.objects.create(name="spaces/AliceLive001", owner_email=alice.email, made_by_meetadmin=True)
    return alice, space


def pending_faults(control) -> list:
    return requests.get(f"{control.base_url}/_emulator/faults", timeout=5).json()


def end_while_google_is_slow(control, alice, space) -> Operation:
    """Queue an end whose call to Google takes 3 s, and return once the request is at Google."""
    control.fault("meet.spaces.endActiveConference", delay=3.0)
    operation = services.conference_end(
        space=space, actor=alice, identity=decide(alice, space, Action.END_CONFERENCE).identity
    )
    wait_for(lambda: not pending_faults(control), what="the end request to reach Google")
    return operation


def ends_logged(control) -> list[int]:
    return [call["status"] for call in control.calls(method="meet.spaces.endActiveConference")]


def test_a_pool_child_killed_mid_call_is_replaced_and_the_end_happens_once(control, crash_env, live_space):
    alice, space = live_space
    worker = WorkerProcess(crash_env, concurrency=1, queues=QUEUE).start()
    try:
        operation = end_while_google_is_slow(control, alice, space)
        [child] = psutil.Process(worker.process.pid).children()
        child.send_signal(signal.SIGKILL)
        operation = settled(operation, timeout=40)
    finally:
        worker.stop()
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    assert operation.attempts == 2
    statuses = wait_for(lambda: len(ends_logged(control)) == 2 and ends_logged(control), what="both calls")
    assert sorted(statuses) == [200, 400]  # ended once; the rerun was told nothing runs any more


def test_a_whole_worker_killed_is_covered_by_the_sweeper(control, crash_env, live_space):
    alice, space = live_space
    doomed = WorkerProcess(crash_env, concurrency=1, queues=QUEUE).start()
    operation = end_while_google_is_slow(control, alice, space)
    doomed.stop(signal.SIGKILL)  # the main process and its children: the message stays unacknowledged in Redis
    wait_for(
        lambda: Operation.objects.get(pk=operation.pk).lease_until < timezone.now(),
        what="the dead worker's lease to run out",
    )
    assert tasks.sweep_operations() == 1  # what beat does every 30 s
    rescuer = WorkerProcess(crash_env, concurrency=1, queues=QUEUE).start()
    try:
        operation = settled(operation, timeout=40)
    finally:
        rescuer.stop()
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    assert operation.result_message == "The conference had already ended."
    statuses = wait_for(lambda: len(ends_logged(control)) == 2 and ends_logged(control), what="both calls")
    assert sorted(statuses) == [200, 400]


def test_redis_restarted_while_work_is_queued_loses_nothing(control, crash_env, live_space, tmp_path, settings):
    from meetadmin.celery import app

    alice, space = live_space
    broker = EmbeddedRedis(tmp_path / "broker")  # persistence on (append-only file), like production's broker
    broker.start()
    # The services' own enqueue goes nowhere; we publish below.
    settings.INTERACTIVE_QUEUE = settings.BULK_QUEUE = "nobody-listens"
    worker = None

    def publish(operation: Operation) -> Operation:
        with app.connection_for_write(broker.url) as connection:
            tasks.run_operation.apply_async((operation.pk,), queue=QUEUE, connection=connection)
        return operation

    try:
        refresh = publish(services.space_refresh(space=space, identity=decide(alice, space, Action.REFRESH).identity))
        broker.stop()  # queued, no worker yet; Redis goes down and comes back with the same data and port
        broker.start()
        worker = WorkerProcess({**crash_env, "REDIS_URL": broker.url}, concurrency=1, queues=QUEUE).start()
        assert settled(refresh).state == Operation.State.SUCCEEDED
        broker.stop()  # and again under a running worker, which must reconnect and take new work
        broker.start()
        end = publish(
            services.conference_end(
                space=space, actor=alice, identity=decide(alice, space, Action.END_CONFERENCE).identity
            )
        )
        assert settled(end, timeout=60).state == Operation.State.SUCCEEDED
        assert ends_logged(control) == [200]
    finally:
        if worker is not None:
            worker.stop()
        broker.stop()
