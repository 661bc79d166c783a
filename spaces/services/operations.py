"""Making an Operation and handing it to a worker only after the row is committed."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from kombu.exceptions import OperationalError

from meetadmin.request_id import current_request_id
from spaces.models import Operation, Space
from spaces.permissions import Identity

logger = logging.getLogger(__name__)


def operation_queue(
    *,
    kind: Operation.Kind,
    identity: Identity,
    actor: AbstractBaseUser | None = None,
    space: Space | None = None,
    target: str = "",
    params: dict[str, Any] | None = None,
    reason: str = "",
    config_before: dict[str, Any] | None = None,
    once_key: str = "",
) -> Operation:
    """`once_key`: a confirmation form's one-time token; the same form posted again answers with its Operation."""
    if once_key:
        try:
            # A savepoint: a concurrent twin's INSERT waits on the unique index until the first commits, then fails.
            with transaction.atomic():
                return _create(kind, identity, actor, space, target, params, reason, config_before, once_key)
        except IntegrityError:
            existing = Operation.objects.filter(once_key=once_key).first()
            if existing is None:
                raise
            return existing
    return _create(kind, identity, actor, space, target, params, reason, config_before, once_key)


def _create(kind, identity, actor, space, target, params, reason, config_before, once_key) -> Operation:
    operation = Operation.objects.create(
        kind=kind,
        actor=actor,
        identity_kind=identity.kind,
        identity_email=identity.email.lower(),
        space=space,
        target=target or (space.name if space is not None else ""),
        params=params or {},
        reason=reason,
        config_before=config_before,
        # The request (or beat's task run) that asked for it, so its worker's log lines say the same id.
        request_id=current_request_id(),
        once_key=once_key,
    )
    queue = queue_for(actor_id=operation.actor_id, batch=operation.batch)
    transaction.on_commit(lambda: enqueue(operation.pk, request_id=operation.request_id, queue=queue))
    return operation


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
    from spaces.tasks import run_operation

    queues: dict[int, str] = {}
    if queue is None:
        rows = Operation.objects.filter(pk__in=operation_ids).values_list("pk", "actor_id", "batch")
        queues = {pk: queue_for(actor_id=actor_id, batch=batch) for pk, actor_id, batch in rows}
    kwargs = {"request_id": request_id} if request_id else {}
    for sent, operation_id in enumerate(operation_ids):
        try:
            run_operation.apply_async(
                (operation_id,), kwargs, queue=queue or queues.get(operation_id, settings.INTERACTIVE_QUEUE)
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
