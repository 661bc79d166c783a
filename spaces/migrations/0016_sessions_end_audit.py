"""`manage.py end_sessions` is on the audit trail: a kind of its own, and the guard that keeps write kinds rebuilt
with it (spaces/audit_guard.py)."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('spaces', '0015_transcript_entries'),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='operation',
            name='audit_trail_keep_writes',
        ),
        migrations.AlterField(
            model_name='operation',
            name='kind',
            field=models.CharField(choices=[('create', 'Create a space'), ('refresh', 'Refresh a space'), ('resolve', 'Look up a link or code'), ('patch', 'Change settings'), ('end_conference', 'End the conference'), ('members', 'Change co-hosts'), ('discover', 'Discover spaces'), ('relink', 'Re-link a Google account'), ('role_grant', 'Grant a role'), ('role_revoke', 'Revoke a role'), ('sessions_end', "End a person's sessions")], max_length=20),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='operation',
            trigger=pgtrigger.compiler.Trigger(name='audit_trail_keep_writes', sql=pgtrigger.compiler.UpsertTriggerSql(condition="WHEN (OLD.kind IN ('create', 'end_conference', 'members', 'patch', 'relink', 'role_grant', 'role_revoke', 'sessions_end') OR OLD.state IN ('queued', 'running'))", func="IF OLD.kind IN ('create', 'end_conference', 'members', 'patch', 'relink', 'role_grant', 'role_revoke', 'sessions_end') THEN\n    RAISE EXCEPTION 'operation % is part of the audit trail and cannot be deleted', OLD.id USING ERRCODE = 'integrity_constraint_violation';\nEND IF;\n    RAISE EXCEPTION 'operation % is not settled and cannot be deleted', OLD.id USING ERRCODE = 'integrity_constraint_violation';\n", hash='1e26060ccd49211f503569766927d7934f8962d0', operation='DELETE', pgid='pgtrigger_audit_trail_keep_writes_63873', table='spaces_operation', when='BEFORE')),
        ),
    ]
