"""Celery tasks: thin. They hold an Operation by a short lease, run its action, and settle it.

Safe to run twice: the lease is taken with a conditional UPDATE, so a settled Operation or one another worker
holds right now is left alone, while a retry or a redelivery after a crash runs it again (STYLE.md).
"""

from __future__ import annotations

import logging
import random
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import GoogleGrant
from accounts.services import grant_acting_as, grants_mark_needs_reconnect
from spaces import actions, bulk_jobs, meet, ordering
from spaces.actions.outcome import Outcome
from spaces.messages import describe_failure
from spaces.models import Operation, Space
from spaces.pacing import QuotaWaitTooLong

logger = logging.getLogger(__name__)


def lease() -> timedelta:
    return timedelta(seconds=settings.OPERATION_LEASE_SECONDS)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def run_operation(self, operation_id: int, request_id: str = "") -> str:
    """`request_id` is only for the logs: meetadmin/celery.py binds it before this runs."""
    now = timezone.now()
    held = (
        Operation.objects.filter(pk=operation_id, state__in=Operation.UNSETTLED)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .exclude(batch__in=bulk_jobs.on_hold())  # a paused or cancelled import hands out nothing new
        .update(
            state=Operation.State.RUNNING,
            lease_until=now + lease(),
            attempts=F("attempts") + 1,
            started_at=Coalesce(F("started_at"), now),
        )
    )
    if not held:
        return _not_held(self, operation_id, now)
    operation = Operation.objects.select_related("space").get(pk=operation_id)
    if (ahead := ordering.waits_for(operation)) is not None:
        return _wait_behind(self, operation, ahead)
    if (newer := ordering.superseded_by(operation)) is not None:
        settle(operation, superseded(newer))
        return Operation.State.FAILED
    try:
        outcome = actions.execute(operation)
    except (meet.RetryableMeetError, QuotaWaitTooLong) as error:
        # Waiting for quota (our own bucket, or Google's used-up minute) is not a failed attempt: it is bounded by
        # time instead, since counted attempts would all be spent within the same minute.
        for_quota = isinstance(error, (QuotaWaitTooLong, meet.MeetResourceExhausted))
        if _gives_up(operation, error, for_quota):
            outcome = Outcome.failed(describe_failure(error), error_status=getattr(error, "status", "") or "")
        else:
            delay = retry_delay(operation.attempts, error)
            # The lease now covers the wait, so no duplicate message can run it early.
            Operation.objects.filter(pk=operation_id, state=Operation.State.RUNNING).update(
                state=Operation.State.QUEUED,
                lease_until=timezone.now() + timedelta(seconds=delay),
                attempts=F("attempts") - int(for_quota),
            )
            logger.info("operation %s: retry %s in %.1fs after %s", operation_id, operation.attempts, delay, error)
            raise self.retry(countdown=delay, exc=error) from error
    except meet.MeetReauthRequired as error:
        if operation.identity_kind == Operation.IdentityKind.OWN_GRANT and (
            grant := grant_acting_as(operation.identity_email)
        ):
            grants_mark_needs_reconnect(google_subject=grant.google_subject, reason=describe_failure(error))
        outcome = Outcome.failed(describe_failure(error), error_status="REAUTH_REQUIRED")
    except meet.MeetDelegatedUserUnknown as error:
        message = describe_failure(error, identity_email=operation.identity_email)
        outcome = Outcome.failed(message, error_status="USER_UNKNOWN")
    except meet.MeetError as error:
        outcome = Outcome.failed(describe_failure(error), error_status=error.status or "")
    except Exception as error:  # a bug must still leave a record, never a half-applied change
        logger.exception("operation %s failed unexpectedly", operation_id)
        outcome = Outcome.failed(describe_failure(error), error_status="INTERNAL_ERROR")
    settle(operation, outcome)
    return outcome.state


def _wait_behind(task, operation: Operation, ahead: Operation) -> str:
    """An older change to the same space is unsettled: give the lease back (this was no attempt) and try again
    shortly, so changes reach Google in the order they were asked for."""
    delay = 1.0
    Operation.objects.filter(pk=operation.pk, state=Operation.State.RUNNING).update(
        state=Operation.State.QUEUED,
        lease_until=timezone.now() + timedelta(seconds=delay),
        attempts=F("attempts") - 1,
    )
    logger.info("operation %s waits behind #%s, asked for earlier", operation.pk, ahead.pk)
    raise task.retry(countdown=delay)


def superseded(newer: Operation) -> Outcome:
    return Outcome.failed(
        f"Not sent again: superseded by #{newer.pk}, asked for later, which sets the same settings.",
        error_status="SUPERSEDED",
        result={"superseded_by": newer.pk},
    )


def _not_held(task, operation_id: int, now) -> str:
    """Settled, or another worker holds the lease. A redelivery after a crash lands here while the dead worker's
    lease runs: try again when it has run out, so the work never waits for the sweeper alone."""
    lease_until = (
        Operation.objects.filter(pk=operation_id, state=Operation.State.RUNNING)
        .values_list("lease_until", flat=True)
        .first()
    )
    if lease_until is None:
        return "settled or gone"
    raise task.retry(countdown=max((lease_until - now).total_seconds(), 0) + 0.5)


def settle(operation: Operation, outcome: Outcome) -> None:
    fields = {
        "state": outcome.state,
        "result_message": outcome.message,
        "result": outcome.result,
        "error_status": outcome.error_status,
        "finished_at": timezone.now(),
        "lease_until": None,
    }
    if outcome.config_after is not None:
        fields["config_after"] = outcome.config_after
    if outcome.space is not None and operation.space_id is None:
        fields["space_id"] = outcome.space.pk
    with transaction.atomic():
        Operation.objects.filter(pk=operation.pk, state=Operation.State.RUNNING).update(**fields)


def _gives_up(operation: Operation, error: Exception, for_quota: bool) -> bool:
    if isinstance(error, QuotaWaitTooLong):
        return False  # nothing reached Google; our own pacing always gets a token in the end
    if for_quota:
        waited = (timezone.now() - (operation.started_at or timezone.now())).total_seconds()
        return waited >= settings.OPERATION_QUOTA_PATIENCE_SECONDS
    return operation.attempts >= settings.OPERATION_MAX_ATTEMPTS


def retry_delay(attempt: int, error: Exception) -> float:
    """Exponential backoff with full jitter; Google's own retry delay wins when it gives one.

    A quota 429 without RetryInfo (Google's published quota errors carry none) waits for the quota's window to
    pass, plus jitter so that many held-back Operations do not all come back at once: retrying sooner would find
    the same minute still used up.
    """
    if isinstance(error, QuotaWaitTooLong):
        return error.wait_seconds
    if isinstance(error, meet.MeetResourceExhausted):
        if error.retry_delay is not None:
            return max(error.retry_delay.total_seconds(), 0.1)
        window = settings.MEET_QUOTA_WINDOW_SECONDS
        return random.uniform(window, window * 1.1)  # nosec B311  # jitter, nothing secret depends on it
    cap = min(settings.OPERATION_RETRY_BASE_SECONDS * 2 ** (attempt - 1), settings.OPERATION_RETRY_MAX_SECONDS)
    return random.uniform(cap / 2, cap)  # nosec B311  # jitter spreads retries; nothing secret depends on it


@shared_task
def sweep_operations() -> int:
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
    from spaces.services.operations import enqueue, queue_for

    for operation_id, request_id, actor_id, batch in stuck:
        enqueue(operation_id, request_id=request_id, queue=queue_for(actor_id=actor_id, batch=batch))
    if stuck:
        logger.warning("re-queued %d operation(s) whose lease ran out", len(stuck))
    for batch in bulk_jobs.unfinished_expansions(grace).values_list("batch", flat=True):
        bulk_jobs.expand_later(batch)  # its expansion task was lost with a worker or Redis
    return len(stuck)


@shared_task
def refresh_aliases() -> int:
    """Re-read spaces whose meeting code was last seen long ago, so that what is shown stays true.

    A refresh files Google's answer under the id: a code that moved away is replaced by the new one, and a code
    seen on another space is cleared there (spaces.space_records).
    """
    from spaces.permissions import identity_for_upkeep
    from spaces.services import space_refresh

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


@shared_task
def copy_history() -> int:
    """Discover as every active grant, which copies conference history before Google's 30 days run out."""
    from spaces.permissions import Identity
    from spaces.services import spaces_discover

    queued = 0
    for email in GoogleGrant.objects.filter(state=GoogleGrant.State.ACTIVE).values_list("user__email", flat=True):
        with transaction.atomic():
            spaces_discover(identity=Identity(Operation.IdentityKind.OWN_GRANT, email))
        queued += 1
    return queued


@shared_task
def prune_upkeep_reads(chunk: int = 5000) -> int:
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
