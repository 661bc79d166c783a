"""Re-encrypt every stored refresh token under the first key of TOKEN_ENCRYPTION_KEYS."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import crypto
from accounts.models import GoogleGrant


class Command(BaseCommand):
    help = "Re-encrypt every Google grant under the newest key; afterwards the old keys can be dropped."

    def handle(self, *args, **options) -> None:
        rotated = 0
        with transaction.atomic():
            for grant in GoogleGrant.objects.select_for_update().only("pk", "refresh_token_ciphertext"):
                grant.refresh_token_ciphertext = crypto.cipher().rotate(bytes(grant.refresh_token_ciphertext))
                grant.save(update_fields=["refresh_token_ciphertext"])
                rotated += 1
        self.stdout.write(f"Re-encrypted {rotated} grant(s) under the newest key.")
