"""The database itself keeps the audit trail: a settled Operation never changes, a write Operation is never deleted.

The only change a settled row may take is the one reconciliation makes: an "outcome unknown" create settled once,
to succeeded or failed. TRUNCATE (test teardown) is not a row delete and is not stopped.

The trigger is declared on `Operation.Meta.triggers` and written from `Operation.WRITE_KINDS`, so a new write kind
is protected by the migration `makemigrations` writes for it (tests/spaces/test_audit_guard.py fails until then).
pgtrigger's trigger functions also step aside inside `pgtrigger.ignore(...)` (a session setting); no code of ours
uses it, and a database role able to set it on purpose owns the table and could as well drop the trigger.
"""

from __future__ import annotations

import pgtrigger
from django.apps import apps
from django.db import models

GUARD = """
IF TG_OP = 'DELETE' THEN
    IF OLD.kind IN ({write_kinds}) THEN
        RAISE EXCEPTION 'operation % is part of the audit trail and cannot be deleted', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.state IN ({unsettled}) THEN
        RAISE EXCEPTION 'operation % is not settled and cannot be deleted', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
END IF;
IF OLD.state IN ({final}) THEN
    RAISE EXCEPTION 'operation % is settled and cannot change', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END IF;
IF OLD.state = {outcome_unknown} AND NEW.state NOT IN ({final}) THEN
    RAISE EXCEPTION 'operation % can only be settled by reconciliation', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END IF;
RETURN NEW;
"""


def sql_list(values: object) -> str:
    """Enum values as a sorted SQL list: a frozenset's order changes between runs, the trigger's text must not."""
    return ", ".join(f"'{value}'" for value in sorted(str(value) for value in values))


class AuditTrailGuard(pgtrigger.Trigger):
    name = "audit_trail_guard"
    when = pgtrigger.Before
    operation = pgtrigger.Update | pgtrigger.Delete

    def get_func(self, model: type[models.Model]) -> str:
        # Migrations compile the trigger against a historical model, which has the fields but not the class
        # constants: the kinds and states come from the model class the code declares.
        operation = apps.get_model(model._meta.label)
        state = operation.State
        return GUARD.format(
            write_kinds=sql_list(operation.WRITE_KINDS),
            unsettled=sql_list(operation.UNSETTLED),
            final=sql_list([state.SUCCEEDED, state.FAILED]),
            outcome_unknown=sql_list([state.OUTCOME_UNKNOWN]),
        )
