"""The beat schedule's work on Operations and the cache, as services: each returns how much it did.

The Celery tasks in spaces/tasks.py call these; meetadmin/settings.py (CELERY_BEAT_SCHEDULE) says how often.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import GoogleGrant
from spaces import bulk_jobs
from spaces.models import Operation, Space
from spaces.operations.queue import enqueue, queue_for
from spaces.permissions import Identity, identity_for_upkeep
from spaces.services import space_refresh, spaces_discover

logger = logging.getLogger(__name__)


def operations_sweep() -> int:
    """Re-queue Operations whose lease ran out: their worker died, or their message was lost with Redis."""
    now = timezone.now()
    grace = now - timedelta(seconds=settings.OPERATION_REQUEUE_AFTER_SECONDS)
    stuck = list(
        Operation.objects.filter(
            Q(state=Operation.State.RUNNING, lease_until__lt=now)
            | Q(state=Operation.State.QUEUED, created_at__lt=grace)
            & (Q(lease_until__isnull=True) | Q(lease_until__lt=grace))
        )
        .exclude(batch__in=bulk_jobs.on_hold())
        .values_list("pk", "request_id", "actor_id", "batch")[:1000]
    )
    for operation_id, request_id, actor_id, batch in stuck:
        enqueue(operation_id, request_id=request_id, queue=queue_for(actor_id=actor_id, batch=batch))
    if stuck:
        logger.warning("re-queued %d operation(s) whose lease ran out", len(stuck))
    for batch in bulk_jobs.unfinished_expansions(grace).values_list("batch", flat=True):
        bulk_jobs.expand_later(batch)  # its expansion task was lost with a worker or Redis
    return len(stuck)


def aliases_refresh() -> int:
    """Re-read spaces whose meeting code was last seen long ago, so that what is shown stays true.

    A refresh files Google's answer under the id: a code that moved away is replaced by the new one, and a code
    seen on another space is cleared there (spaces.space_cache).
    """
    seen_before = timezone.now() - timedelta(seconds=settings.ALIAS_REFRESH_SECONDS)
    stale = (
        Space.objects.filter(
            Q(meeting_code_seen_at__lt=seen_before) | Q(meeting_code_seen_at__isnull=True, fetched_at__lt=seen_before)
        )
        .exclude(owner_email="")
        .order_by("meeting_code_seen_at")[: settings.ALIAS_REFRESH_BATCH]
    )
    queued = 0
    for space in stale:
        identity = identity_for_upkeep(space)
        if identity is not None:
            with transaction.atomic():
                space_refresh(space=space, identity=identity)
            queued += 1
    return queued


def history_copy_all() -> int:
    """Discover as every active grant, which copies conference history before Google's 30 days run out."""
    queued = 0
    for email in GoogleGrant.objects.filter(state=GoogleGrant.State.ACTIVE).values_list("user__email", flat=True):
        with transaction.atomic():
            spaces_discover(identity=Identity(Operation.IdentityKind.OWN_GRANT, email))
        queued += 1
    return queued


def upkeep_reads_prune(*, chunk: int = 5000) -> int:
    """Delete settled refreshes that no person asked for, once older than UPKEEP_READS_KEEP_DAYS.

    An open space page re-reads its call every few seconds; without this those rows would grow without end. Writes,
    and anything a person asked for or a bulk import queued, stay (the database refuses to delete writes anyway).
    """
    before = timezone.now() - timedelta(days=settings.UPKEEP_READS_KEEP_DAYS)
    old = Operation.objects.filter(
        kind=Operation.Kind.REFRESH, actor__isnull=True, batch="", created_at__lt=before
    ).exclude(state__in=Operation.UNSETTLED)
    deleted = 0
    while ids := list(old.values_list("pk", flat=True)[:chunk]):
        deleted += Operation.objects.filter(pk__in=ids).delete()[0]
    return deleted
