"""The database itself keeps the audit trail: a settled Operation never changes, a write Operation is never deleted.

The only change a settled row may take is the one reconciliation makes: an "outcome unknown" create settled once,
to succeeded or failed. TRUNCATE (test teardown) is not a row delete and is not stopped.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION spaces_operation_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.kind IN ('create', 'patch', 'end_conference', 'members') THEN
            RAISE EXCEPTION 'operation % is part of the audit trail and cannot be deleted', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF OLD.state IN ('queued', 'running') THEN
            RAISE EXCEPTION 'operation % is not settled and cannot be deleted', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.state IN ('succeeded', 'failed') THEN
        RAISE EXCEPTION 'operation % is settled and cannot change', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.state = 'outcome_unknown' AND NEW.state NOT IN ('succeeded', 'failed') THEN
        RAISE EXCEPTION 'operation % can only be settled by reconciliation', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER spaces_operation_guard BEFORE UPDATE OR DELETE ON spaces_operation
    FOR EACH ROW EXECUTE FUNCTION spaces_operation_guard();
"""

DROP = """
DROP TRIGGER IF EXISTS spaces_operation_guard ON spaces_operation;
DROP FUNCTION IF EXISTS spaces_operation_guard();
"""


class Migration(migrations.Migration):
    dependencies = [("spaces", "0001_initial")]
    operations = [migrations.RunSQL(CREATE, DROP)]
