"""Refreshes nobody asked for (an open page's upkeep, alias upkeep) are deleted once old; everything else stays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from spaces.models import Operation, Space
from spaces.tasks import prune_upkeep_reads
from tests.support.signed_in_people import person

pytestmark = pytest.mark.django_db


def operation(space, *, kind=Operation.Kind.REFRESH, days_old=30, actor=None, batch="", state="succeeded"):
    made = Operation.objects.create(
        kind=kind, space=space, identity_kind="user", identity_email="alice@example.com", actor=actor, batch=batch
    )
    # Rows are born queued; a queued row may still change, so age and settle it in one update.
    Operation.objects.filter(pk=made.pk).update(created_at=timezone.now() - timedelta(days=days_old), state=state)
    return made.pk


def test_only_old_settled_upkeep_reads_are_deleted(settings):
    settings.UPKEEP_READS_KEEP_DAYS = 7
    alice = person("alice@example.com")
    space = Space.objects.create(name="spaces/AlicePrune01", owner_email="alice@example.com")
    old_upkeep = [operation(space) for _ in range(3)] + [operation(space, state="failed")]
    kept = [
        operation(space, days_old=1),  # recent
        operation(space, actor=alice),  # a person asked for it
        operation(space, batch="import-1"),  # part of a bulk import's record
        operation(space, state="queued"),  # not settled
        operation(space, kind=Operation.Kind.END_CONFERENCE),  # a write: the audit trail
    ]

    assert prune_upkeep_reads(chunk=2) == len(old_upkeep)

    assert sorted(Operation.objects.values_list("pk", flat=True)) == sorted(kept)
