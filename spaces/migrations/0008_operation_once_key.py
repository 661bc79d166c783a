"""One Operation per confirmation form: the form's one-time token, unique in PostgreSQL."""

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    dependencies = [("spaces", "0007_space_total")]

    operations = [
        migrations.AddField(
            model_name="operation",
            name="once_key",
            field=models.CharField(
                blank=True,
                help_text="The confirmation form's one-time token: one form, one Operation.",
                max_length=100,
            ),
        ),
        migrations.AddConstraint(
            model_name="operation",
            constraint=models.UniqueConstraint(
                condition=~Q(once_key=""), fields=["once_key"], name="one_operation_per_confirmation"
            ),
        ),
    ]
