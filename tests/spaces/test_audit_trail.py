"""Write Operations are the audit trail: PostgreSQL refuses to change a settled one or to delete one."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from spaces.models import Operation, Space


@pytest.fixture
def settled_patch(db):
    alice = get_user_model().objects.create(username="alice", email="alice@example.com")
    space = Space.objects.create(name="spaces/jQCFfuBOdN5z", owner_email="alice@example.com")
    operation = Operation.objects.create(
        kind=Operation.Kind.PATCH,
        actor=alice,
        space=space,
        identity_kind=Operation.IdentityKind.OWN_GRANT,
        identity_email="alice@example.com",
    )
    Operation.objects.filter(pk=operation.pk).update(state=Operation.State.SUCCEEDED)
    return operation


def test_a_settled_operation_cannot_be_updated(settled_patch):
    with pytest.raises(IntegrityError, match="settled"), transaction.atomic():
        Operation.objects.filter(pk=settled_patch.pk).update(result_message="rewritten history")
    assert Operation.objects.get(pk=settled_patch.pk).result_message == ""


def test_a_write_operation_cannot_be_deleted(settled_patch):
    with pytest.raises(IntegrityError, match="audit trail"), transaction.atomic():
        Operation.objects.filter(pk=settled_patch.pk).delete()
    assert Operation.objects.filter(pk=settled_patch.pk).exists()


def test_an_outcome_unknown_create_is_settled_once_by_reconciliation(settled_patch):
    create = Operation.objects.create(
        kind=Operation.Kind.CREATE,
        actor=settled_patch.actor,
        identity_kind=Operation.IdentityKind.OWN_GRANT,
        identity_email="alice@example.com",
        state=Operation.State.OUTCOME_UNKNOWN,
    )
    with pytest.raises(IntegrityError, match="reconciliation"), transaction.atomic():
        Operation.objects.filter(pk=create.pk).update(state=Operation.State.QUEUED)
    Operation.objects.filter(pk=create.pk).update(state=Operation.State.SUCCEEDED, result_message="found it")
    with pytest.raises(IntegrityError, match="settled"), transaction.atomic():
        Operation.objects.filter(pk=create.pk).update(state=Operation.State.FAILED)


def test_a_settled_read_operation_may_be_pruned(settled_patch):
    refresh = Operation.objects.create(
        kind=Operation.Kind.REFRESH,
        identity_kind=Operation.IdentityKind.OWN_GRANT,
        identity_email="alice@example.com",
        state=Operation.State.SUCCEEDED,
    )
    Operation.objects.filter(pk=refresh.pk).delete()
    assert not Operation.objects.filter(pk=refresh.pk).exists()
