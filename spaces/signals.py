"""After a sign-in, fill the person's inventory: Google has no "list my spaces", so discovery runs in a worker."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import receiver

from accounts.models import GoogleGrant
from accounts.signals import grant_stored
from spaces.models import Operation
from spaces.permissions import Identity


@receiver(grant_stored)
def discover_after_sign_in(sender, user, grant: GoogleGrant, **kwargs) -> None:
    from spaces.services import spaces_discover

    if grant.state != GoogleGrant.State.ACTIVE or not grant.has_scope("readonly"):
        return
    with transaction.atomic():
        spaces_discover(actor=user, identity=Identity(Operation.IdentityKind.OWN_GRANT, user.email))
