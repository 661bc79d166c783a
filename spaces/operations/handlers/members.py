"""Co-host changes. Idempotent: adding someone already there or removing someone already gone is fine."""

from __future__ import annotations

from contextlib import suppress

import meet_client as meet
from spaces.models import Operation, Space
from spaces.operations.handlers.inventory import members_copy
from spaces.operations.outcome import Outcome


def change_members(operation: Operation, client: meet.MeetClient) -> Outcome:
    space_name = meet.SpaceName.id(operation.space_name)
    present = list(client.list_members(space_name))
    present_emails = {member.email.lower() for member in present if member.email}
    present_names = {member.name for member in present}
    wanted_removed = list(operation.params.get("remove", []))
    emails = dict(zip(wanted_removed, operation.params.get("remove_emails", []), strict=False))
    # Someone already a co-host, or already gone, is nothing to change: no call for them.
    added = [email for email in operation.params.get("add", []) if email not in present_emails]
    removed = [name for name in wanted_removed if name in present_names]
    for email in added:
        # Added by someone else since the list: Google's answer to a duplicate is not documented (409
        # ALREADY_EXISTS, or the member as it is); either way the wanted state holds.
        with suppress(meet.MeetAlreadyExists):
            client.create_member(space_name, email=email, role=meet.MemberRole.COHOST)
    for member_name in removed:
        with suppress(meet.MeetNotFound):  # gone between the list and the delete: the wanted state holds
            client.delete_member(member_name)
    members_copy(client, Space.objects.get(pk=operation.space_name))
    if operation.attempts > 1:
        # A retry: its own first attempt may have done some of it before the worker died. What was asked now
        # holds, so report it as done rather than "nothing to change".
        added = list(operation.params.get("add", []))
        removed = wanted_removed
    removed_shown = [emails.get(name) or _email_of(present, name) or name for name in removed]
    changes = [f"added {', '.join(added)}" if added else "", f"removed {', '.join(removed_shown)}" if removed else ""]
    summary = "; ".join(change for change in changes if change) or "nothing to change"
    return Outcome.done(f"Co-hosts: {summary}.", result={"added": added, "removed": removed_shown})


def _email_of(members: list, name: str) -> str:
    return next((member.email or "" for member in members if member.name == name), "")
