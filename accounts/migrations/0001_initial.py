import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="GoogleGrant",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("google_subject", models.CharField(help_text="The ID token's `sub`.", max_length=255, unique=True)),
                ("email", models.EmailField(max_length=254)),
                ("hosted_domain", models.CharField(help_text="The ID token's `hd` claim.", max_length=255)),
                ("refresh_token_ciphertext", models.BinaryField(editable=False)),
                ("scopes", models.JSONField(default=list, help_text="Scopes Google says were granted.")),
                (
                    "state",
                    models.CharField(
                        choices=[("active", "Active"), ("needs_reconnect", "Needs reconnect")],
                        default="active",
                        max_length=20,
                    ),
                ),
                ("state_reason", models.CharField(blank=True, max_length=255)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="google_grant",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
    ]
