"""Google accounts refused at sign-in because their address belongs to another person (accounts.identity)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_sessions_valid_after")]

    operations = [
        migrations.CreateModel(
            name="RefusedGoogleAccount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "google_subject",
                    models.CharField(help_text="The refused ID token's `sub`.", max_length=255, unique=True),
                ),
                (
                    "email",
                    models.EmailField(
                        db_index=True, help_text="The refused ID token's verified address.", max_length=254
                    ),
                ),
                ("hosted_domain", models.CharField(blank=True, max_length=255)),
                ("refusals", models.PositiveIntegerField(default=1)),
                ("first_refused_at", models.DateTimeField(auto_now_add=True)),
                ("last_refused_at", models.DateTimeField(auto_now=True)),
            ],
        ),
    ]
