"""Making Operations, one or many at once, and handing them to a worker only after their rows are committed."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from celery import current_app
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from meetadmin.request_id import current_request_id
from spaces.models import Operation, Space
from spaces.permissions import Identity

logger = logging.getLogger(__name__)

# The runner's Celery task (spaces/tasks.py), sent by name: the engine never imports the module that wraps it.
RUN_OPERATION = "spaces.tasks.run_operation"


def operation_build(
    *,
    kind: Operation.Kind,
    identity: Identity,
    actor: AbstractBaseUser | None = None,
    actor_id: int | None = None,
    space: Space | None = None,
    target: str = "",
    params: dict[str, Any] | None = None,
    reason: str = "",
    config_before: dict[str, Any] | None = None,
    once_key: str = "",
    batch: str = "",
    request_id: str | None = None,
) -> Operation:
    """An unsaved Operation, the one way each field is filled in. `actor_id` stands for `actor` where only the id is
    at hand (a bulk import's expansion); `request_id` defaults to the request (or beat's task run) making it, so its
    worker's log lines say the same id."""
    return Operation(
        kind=kind,
        **({"actor": actor} if actor is not None else {"actor_id": actor_id}),
        identity_kind=identity.kind,
        identity_email=identity.email.lower(),
        space=space,
        target=target or (space.name if space is not None else ""),
        params=params or {},
        reason=reason,
        config_before=config_before,
        request_id=current_request_id() if request_id is None else request_id,
        once_key=once_key,
        batch=batch,
    )


def operation_queue(*, once_key: str = "", **fields: Any) -> Operation:
    """Saves one Operation (fields as operation_build takes them) and queues it once committed.

    `once_key`: a confirmation form's one-time token; the same form posted again answers with its Operation.
    """
    if once_key:
        try:
            # A savepoint: a concurrent twin's INSERT waits on the unique index until the first commits, then fails.
            with transaction.atomic():
                return _create(operation_build(once_key=once_key, **fields))
        except IntegrityError:
            existing = Operation.objects.filter(once_key=once_key).first()
            if existing is None:
                raise
            return existing
    return _create(operation_build(**fields))


def _create(operation: Operation) -> Operation:
    operation.save(force_insert=True)
    queue = queue_for(actor_id=operation.actor_id, batch=operation.batch)
    transaction.on_commit(lambda: enqueue(operation.pk, request_id=operation.request_id, queue=queue))
    return operation


def operations_queue(operations: Sequence[Operation], *, queue: str, skip_conflicts: bool = False) -> list[int]:
    """Saves many Operations (from operation_build) in one INSERT and queues them once committed; returns their ids.

    `skip_conflicts`: rows the database refuses (one refresh in flight per space) are left out, and those it made
    are found again by space in one more query, since PostgreSQL returns no ids for an INSERT that skips conflicts.
    All of them share the request id of the first.
    """
    if not operations:
        return []
    if skip_conflicts:
        started = timezone.now()
        Operation.objects.bulk_create(operations, ignore_conflicts=True)
        ids = list(
            Operation.objects.filter(
                kind__in={operation.kind for operation in operations},
                state=Operation.State.QUEUED,
                attempts=0,
                created_at__gte=started,
                space_name__in=[operation.space_name for operation in operations],
            ).values_list("pk", flat=True)
        )
    else:
        ids = [operation.pk for operation in Operation.objects.bulk_create(operations)]
    request_id = operations[0].request_id
    transaction.on_commit(lambda: enqueue_each(ids, request_id=request_id, queue=queue))
    return ids


def queue_for(*, actor_id: int | None, batch: str) -> str:
    """Interactive: what a person asked for and is waiting on (end, settings, co-hosts, lookups, their own refresh
    and create, the discovery right after their sign-in). Bulk: a bulk import's Operations and upkeep no person
    asked for (alias refresh, history copy, refreshes of pages being watched or listed), which have no actor.

    Derived from the row, so the sweeper re-queues each Operation to the queue it first went to.
    """
    return settings.BULK_QUEUE if batch or actor_id is None else settings.INTERACTIVE_QUEUE


def enqueue(operation_id: int, *, request_id: str = "", queue: str | None = None) -> None:
    enqueue_each([operation_id], request_id=request_id, queue=queue)


def enqueue_each(operation_ids: Sequence[int], *, request_id: str = "", queue: str | None = None) -> None:
    """Hands committed Operations to the workers of `queue`; without it, each to the queue its row says (read for
    all of them in one query). Callers that know the queue say it."""
    queues: dict[int, str] = {}
    if queue is None:
        rows = Operation.objects.filter(pk__in=operation_ids).values_list("pk", "actor_id", "batch")
        queues = {pk: queue_for(actor_id=actor_id, batch=batch) for pk, actor_id, batch in rows}
    kwargs = {"request_id": request_id} if request_id else {}
    for sent, operation_id in enumerate(operation_ids):
        try:
            current_app.send_task(
                RUN_OPERATION,
                (operation_id,),
                kwargs,
                queue=queue or queues.get(operation_id, settings.INTERACTIVE_QUEUE),
            )
        except OperationalError as error:  # the broker (Redis) does not answer
            # The rows are committed and stay queued: the sweeper hands them to a worker once Redis answers again.
            # The person sees their action queued, not a 500 that would invite them to ask twice. The rest are not
            # tried: each attempt would wait for the same broker.
            logger.warning(
                "%d operation(s) from %s on wait for the sweeper: the broker did not take them (%s)",
                len(operation_ids) - sent,
                operation_id,
                error,
            )
            return
