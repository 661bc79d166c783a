"""The database itself keeps the audit trail: a settled Operation never changes, a write Operation is never deleted.

The only change a settled row may take is the one reconciliation makes: an "outcome unknown" create settled once,
to succeeded or failed. TRUNCATE (test teardown) is not a row delete and is not stopped.

Two triggers declared on `Operation.Meta.triggers`, written from `Operation.WRITE_KINDS` and its states, so a new
write kind is protected by the migration `makemigrations` writes for it (tests/spaces/test_audit_guard.py fails until
then). Each has a WHEN clause that matches only the rows it refuses: the rows it lets through never enter PL/pgSQL,
so pruning reads and cancelling a bulk import's queued rest cost no more than without a guard (docs/benchmarks.md).
That also matters because pgtrigger's functions open a subtransaction to read its `pgtrigger.ignore(...)` setting;
no code of ours uses that escape, and a database role able to set it on purpose owns the table and could as well
drop the trigger.
"""

from __future__ import annotations

from typing import Any

import pgtrigger
from django.apps import apps
from django.db import models

REFUSE = """
    RAISE EXCEPTION 'operation % {why}', OLD.id USING ERRCODE = 'integrity_constraint_violation';
"""


def sql_list(values: Any) -> str:
    """Enum values as a sorted SQL list: a frozenset's order changes between runs, the trigger's text must not."""
    return "(" + ", ".join(f"'{value}'" for value in sorted(str(value) for value in values)) + ")"


def declared_rules(model: type[models.Model]) -> dict[str, str]:
    """The kinds and states the guard is written from, as SQL lists.

    Migrations compile a trigger against a historical model, which has the fields but not the class constants: they
    are read from the model class the code declares.
    """
    operation = apps.get_model(model._meta.label)
    state = operation.State
    return {
        "write_kinds": sql_list(operation.WRITE_KINDS),
        "unsettled": sql_list(operation.UNSETTLED),
        "final": sql_list([state.SUCCEEDED, state.FAILED]),
        "outcome_unknown": sql_list([state.OUTCOME_UNKNOWN]),
    }


class AuditTrailTrigger(pgtrigger.Trigger):
    """A BEFORE row trigger whose WHEN clause and body are SQL templates over `declared_rules`."""

    when = pgtrigger.Before
    condition_sql = ""
    func_sql = ""

    def get_condition(self, model: type[models.Model]) -> pgtrigger.Condition:
        return pgtrigger.Condition(self.condition_sql.format(**declared_rules(model)))

    def get_func(self, model: type[models.Model]) -> str:
        return self.func_sql.format(**declared_rules(model))


class KeepWrites(AuditTrailTrigger):
    """No write Operation is deleted, and no Operation that a worker may still be running."""

    name = "audit_trail_keep_writes"
    operation = pgtrigger.Delete
    condition_sql = "OLD.kind IN {write_kinds} OR OLD.state IN {unsettled}"
    func_sql = (
        "IF OLD.kind IN {write_kinds} THEN"
        + REFUSE.format(why="is part of the audit trail and cannot be deleted")
        + "END IF;"
        + REFUSE.format(why="is not settled and cannot be deleted")
    )


class KeepSettled(AuditTrailTrigger):
    """A settled Operation does not change; an "outcome unknown" one changes only to succeeded or failed."""

    name = "audit_trail_keep_settled"
    operation = pgtrigger.Update
    condition_sql = "OLD.state IN {final} OR (OLD.state IN {outcome_unknown} AND NEW.state NOT IN {final})"
    func_sql = (
        "IF OLD.state IN {final} THEN"
        + REFUSE.format(why="is settled and cannot change")
        + "END IF;"
        + REFUSE.format(why="can only be settled by reconciliation")
    )


def audit_trail_guard() -> list[pgtrigger.Trigger]:
    return [KeepWrites(), KeepSettled()]
