"""The audit trail's guard moves from hand-written SQL (0002, widened by 0010 and 0011) to django-pgtrigger.

The trigger is now declared on Operation (Meta.triggers, spaces/audit_guard.py) and its kinds are written from
Operation.WRITE_KINDS, so `makemigrations` writes the next change of the guard. Same rules, same messages: the
hand-written function and trigger are dropped and pgtrigger's is installed in the same transaction.
"""

from importlib import import_module

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations

DROP_HAND_WRITTEN = """
DROP TRIGGER IF EXISTS spaces_operation_guard ON spaces_operation;
DROP FUNCTION IF EXISTS spaces_operation_guard();
"""

# Back to 0011's guard (its function, 0002's trigger) when this migration is reversed.
_role_audit = import_module("spaces.migrations.0011_role_audit")
RESTORE_HAND_WRITTEN = _role_audit.GUARD % _role_audit.AFTER + """
CREATE TRIGGER spaces_operation_guard BEFORE UPDATE OR DELETE ON spaces_operation
    FOR EACH ROW EXECUTE FUNCTION spaces_operation_guard();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('spaces', '0011_role_audit'),
    ]

    operations = [
        migrations.RunSQL(DROP_HAND_WRITTEN, RESTORE_HAND_WRITTEN),
        pgtrigger.migrations.AddTrigger(
            model_name='operation',
            trigger=pgtrigger.compiler.Trigger(name='audit_trail_guard', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nIF TG_OP = 'DELETE' THEN\n    IF OLD.kind IN ('create', 'end_conference', 'members', 'patch', 'relink', 'role_grant', 'role_revoke') THEN\n        RAISE EXCEPTION 'operation % is part of the audit trail and cannot be deleted', OLD.id\n            USING ERRCODE = 'integrity_constraint_violation';\n    END IF;\n    IF OLD.state IN ('queued', 'running') THEN\n        RAISE EXCEPTION 'operation % is not settled and cannot be deleted', OLD.id\n            USING ERRCODE = 'integrity_constraint_violation';\n    END IF;\n    RETURN OLD;\nEND IF;\nIF OLD.state IN ('failed', 'succeeded') THEN\n    RAISE EXCEPTION 'operation % is settled and cannot change', OLD.id\n        USING ERRCODE = 'integrity_constraint_violation';\nEND IF;\nIF OLD.state = 'outcome_unknown' AND NEW.state NOT IN ('failed', 'succeeded') THEN\n    RAISE EXCEPTION 'operation % can only be settled by reconciliation', OLD.id\n        USING ERRCODE = 'integrity_constraint_violation';\nEND IF;\nRETURN NEW;\n", hash='5715fed10449abf5650792f958fd278e0e98e180', operation='UPDATE OR DELETE', pgid='pgtrigger_audit_trail_guard_dfb0d', table='spaces_operation', when='BEFORE')),
        ),
    ]
