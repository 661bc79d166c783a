"""Two queues, each with its own worker processes: an End asked for after thousands of bulk Operations reaches Google
while the bulk ones still wait, and every Operation (and the sweeper's re-queue) goes to the queue it belongs to."""

from __future__ import annotations

import time

import pytest
import redis
from django.conf import settings

from embedded.waiting import wait_for
from spaces import services, tasks
from spaces.models import BulkImport, Operation, Space
from spaces.operations.queue import enqueue_each, queue_for
from spaces.permissions import Action, Identity, decide
from tests.support.signed_in_people import sign_in
from tests.support.worker_process import WorkerProcess
from tests.support.workspace_seed import PROJECT, seed_document

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

INTERACTIVE, BULK = "queues-test-interactive", "queues-test-bulk"
LIVE = {"id": "AliceLive001", "owner": "alice@example.com", "project": PROJECT, "code": "liv-econ-fer"}
BULK_OPERATIONS = 3000
END_BOUND_SECONDS = 5.0


@pytest.fixture
def queues(settings):
    settings.INTERACTIVE_QUEUE, settings.BULK_QUEUE = INTERACTIVE, BULK


@pytest.fixture
def live_space(control, queues):
    control.seed(seed_document(spaces=[LIVE]))
    control.start_conference("spaces/AliceLive001", [{"email": "dave@example.com"}])
    alice = sign_in(control, "alice@example.com")
    space = Space.objects.create(name="spaces/AliceLive001", owner_email=alice.email, made_by_meetadmin=True)
    return alice, space


def test_what_people_wait_for_is_interactive_and_imports_and_upkeep_are_bulk(queues):
    assert queue_for(actor_id=7, batch="") == INTERACTIVE  # end, settings, co-hosts, lookups, own refresh/create
    assert queue_for(actor_id=7, batch="abc") == BULK  # a bulk import's discoveries
    assert queue_for(actor_id=None, batch="") == BULK  # alias refresh, history copy, watched-page refreshes


@pytest.mark.serial
def test_an_end_asked_for_after_thousands_of_bulk_operations_reaches_google_while_they_wait(
    control, worker_env, live_space
):
    alice, space = live_space
    identity = Identity(Operation.IdentityKind.OWN_GRANT, alice.email)
    bulk = Operation.objects.bulk_create(  # what a bulk import expands into: one discovery per person
        Operation(
            kind=Operation.Kind.DISCOVER,
            actor=alice,
            batch="b" * 32,
            identity_kind=identity.kind,
            identity_email=alice.email,
            target=alice.email,
        )
        for _ in range(BULK_OPERATIONS)
    )
    enqueue_each([operation.pk for operation in bulk], queue=BULK)
    workers = [
        WorkerProcess(worker_env, concurrency=1, queues=BULK).start(),
        WorkerProcess(worker_env, concurrency=1, queues=INTERACTIVE).start(),
    ]
    try:
        wait_for(
            lambda: Operation.objects.filter(batch="b" * 32).exclude(state=Operation.State.QUEUED).exists(),
            what="the bulk worker to be busy",
        )
        asked = time.monotonic()
        services.conference_end(space=space, actor=alice, identity=decide(alice, space, Action.END_CONFERENCE).identity)
        wait_for(
            lambda: control.calls(method="meet.spaces.endActiveConference"),
            timeout=END_BOUND_SECONDS,
            what="the End to reach Google",
        )
        reached = time.monotonic() - asked
        still_queued = Operation.objects.filter(pk__in=[o.pk for o in bulk], state=Operation.State.QUEUED).count()
    finally:
        for worker in workers:
            worker.stop()
    assert reached < END_BOUND_SECONDS
    assert still_queued > BULK_OPERATIONS // 2, "the bulk work should still be waiting when the End has been sent"


def test_the_sweeper_requeues_each_operation_to_its_own_queue(live_space, worker_env):
    alice, space = live_space
    identity = Identity(Operation.IdentityKind.OWN_GRANT, alice.email)
    lost = {
        INTERACTIVE: Operation.objects.create(
            kind=Operation.Kind.REFRESH,
            actor=alice,
            space=space,
            identity_kind=identity.kind,
            identity_email=alice.email,
        ),
        BULK: Operation.objects.create(
            kind=Operation.Kind.DISCOVER,
            actor=alice,
            batch="b" * 32,
            identity_kind=identity.kind,
            identity_email=alice.email,
            target=alice.email,
        ),
    }
    # Their messages were lost (Redis restarted): old enough for the sweeper, and nobody has them.
    Operation.objects.filter(pk__in=[o.pk for o in lost.values()]).update(created_at=time_ago(600))
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete(INTERACTIVE, BULK)
    try:
        assert tasks.sweep_operations() == 2
        waiting = {queue: broker.llen(queue) for queue in (INTERACTIVE, BULK)}
    finally:
        broker.delete(INTERACTIVE, BULK)
    assert waiting == {INTERACTIVE: 1, BULK: 1}


def test_operations_handed_out_without_a_queue_go_each_to_its_own_after_one_query(
    live_space, django_assert_num_queries
):
    alice, space = live_space
    identity = Identity(Operation.IdentityKind.OWN_GRANT, alice.email)
    common = {"actor": alice, "identity_kind": identity.kind, "identity_email": alice.email}
    # A person's own lookups (no batch) and a bulk import's discoveries, interleaved.
    interactive = [Operation.objects.create(kind=Operation.Kind.PATCH, space=space, **common) for _ in range(3)]
    bulk = [
        Operation.objects.create(kind=Operation.Kind.DISCOVER, batch="b" * 32, target=alice.email, **common)
        for _ in range(5)
    ]
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete(INTERACTIVE, BULK)
    try:
        with django_assert_num_queries(1):
            enqueue_each([operation.pk for operation in [*bulk, *interactive]])
        waiting = {queue: broker.llen(queue) for queue in (INTERACTIVE, BULK)}
    finally:
        broker.delete(INTERACTIVE, BULK)
    assert waiting == {INTERACTIVE: 3, BULK: 5}


def time_ago(seconds: float):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() - timedelta(seconds=seconds)


def test_the_sweeper_restarts_an_import_expansion_whose_task_was_lost(live_space):
    alice, _space = live_space
    job = BulkImport.objects.create(batch="c" * 32, actor=alice, addresses=["alice@example.com"])
    BulkImport.objects.filter(pk=job.pk).update(updated_at=time_ago(600))
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete(INTERACTIVE, BULK)
    try:
        tasks.sweep_operations()
        waiting = broker.llen(BULK)
    finally:
        broker.delete(INTERACTIVE, BULK)
    assert waiting == 1
