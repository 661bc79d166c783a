"""The audit trail's database guard is written from Operation.WRITE_KINDS: one list, in the model, and the migrations
follow it. (What the guard refuses is tests/spaces/test_audit_trail.py.)"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db import connection
from pgtrigger.core import INSTALLED

from spaces.models import Operation


def guard_sql() -> str:
    (guard,) = Operation._meta.triggers
    return guard.compile(Operation).install_sql


def kinds_refused_on_delete(sql: str) -> set[str]:
    (kinds,) = re.findall(r"OLD\.kind IN \(([^)]*)\)", sql)
    return set(re.findall(r"'([a-z_]+)'", kinds))


def test_the_guard_refuses_to_delete_exactly_the_write_kinds():
    assert kinds_refused_on_delete(guard_sql()) == {str(kind) for kind in Operation.WRITE_KINDS}
    assert Operation.Kind.REFRESH not in Operation.WRITE_KINDS  # a read: prunable, so not in the guard


def test_a_new_write_kind_changes_the_guard_and_asks_for_a_migration(db, monkeypatch):
    before = guard_sql()
    monkeypatch.setattr(Operation, "WRITE_KINDS", Operation.WRITE_KINDS | {Operation.Kind.REFRESH})
    after = guard_sql()
    assert kinds_refused_on_delete(after) == kinds_refused_on_delete(before) | {"refresh"}
    with pytest.raises(SystemExit) as exit_code:
        call_command("makemigrations", "spaces", check=True, dry_run=True, verbosity=0)
    assert exit_code.value.code == 1


def test_the_migrations_match_the_models(db):
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)  # exits 1 when a migration is missing


def test_the_database_runs_the_guard_the_model_declares(db):
    (guard,) = Operation._meta.triggers
    assert guard.get_installation_status(Operation) == (INSTALLED, True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_proc WHERE proname = 'spaces_operation_guard'")
        assert cursor.fetchone() == (0,)  # the hand-written guard of 0002-0011 is gone, not running beside it
