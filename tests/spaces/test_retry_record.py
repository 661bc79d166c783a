"""What the runner records while a retry waits (issue 15): the reason and the time of the next try, on the row, so
the person's page can say "Google is busy; trying again in 8 s, attempt 2 of 6" instead of "Queued" again.

The runner runs in this process here (one attempt per call, as a worker would), against the emulator over HTTP.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

import meet_client as meet
from spaces import services
from spaces.models import Operation, Space
from spaces.operations import runner
from spaces.permissions import Action, decide
from tests.support.signed_in_people import sign_in
from tests.support.workspace_seed import PROJECT, seed_document

pytestmark = pytest.mark.django_db

SPACE = {"id": "AliceRetry01", "owner": "alice@example.com", "project": PROJECT, "config": {"accessType": "TRUSTED"}}


@pytest.fixture
def alice_and_space(control):
    control.seed(seed_document(spaces=[SPACE]))
    alice = sign_in(control, "alice@example.com")
    space = Space.objects.create(
        name="spaces/AliceRetry01", owner_email=alice.email, made_by_meetadmin=True, config=SPACE["config"]
    )
    return alice, space


def change_settings(alice, space) -> Operation:
    return services.space_settings_change(
        space=space,
        actor=alice,
        identity=decide(alice, space, Action.EDIT_SETTINGS).identity,
        wanted=meet.SpaceConfig(access_type=meet.AccessType.RESTRICTED),
    )


def attempt(operation: Operation) -> runner.RetryLater | None:
    try:
        runner.operation_run(operation_id=operation.pk)
    except runner.RetryLater as later:
        return later
    return None


def test_a_busy_google_is_recorded_with_the_next_try_and_shown_as_retrying(control, alice_and_space):
    operation = change_settings(*alice_and_space)
    control.fault("meet.spaces.patch", status=503, count=1)
    before = timezone.now()
    later = attempt(operation)
    assert later is not None
    waiting = Operation.objects.get(pk=operation.pk)
    assert waiting.state == Operation.State.QUEUED  # the lease and the sweeper work on the row's own state
    assert waiting.shown_state == Operation.RETRYING  # ...while the page never shows it queued again
    assert waiting.retry_reason == Operation.RetryReason.BUSY
    assert waiting.attempts == 1
    expected = before + timedelta(seconds=later.countdown)
    assert abs((waiting.retry_at - expected).total_seconds()) < 1
    assert waiting.lease_until == waiting.retry_at

    Operation.objects.filter(pk=operation.pk).update(lease_until=None)  # as if the wait were over
    assert attempt(operation) is None
    done = Operation.objects.get(pk=operation.pk)
    assert done.state == Operation.State.SUCCEEDED, done.result_message
    assert done.attempts == 2
    assert done.retry_at is None  # taken again: no longer waiting


def test_googles_used_up_quota_is_recorded_as_a_quota_wait(control, alice_and_space):
    operation = change_settings(*alice_and_space)
    control.fault("meet.spaces.patch", status=429, count=1)
    assert attempt(operation) is not None
    waiting = Operation.objects.get(pk=operation.pk)
    assert waiting.retry_reason == Operation.RetryReason.QUOTA
    assert waiting.attempts == 0  # a quota wait is not a failed attempt
    assert waiting.retry_at > timezone.now()
    assert waiting.shown_state_label == "Retrying"
