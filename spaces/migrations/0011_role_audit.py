"""Role grants and revokes join the audit trail: two Operation kinds, recorded settled with no Google call, that the
database refuses to delete like every other write (the guard of 0002, with the kinds it protects extended)."""

from django.db import migrations, models

GUARD = """
CREATE OR REPLACE FUNCTION spaces_operation_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.kind IN (%s) THEN
            RAISE EXCEPTION 'operation %% is part of the audit trail and cannot be deleted', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF OLD.state IN ('queued', 'running') THEN
            RAISE EXCEPTION 'operation %% is not settled and cannot be deleted', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.state IN ('succeeded', 'failed') THEN
        RAISE EXCEPTION 'operation %% is settled and cannot change', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.state = 'outcome_unknown' AND NEW.state NOT IN ('succeeded', 'failed') THEN
        RAISE EXCEPTION 'operation %% can only be settled by reconciliation', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;
"""
BEFORE = "'create', 'patch', 'end_conference', 'members', 'relink'"
AFTER = BEFORE + ", 'role_grant', 'role_revoke'"


class Migration(migrations.Migration):

    dependencies = [
        ('spaces', '0010_identity_relink'),
    ]

    operations = [
        migrations.AlterField(
            model_name='operation',
            name='identity_kind',
            field=models.CharField(choices=[('own_grant', 'Own Google grant'), ('delegation', 'Domain-wide delegation'), ('none', 'No Google call')], max_length=20),
        ),
        migrations.AlterField(
            model_name='operation',
            name='kind',
            field=models.CharField(choices=[('create', 'Create a space'), ('refresh', 'Refresh a space'), ('resolve', 'Look up a link or code'), ('patch', 'Change settings'), ('end_conference', 'End the conference'), ('members', 'Change co-hosts'), ('discover', 'Discover spaces'), ('relink', 'Re-link a Google account'), ('role_grant', 'Grant a role'), ('role_revoke', 'Revoke a role')], max_length=20),
        ),
        migrations.RunSQL(GUARD % AFTER, GUARD % BEFORE),
    ]
