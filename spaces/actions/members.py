"""Co-host changes. Idempotent: adding someone already there or removing someone already gone is fine."""

from __future__ import annotations

from contextlib import suppress

from spaces import meet
from spaces.actions.inventory import members_copy
from spaces.actions.outcome import Outcome
from spaces.identities import meet_client_for
from spaces.models import Operation, Space


def change_members(operation: Operation) -> Outcome:
    client = meet_client_for(operation.identity_kind, operation.identity_email)
    space_name = meet.SpaceName.id(operation.space_id.removeprefix("spaces/"))
    present = {member.email.lower() for member in client.list_members(space_name) if member.email}
    added = list(operation.params.get("add", []))
    removed = list(operation.params.get("remove", []))
    for email in added:
        if email not in present:
            client.create_member(space_name, email=email, role=meet.MemberRole.COHOST)
    for member_name in removed:
        with suppress(meet.MeetNotFound):  # already gone: the wanted state holds
            client.delete_member(member_name)
    members_copy(client, Space.objects.get(pk=operation.space_id))
    changes = [f"added {', '.join(added)}" if added else "", f"removed {len(removed)}" if removed else ""]
    summary = "; ".join(change for change in changes if change) or "nothing to change"
    return Outcome.done(f"Co-hosts: {summary}.", result={"added": added, "removed": removed})
