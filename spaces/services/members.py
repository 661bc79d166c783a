"""Adding and removing co-hosts (the Member resource, role COHOST)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from spaces.models import Operation, Space
from spaces.operations.queue import operation_queue
from spaces.permissions import Identity


def members_change(
    *,
    space: Space,
    actor: AbstractBaseUser,
    identity: Identity,
    add: list[str] = (),
    remove: list[str] = (),
    remove_emails: list[str] = (),
) -> Operation:
    """`add` are e-mail addresses; `remove` are member resource names (`spaces/{space}/members/{member}`), and
    `remove_emails` their addresses as the cache knew them, so the audit row names whom it removed."""
    added = sorted({email.strip().lower() for email in add if email.strip()})
    removed = [email.lower() for email in remove_emails]
    return operation_queue(
        kind=Operation.Kind.MEMBERS,
        identity=identity,
        actor=actor,
        space=space,
        # Whom, in the audit's words: "add dave@example.com; remove erin@example.com".
        target="; ".join(
            f"{verb} {', '.join(emails)}" for verb, emails in (("add", added), ("remove", removed)) if emails
        )
        or space.name,
        params={"add": added, "remove": list(remove), "remove_emails": removed},
    )
