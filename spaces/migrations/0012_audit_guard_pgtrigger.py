"""The audit trail's guard moves from hand-written SQL (0002, widened by 0010 and 0011) to django-pgtrigger.

The guard is now declared on Operation (Meta.triggers, spaces/audit_guard.py) and written from
Operation.WRITE_KINDS, so `makemigrations` writes its next change. Same rules, same messages, as two triggers (delete,
update) whose WHEN clauses match only the rows they refuse. The hand-written function and trigger are dropped, and
pgtrigger's installed, in the same transaction.
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
            trigger=pgtrigger.compiler.Trigger(name='audit_trail_keep_writes', sql=pgtrigger.compiler.UpsertTriggerSql(condition="WHEN (OLD.kind IN ('create', 'end_conference', 'members', 'patch', 'relink', 'role_grant', 'role_revoke') OR OLD.state IN ('queued', 'running'))", func="IF OLD.kind IN ('create', 'end_conference', 'members', 'patch', 'relink', 'role_grant', 'role_revoke') THEN\n    RAISE EXCEPTION 'operation % is part of the audit trail and cannot be deleted', OLD.id USING ERRCODE = 'integrity_constraint_violation';\nEND IF;\n    RAISE EXCEPTION 'operation % is not settled and cannot be deleted', OLD.id USING ERRCODE = 'integrity_constraint_violation';\n", hash='34f36cee21fdaad6748bf646f8dc2d9e79871bcd', operation='DELETE', pgid='pgtrigger_audit_trail_keep_writes_63873', table='spaces_operation', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='operation',
            trigger=pgtrigger.compiler.Trigger(name='audit_trail_keep_settled', sql=pgtrigger.compiler.UpsertTriggerSql(condition="WHEN (OLD.state IN ('failed', 'succeeded') OR (OLD.state IN ('outcome_unknown') AND NEW.state NOT IN ('failed', 'succeeded')))", func="IF OLD.state IN ('failed', 'succeeded') THEN\n    RAISE EXCEPTION 'operation % is settled and cannot change', OLD.id USING ERRCODE = 'integrity_constraint_violation';\nEND IF;\n    RAISE EXCEPTION 'operation % can only be settled by reconciliation', OLD.id USING ERRCODE = 'integrity_constraint_violation';\n", hash='f34f1f366237102d58296c9382e08b99c034c762', operation='UPDATE', pgid='pgtrigger_audit_trail_keep_settled_8e789', table='spaces_operation', when='BEFORE')),
        ),
    ]
