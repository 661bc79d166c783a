"""The worker's side of an Operation: hold it by a short lease, run its handler, settle it, or say when to retry.

Safe to run twice: the lease is taken with a conditional UPDATE, so a settled Operation or one another worker holds
right now is left alone, while a retry or a redelivery after a crash runs it again (docs/architecture.md). Celery
stays outside: a retry is a `RetryLater` the task in spaces/tasks.py turns into Celery's own retry.
"""

from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta
from typing import NoReturn

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

import meet_client as meet
from accounts.google_grants import grant_acting_as, grants_mark_needs_reconnect
from spaces import bulk_jobs, ordering
from spaces.failure_sentences import describe_failure
from spaces.meet_clients import meet_client_for
from spaces.models import Operation
from spaces.operations import handlers
from spaces.operations.outcome import Outcome
from spaces.quota_buckets import QuotaWaitTooLong

logger = logging.getLogger(__name__)


class RetryLater(Exception):
    """Run this Operation again in `countdown` seconds; `cause` is the error that asked for it, if any."""

    def __init__(self, countdown: float, cause: Exception | None = None) -> None:
        super().__init__(f"retry in {countdown:.1f}s")
        self.countdown = countdown
        self.cause = cause


def lease() -> timedelta:
    return timedelta(seconds=settings.OPERATION_LEASE_SECONDS)


def operation_run(*, operation_id: int) -> str:
    """Returns the state it settled in (or why it did nothing); raises RetryLater."""
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
        return _not_held(operation_id, now)
    operation = Operation.objects.select_related("space").get(pk=operation_id)
    if (ahead := ordering.waits_for(operation)) is not None:
        _wait_behind(operation, ahead)
    if (newer := ordering.superseded_by(operation)) is not None:
        settle(operation, superseded(newer))
        return Operation.State.FAILED
    try:
        outcome = execute(operation)
    except (meet.RetryableMeetError, QuotaWaitTooLong) as error:
        # Waiting for quota (our own bucket, or Google's used-up minute) is not a failed attempt: it is bounded by
        # time instead, since counted attempts would all be spent within the same minute.
        for_quota = isinstance(error, (QuotaWaitTooLong, meet.MeetResourceExhausted))
        if _gives_up(operation, error, for_quota):
            outcome = Outcome.failed(describe_failure(error), error_status=getattr(error, "status", "") or "")
        else:
            delay = retry_delay(operation.attempts, error)
            _give_back(operation_id, delay, retry_reason(error), counts_as_attempt=not for_quota)
            logger.info("operation %s: retry %s in %.1fs after %s", operation_id, operation.attempts, delay, error)
            raise RetryLater(delay, error) from error
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


def execute(operation: Operation) -> Outcome:
    """The one place a Meet client is built for an Operation: as the identity it records, once, for its handler."""
    if (sent_before := handlers.create_sent_before(operation)) is not None:
        return sent_before
    client = meet_client_for(operation.identity_kind, operation.identity_email)
    return handlers.HANDLERS[operation.kind](operation, client)


def _wait_behind(operation: Operation, ahead: Operation) -> NoReturn:
    """An older change to the same space is unsettled: give the lease back (this was no attempt) and try again
    shortly, so changes reach Google in the order they were asked for."""
    delay = 1.0
    _give_back(operation.pk, delay, Operation.RetryReason.BEHIND, counts_as_attempt=False)
    logger.info("operation %s waits behind #%s, asked for earlier", operation.pk, ahead.pk)
    raise RetryLater(delay)


def _give_back(operation_id: int, delay: float, reason: str, *, counts_as_attempt: bool) -> None:
    """Queued again, leased until the next try so that no duplicate message runs it early. The lease's end and the
    reason are what the person's page says while it waits (Operation.retry_at)."""
    Operation.objects.filter(pk=operation_id, state=Operation.State.RUNNING).update(
        state=Operation.State.QUEUED,
        lease_until=timezone.now() + timedelta(seconds=delay),
        attempts=F("attempts") - int(not counts_as_attempt),
        retry_reason=reason,
    )


def superseded(newer: Operation) -> Outcome:
    return Outcome.failed(
        f"Not sent again: superseded by #{newer.pk}, asked for later, which sets the same settings.",
        error_status="SUPERSEDED",
        result={"superseded_by": newer.pk},
    )


def _not_held(operation_id: int, now: datetime) -> str:
    """Settled, or another worker holds the lease. A redelivery after a crash lands here while the dead worker's
    lease runs: try again when it has run out, so the work never waits for the sweeper alone."""
    lease_until = (
        Operation.objects.filter(pk=operation_id, state=Operation.State.RUNNING)
        .values_list("lease_until", flat=True)
        .first()
    )
    if lease_until is None:
        return "settled or gone"
    raise RetryLater(max((lease_until - now).total_seconds(), 0) + 0.5)


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
    if outcome.space is not None and operation.space_name is None:
        fields["space_name"] = outcome.space.pk
    with transaction.atomic():
        Operation.objects.filter(pk=operation.pk, state=Operation.State.RUNNING).update(**fields)


def _gives_up(operation: Operation, error: Exception, for_quota: bool) -> bool:
    if isinstance(error, QuotaWaitTooLong):
        return False  # nothing reached Google; our own pacing always gets a token in the end
    if for_quota:
        waited = (timezone.now() - (operation.started_at or timezone.now())).total_seconds()
        return waited >= settings.OPERATION_QUOTA_PATIENCE_SECONDS
    return operation.attempts >= settings.OPERATION_MAX_ATTEMPTS


def retry_reason(error: Exception) -> Operation.RetryReason:
    if isinstance(error, QuotaWaitTooLong):
        return Operation.RetryReason.PACING
    if isinstance(error, meet.MeetResourceExhausted):
        return Operation.RetryReason.QUOTA
    return Operation.RetryReason.BUSY


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
