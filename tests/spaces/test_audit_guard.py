"""The audit trail's database guard is written from Operation.WRITE_KINDS: one list, in the model, and the migrations
follow it. (What the guard refuses is tests/spaces/test_audit_trail.py.)"""

from __future__ import annotations

import re

import pgtrigger
import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from pgtrigger.core import INSTALLED

from spaces.models import Operation


def delete_guard_sql() -> str:
    (keep_writes,) = [trigger for trigger in Operation._meta.triggers if trigger.operation == pgtrigger.Delete]
    return keep_writes.compile(Operation).install_sql


def kinds_refused_on_delete(sql: str) -> set[str]:
    """The kinds named in the WHEN clause and in the body alike (they must agree)."""
    (when, body) = [set(re.findall(r"'([a-z_]+)'", kinds)) for kinds in re.findall(r"OLD\.kind IN \(([^)]*)\)", sql)]
    assert when == body
    return when


def test_the_guard_refuses_to_delete_exactly_the_write_kinds():
    assert kinds_refused_on_delete(delete_guard_sql()) == {str(kind) for kind in Operation.WRITE_KINDS}
    assert Operation.Kind.REFRESH not in Operation.WRITE_KINDS  # a read: prunable, so not in the guard


def test_a_new_write_kind_changes_the_guard_and_asks_for_a_migration(db, monkeypatch):
    before = delete_guard_sql()
    monkeypatch.setattr(Operation, "WRITE_KINDS", Operation.WRITE_KINDS | {Operation.Kind.REFRESH})
    after = delete_guard_sql()
    assert kinds_refused_on_delete(after) == kinds_refused_on_delete(before) | {"refresh"}
    with pytest.raises(SystemExit) as exit_code:
        call_command("makemigrations", "spaces", check=True, dry_run=True, verbosity=0)
    assert exit_code.value.code == 1


def test_the_migrations_match_the_models(db):
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)  # exits 1 when a migration is missing


def test_the_database_runs_the_guard_the_model_declares(db):
    assert len(Operation._meta.triggers) == 2  # one for DELETE, one for UPDATE
    for trigger in Operation._meta.triggers:
        assert trigger.get_installation_status(Operation) == (INSTALLED, True), trigger.name
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_proc WHERE proname = 'spaces_operation_guard'")
        assert cursor.fetchone() == (0,)  # the hand-written guard of 0002-0011 is gone, not running beside it


def test_a_running_read_is_kept_until_it_settles_then_may_go(db):
    refresh = Operation.objects.create(
        kind=Operation.Kind.REFRESH,
        identity_kind=Operation.IdentityKind.OWN_GRANT,
        identity_email="alice@example.com",
        state=Operation.State.RUNNING,
    )
    with pytest.raises(IntegrityError, match="not settled"), transaction.atomic():
        Operation.objects.filter(pk=refresh.pk).delete()
    # Updates of an unsettled row, and of a cancelled one, are not the guard's business (its WHEN clause).
    Operation.objects.filter(pk=refresh.pk).update(state=Operation.State.CANCELLED)
    Operation.objects.filter(pk=refresh.pk).update(result_message="cancelled with its bulk import")
    Operation.objects.filter(pk=refresh.pk).delete()
    assert not Operation.objects.filter(pk=refresh.pk).exists()
