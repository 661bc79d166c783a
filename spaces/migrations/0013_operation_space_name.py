"""`Operation.space_id` held Google's resource name (`spaces/X`) while `Space.space_id` meant the bare `X`: the
Operation's column becomes `space_name`, Google's word for `spaces/X`, and the relation to the cached space is
joined on it.

Only the column's name changes in the database (its indexes and the partial unique constraint follow it, and a
rename rewrites no row, so the audit trail's UPDATE guard is not involved); the rest is the model state: the foreign
key becomes a plain column plus a relation without a column of its own.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q

RENAME = "ALTER TABLE spaces_operation RENAME COLUMN space_id TO space_name"
RENAME_BACK = "ALTER TABLE spaces_operation RENAME COLUMN space_name TO space_id"


class Migration(migrations.Migration):
    dependencies = [
        ("spaces", "0012_audit_guard_pgtrigger"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(RENAME, RENAME_BACK)],
            state_operations=[
                migrations.RemoveConstraint(model_name="operation", name="one_refresh_in_flight_per_space"),
                migrations.RemoveIndex(model_name="operation", name="operation_space_recent"),
                migrations.RemoveField(model_name="operation", name="space"),
                migrations.AddField(
                    model_name="operation",
                    name="space_name",
                    field=models.CharField(
                        blank=True,
                        db_index=True,
                        help_text="spaces/{space}: the space it acted on.",
                        max_length=200,
                        null=True,
                    ),
                ),
                migrations.AddField(
                    model_name="operation",
                    name="space",
                    field=models.ForeignObject(
                        blank=True,
                        from_fields=["space_name"],
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="operations",
                        to="spaces.space",
                        to_fields=["name"],
                    ),
                ),
                migrations.AddIndex(
                    model_name="operation",
                    index=models.Index(fields=["space_name", "-created_at"], name="operation_space_recent"),
                ),
                migrations.AddConstraint(
                    model_name="operation",
                    constraint=models.UniqueConstraint(
                        condition=Q(("kind", "refresh"), ("state__in", ["queued", "running"])),
                        fields=("space_name", "kind"),
                        name="one_refresh_in_flight_per_space",
                    ),
                ),
            ],
        ),
    ]
