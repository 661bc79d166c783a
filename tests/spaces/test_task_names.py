"""Names sent as strings reach a task: the engine sends the runner's and the expansion's task by name (so it never
imports the module that wraps them), and beat names its jobs; a typo in either would only show as a worker rejecting
an unknown task."""

from __future__ import annotations

from django.conf import settings

from accounts import staff_checks
from meetadmin.celery import app
from spaces import bulk_jobs
from spaces.operations import queue


def test_every_task_named_as_a_string_is_registered():
    app.loader.import_default_modules()  # what a worker does at start: autodiscovers every app's tasks.py
    named = {queue.RUN_OPERATION, bulk_jobs.EXPAND_IMPORT, staff_checks.RECHECK_STAFF_MEMBER}
    named |= {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert named - set(app.tasks) == set()


def test_the_task_names_stay_what_queued_messages_and_the_schedule_say():
    assert queue.RUN_OPERATION == "spaces.tasks.run_operation"
    assert bulk_jobs.EXPAND_IMPORT == "spaces.bulk_jobs.expand_import"
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} >= {
        "spaces.tasks.sweep_operations",
        "spaces.tasks.refresh_aliases",
        "spaces.tasks.copy_history",
        "spaces.tasks.prune_upkeep_reads",
    }
