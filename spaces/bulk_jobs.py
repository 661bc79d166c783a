"""A bulk import after the request recorded it: expanded into Operations by a worker, in chunks; paused, resumed and
cancelled by IT admins from its progress page; and how far it has come.

Expansion is idempotent: each chunk's Operations and the import's `expanded` count commit in one transaction under
the import's row lock, so a worker killed mid-chunk leaves neither, and the redelivered task (or the sweeper) goes on
from the last committed chunk: no address is skipped and none gets two Operations.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from celery import current_app
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from spaces.models import BulkImport, Operation
from spaces.operations.queue import enqueue_each, operation_build, operations_queue
from spaces.permissions import Identity

logger = logging.getLogger(__name__)

CHUNK = 500  # Operations per transaction: small enough to commit in well under a second


# Its Celery task (spaces/tasks.py), sent by name, as the Operation queue sends the runner's.
EXPAND_IMPORT = "spaces.bulk_jobs.expand_import"


def expand_later(batch: str) -> None:
    current_app.send_task(EXPAND_IMPORT, (batch,), queue=settings.BULK_QUEUE)


def expand_next(batch: str) -> int:
    """One chunk, then queue the next: the bulk queue interleaves expansion with the discoveries it made."""
    made = expand_chunk(batch)
    if made:
        expand_later(batch)
    return made


def expand_chunk(batch: str, size: int = CHUNK) -> int:
    with transaction.atomic():
        job = BulkImport.objects.select_for_update().filter(batch=batch).first()
        if job is None or job.state != BulkImport.State.RUNNING or job.expanded >= job.total:
            return 0
        chunk = job.addresses[job.expanded : job.expanded + size]
        operations_queue(
            [
                operation_build(
                    kind=Operation.Kind.DISCOVER,
                    identity=Identity(Operation.IdentityKind.DELEGATION, email),
                    actor_id=job.actor_id,
                    target=email,
                    batch=batch,
                    request_id=job.request_id,
                )
                for email in chunk
            ],
            queue=settings.BULK_QUEUE,
        )
        job.expanded += len(chunk)
        job.save(update_fields=["expanded", "updated_at"])
    return len(chunk)


def unfinished_expansions(before) -> QuerySet[BulkImport]:
    """Running imports whose expansion has not moved since `before`: their task was lost (for the sweeper)."""
    return BulkImport.objects.filter(state=BulkImport.State.RUNNING, updated_at__lt=before).exclude(
        expanded__gte=_total_expression()
    )


def _total_expression():
    from django.db.models import Func, IntegerField

    return Func("addresses", function="jsonb_array_length", output_field=IntegerField())


def on_hold() -> QuerySet:
    """Batches whose queued Operations must not be handed out: paused or cancelled."""
    return BulkImport.objects.filter(state__in=(BulkImport.State.PAUSED, BulkImport.State.CANCELLED)).values("batch")


def history_of(job: BulkImport) -> list[dict[str, Any]]:
    """Who paused, resumed or cancelled the import, and when (a time, for pages to show in the person's zone)."""
    return [{**entry, "at": datetime.fromisoformat(entry["at"])} for entry in job.history]


def _record(job: BulkImport, actor: AbstractBaseUser, what: str) -> None:
    job.history = [*job.history, {"what": what, "who": actor.email, "at": timezone.now().isoformat()}]


def _transition(
    job: BulkImport, actor: AbstractBaseUser, *, start: tuple[str, ...], end: str, what: str
) -> BulkImport | None:
    """Moves the job from one of `start` to `end` under its row lock, with who did it in its history; None if it was
    in none of them (someone else moved it first). Runs inside the caller's transaction."""
    job = BulkImport.objects.select_for_update().get(pk=job.pk)
    if job.state not in start:
        return None
    job.state = end
    _record(job, actor, what)
    job.save(update_fields=["state", "history", "updated_at"])
    return job


def pause(job: BulkImport, actor: AbstractBaseUser) -> bool:
    with transaction.atomic():
        if not _transition(job, actor, start=(BulkImport.State.RUNNING,), end=BulkImport.State.PAUSED, what="paused"):
            return False
    logger.info("bulk import %s paused by %s", job.batch, actor.email)
    return True


def resume(job: BulkImport, actor: AbstractBaseUser) -> bool:
    with transaction.atomic():
        job = _transition(job, actor, start=(BulkImport.State.PAUSED,), end=BulkImport.State.RUNNING, what="resumed")
        if job is None:
            return False
        # Their messages were taken and dropped while paused: hand them out again, and go on expanding.
        waiting = list(
            Operation.objects.filter(batch=job.batch, state=Operation.State.QUEUED).values_list("pk", flat=True)
        )
        queue = settings.BULK_QUEUE
        transaction.on_commit(lambda: enqueue_each(waiting, request_id=job.request_id, queue=queue))
        transaction.on_commit(lambda: expand_later(job.batch))
    logger.info("bulk import %s resumed by %s", job.batch, actor.email)
    return True


def cancel(job: BulkImport, actor: AbstractBaseUser) -> int:
    """Settle every queued Operation as cancelled without calling Google; one already at Google finishes."""
    with transaction.atomic():
        running_or_paused = (BulkImport.State.RUNNING, BulkImport.State.PAUSED)
        job = _transition(job, actor, start=running_or_paused, end=BulkImport.State.CANCELLED, what="cancelled")
        if job is None:
            return 0
        settled = Operation.objects.filter(batch=job.batch, state=Operation.State.QUEUED).update(
            state=Operation.State.CANCELLED,
            result_message=f"Cancelled by {actor.email} before it ran; Google was not asked.",
            finished_at=timezone.now(),
        )
    logger.info("bulk import %s cancelled by %s: %d queued settled", job.batch, actor.email, settled)
    return settled


def progress(job: BulkImport) -> dict[str, Any]:
    """One query: done, failed, cancelled and left, counting addresses not yet expanded."""
    counts = Operation.objects.filter(batch=job.batch, kind=Operation.Kind.DISCOVER).aggregate(
        done=Count("pk", filter=Q(state=Operation.State.SUCCEEDED)),
        failed=Count("pk", filter=Q(state=Operation.State.FAILED)),
        cancelled=Count("pk", filter=Q(state=Operation.State.CANCELLED)),
    )
    total = job.total
    if job.state == BulkImport.State.CANCELLED:  # the addresses never expanded are cancelled too
        counts["cancelled"] += total - job.expanded
    counts["total"] = total
    counts["settled"] = counts["done"] + counts["failed"] + counts["cancelled"]
    counts["left"] = total - counts["settled"]
    counts["state"] = job.state
    return counts
