"""The Operations a test expects at Google, told apart from the ones that never leave meetadmin."""

from __future__ import annotations

from spaces.models import Operation


def google_operations():
    """Operations that go to Google: every one but the role changes a fixture's role grants record."""
    return Operation.objects.exclude(identity_kind=Operation.IdentityKind.NONE)
