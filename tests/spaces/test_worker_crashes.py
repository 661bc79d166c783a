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
from embedded.waiting import wait_for
from spaces import services, tasks
from spaces.models import Operation, Space
from spaces.operations.handlers.conferences import ENDED
from spaces.permissions import Action, decide
from tests.support.settled_operation import settled
from tests.support.signed_in_people import sign_in
from tests.support.space_at_google import as_google_sees_it
from tests.support.worker_process import WorkerProcess
from tests.support.workspace_seed import PROJECT, seed_document

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
    call = control.start_conference("spaces/AliceLive001", [{"email": "dave@example.com"}, {"anonymous": "Guest"}])
    alice = sign_in(control, "alice@example.com")
    space = Space.objects.create(
        name="spaces/AliceLive001", owner_email=alice.email, made_by_meetadmin=True, active_conference=call["name"]
    )
    return alice, space


def pending_faults(control) -> list:
    return requests.get(f"{control.base_url}/_emulator/faults", timeout=5).json()


def end_while_google_is_slow(control, alice, space, delay: float = 3.0) -> Operation:
    """Queue an end whose call to Google takes `delay` s, and return once the request is at Google."""
    control.fault("meet.spaces.endActiveConference", delay=delay)
    operation = services.conference_end(
        space=space, actor=alice, identity=decide(alice, space, Action.END_CONFERENCE).identity
    )
    wait_for(lambda: not pending_faults(control), what="the end request to reach Google")
    return operation


def ends_logged(control) -> list[int]:
    return [call["status"] for call in control.calls(method="meet.spaces.endActiveConference")]


def running_now(control) -> str:
    return (as_google_sees_it(control, "alice@example.com", "spaces/AliceLive001").get("activeConference") or {}).get(
        "conferenceRecord", ""
    )


def test_a_pool_child_killed_mid_call_is_replaced_and_the_end_happens_once(control, crash_env, live_space):
    alice, space = live_space
    worker = WorkerProcess(crash_env, concurrency=1, queues=QUEUE).start()
    try:
        # Google finishes the end 1 s later, before the 3 s lease runs out and the redelivered task runs again.
        operation = end_while_google_is_slow(control, alice, space, delay=1.0)
        [child] = psutil.Process(worker.process.pid).children()
        child.send_signal(signal.SIGKILL)
        operation = settled(operation, timeout=40)
    finally:
        worker.stop()
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    assert operation.attempts == 2
    # Its own first attempt ended the call: the rerun read the space, found it over, and says what happened.
    assert operation.result_message == ENDED
    assert ends_logged(control) == [200]


def test_a_whole_worker_killed_is_covered_by_the_sweeper(control, crash_env, live_space):
    """The worker dies after Google ended the call; a new call starts before the sweeper re-queues the end: the
    rerun ends nothing, and says the conference was ended (by its own first attempt), not "had already ended"."""
    alice, space = live_space
    doomed = WorkerProcess(crash_env, concurrency=1, queues=QUEUE).start()
    operation = end_while_google_is_slow(control, alice, space)
    doomed.stop(signal.SIGKILL)  # the main process and its children: the message stays unacknowledged in Redis
    wait_for(
        lambda: Operation.objects.get(pk=operation.pk).lease_until < timezone.now(),
        what="the dead worker's lease to run out",
    )
    wait_for(lambda: not running_now(control), what="Google to finish ending the first call")
    later = control.start_conference("spaces/AliceLive001", [{"email": "charlie@example.com"}])
    assert tasks.sweep_operations() == 1  # what beat does every 30 s
    rescuer = WorkerProcess(crash_env, concurrency=1, queues=QUEUE).start()
    try:
        operation = settled(operation, timeout=40)
    finally:
        rescuer.stop()
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    assert operation.result_message == ENDED
    assert ends_logged(control) == [200]
    assert running_now(control) == later["name"]  # the call that started in between still runs


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


CYCLE = ("OPEN", "RESTRICTED", "TRUSTED")


def test_thirty_settings_changes_with_a_worker_killed_mid_way_end_on_the_last_value(control, crash_env):
    """Each change asked from the state the one before leaves (a form loaded after it); the pool child dies while
    the eleventh is at Google. Its retry is superseded, unsent; the rest wait their turn: Google ends on the last
    value asked, at most one patch per change, and every audit row says what happened."""
    from spaces.operations.queue import operation_queue

    control.seed(seed_document(spaces=[{**LIVE, "config": {"accessType": "TRUSTED"}}]))
    alice = sign_in(control, "alice@example.com")
    space = Space.objects.create(
        name="spaces/AliceLive001", owner_email=alice.email, made_by_meetadmin=True, config={"accessType": "TRUSTED"}
    )
    identity = decide(alice, space, Action.EDIT_SETTINGS).identity
    values = ["TRUSTED"] + [CYCLE[number % 3] for number in range(30)]

    def change(number: int) -> Operation:
        return operation_queue(
            kind=Operation.Kind.PATCH,
            identity=identity,
            actor=alice,
            space=space,
            params={
                "updateMask": ["config.accessType"],
                "config": {"accessType": values[number + 1]},
                "loaded": {"config.accessType": values[number]},
            },
        )

    worker = WorkerProcess(crash_env, concurrency=1, queues=QUEUE).start()
    try:
        first = [change(number) for number in range(10)]
        settled(first[-1], timeout=60)
        control.fault("meet.spaces.patch", delay=2.0)
        rest = [change(number) for number in range(10, 30)]
        wait_for(lambda: not pending_faults(control), what="the eleventh change to reach Google")
        [child] = psutil.Process(worker.process.pid).children()
        child.send_signal(signal.SIGKILL)
        changes = [settled(operation, timeout=90) for operation in first + rest]
    finally:
        worker.stop()

    google = as_google_sees_it(control, "alice@example.com", "spaces/AliceLive001")["config"]
    assert google["accessType"] == values[-1]
    assert len(control.calls(method="meet.spaces.patch")) <= 30
    killed = changes[10]
    assert (killed.state, killed.error_status) == (Operation.State.FAILED, "SUPERSEDED"), killed.result_message
    assert f"superseded by #{killed.result['superseded_by']}, asked for later" in killed.result_message
    assert killed.result["superseded_by"] > killed.pk
    for number, operation in enumerate(changes):
        if operation is not killed:
            assert operation.state == Operation.State.SUCCEEDED, (number, operation.result_message)
            assert operation.config_after["accessType"] == values[number + 1]  # Google's answer to this very patch
    finished = [operation.finished_at for operation in changes if operation is not killed]
    assert finished == sorted(finished)  # applied in the order asked
