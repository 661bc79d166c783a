"""Off-boarding: IT ends every meetadmin session of a person at once (`manage.py end_sessions`), on the record."""

from __future__ import annotations

import getpass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.session_limits import sessions_end
from spaces.models import Operation

REASON = "IT ended your meetadmin sessions."


class NobodyToEnd(Exception):
    """Nobody with that address has signed in to meetadmin."""


def sessions_end_by_it(*, email: str, run_by: str) -> int:
    """Every session of the people who sign in with `email` ends at its next request, and one audit row names who
    ended whose sessions (a change to meetadmin itself, like a role change: no Google call). Returns how many
    people."""
    email = email.strip()
    with transaction.atomic():
        people = list(get_user_model().objects.filter(email__iexact=email).values_list("pk", flat=True))
        if not people:
            raise NobodyToEnd(f"Nobody with the address {email} has signed in to meetadmin; there is nothing to end.")
        sessions_end(user_ids=people, reason=REASON)
        now = timezone.now()
        Operation.objects.create(
            kind=Operation.Kind.SESSIONS_END,
            state=Operation.State.SUCCEEDED,
            identity_kind=Operation.IdentityKind.NONE,
            identity_email="",
            target=email.lower(),
            params={"run_by": run_by, "user_ids": sorted(people)},
            result_message=f"Every meetadmin session of {email.lower()} ended by {run_by or 'IT'}.",
            started_at=now,
            finished_at=now,
        )
    return len(people)


def os_user() -> str:
    """Who runs a management command, for the audit log, when they do not say (`--by`)."""
    try:
        return f"{getpass.getuser()} (manage.py)"
    except OSError:  # no login name in some containers
        return "manage.py"
