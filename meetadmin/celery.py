"""The one Celery app. Settings come from Django's settings under the CELERY_ prefix.

The worker logs through Django's LOGGING (JSON in production) instead of Celery's own setup, carries the request
id of whatever queued each task, and writes a heartbeat to Redis from its event loop (monitoring/heartbeats.py).
"""

from __future__ import annotations

import contextlib
import logging
import logging.config
import os

import redis
from celery import Celery, bootsteps, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meetadmin.settings")

app = Celery("meetadmin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


@signals.setup_logging.connect
def _use_django_logging(**_) -> None:
    """Connected, so Celery leaves the root logger alone: worker and beat log exactly as the web does."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


@signals.worker_init.connect
def _worker_statement_timeout(**_) -> None:
    """Before the pool forks: every worker process's statements may run longer than a page's (settings, DATABASES)."""
    from django.conf import settings

    from meetadmin.database import use_statement_timeout

    use_statement_timeout(settings.DATABASE_WORKER_STATEMENT_TIMEOUT)
    logger.info("database statements time out after %gs in this worker", settings.DATABASE_WORKER_STATEMENT_TIMEOUT)


@signals.task_prerun.connect
def _bind_request_id(task=None, kwargs=None, **_) -> None:
    """Operations pass the request id they were made in; a task beat started gets one of its own, so every
    Operation that one run of it queues shares an id."""
    from meetadmin.request_id import bind_request_id, new_request_id, sane_or_new

    proposed = (kwargs or {}).get("request_id")
    bind_request_id(sane_or_new(proposed) if proposed else new_request_id())


@signals.task_postrun.connect
def _unbind_request_id(task=None, state=None, **_) -> None:
    from meetadmin.request_id import bind_request_id
    from monitoring import heartbeats

    bind_request_id("")
    if task is not None and state == "SUCCESS" and task.name in heartbeats.scheduled_task_names():
        try:
            heartbeats.beat_task_ran(task.name)
        except redis.RedisError as error:
            logger.warning("could not record that %s ran: %s", task.name, error)


class WorkerHeartbeat(bootsteps.StartStopStep):
    """Every WORKER_HEARTBEAT_SECONDS, from the consumer's own loop: this worker is alive and consumes these
    queues. Removed on a clean shutdown, so readyz turns unready as soon as the last worker stops."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def __init__(self, consumer, **kwargs) -> None:
        super().__init__(consumer, **kwargs)
        self.timer_ref = None

    def start(self, consumer) -> None:
        from django.conf import settings

        self.beat(consumer)
        self.timer_ref = consumer.timer.call_repeatedly(
            settings.WORKER_HEARTBEAT_SECONDS, self.beat, (consumer,), priority=10
        )

    def beat(self, consumer) -> None:
        from monitoring import heartbeats

        try:
            heartbeats.worker_alive(consumer.hostname, list(consumer.app.amqp.queues.consume_from))
        except redis.RedisError as error:
            logger.warning("could not record this worker's heartbeat: %s", error)

    def stop(self, consumer) -> None:
        from monitoring import heartbeats

        if self.timer_ref is not None:
            consumer.timer.cancel(self.timer_ref)
            self.timer_ref = None
        with contextlib.suppress(redis.RedisError):  # it will simply age out
            heartbeats.worker_gone(consumer.hostname)

    shutdown = stop


app.steps["consumer"].add(WorkerHeartbeat)
