"""Celery tasks: thin wrappers around the Operation engine (spaces/operations/) and the bulk import's expansion.

Their names are what the beat schedule (meetadmin/settings.py) and the engine's `send_task` calls say; the engine
never imports this module, so nothing here is part of an import cycle.
"""

from __future__ import annotations

from celery import shared_task

from spaces import bulk_jobs
from spaces.operations import runner, upkeep


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def run_operation(self, operation_id: int, request_id: str = "") -> str:
    """`request_id` is only for the logs: meetadmin/celery.py binds it before this runs."""
    try:
        return runner.operation_run(operation_id=operation_id)
    except runner.RetryLater as later:
        raise self.retry(countdown=later.countdown, exc=later.cause) from later.cause


@shared_task(name=bulk_jobs.EXPAND_IMPORT, acks_late=True, reject_on_worker_lost=True)
def expand_import(batch: str) -> int:
    return bulk_jobs.expand_next(batch)


@shared_task
def sweep_operations() -> int:
    return upkeep.operations_sweep()


@shared_task
def refresh_aliases() -> int:
    return upkeep.aliases_refresh()


@shared_task
def copy_history() -> int:
    return upkeep.history_copy_all()


@shared_task
def prune_upkeep_reads(chunk: int = 5000) -> int:
    return upkeep.upkeep_reads_prune(chunk=chunk)
