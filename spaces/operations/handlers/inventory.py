"""Where spaces come from and how they stay true: create, resolve a pasted link, refresh, discover."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

import meet_client as meet
from spaces.meet_clients import meet_client_for
from spaces.models import Operation, Space
from spaces.operations.handlers.history import history_copy, live_participants_copy
from spaces.operations.outcome import Outcome
from spaces.permissions import Action, decide
from spaces.quota_buckets import QuotaWaitTooLong
from spaces.space_cache import space_file

REQUEST_SENT = "request_sent_at"


def create_sent_before(operation: Operation) -> Outcome | None:
    """Never re-sent blindly: `spaces.create` is not idempotent, and a second send makes a second space.

    The row says the request is about to go out before it does. If that mark is found on a later attempt (a
    worker died, or the answer was lost), the outcome is unknown and reconciliation settles it later. Told from the
    row alone, before any Meet client is built, so a lost grant cannot turn "maybe created" into "failed".
    """
    if operation.kind == Operation.Kind.CREATE and operation.result.get(REQUEST_SENT):
        return Outcome.unknown(_UNKNOWN_CREATE, result=operation.result)
    return None


def create(operation: Operation, client: meet.MeetClient) -> Outcome:
    config = meet.SpaceConfig.from_json(operation.params.get("config") or {})
    sent = {REQUEST_SENT: timezone.now().isoformat()}
    Operation.objects.filter(pk=operation.pk).update(result=sent)
    try:
        record = client.create_space(config)
    except (
        meet.MeetResourceExhausted,
        meet.MeetCredentialsError,
        meet.MeetInvalidArgument,
        meet.MeetPermissionDenied,
        meet.MeetUnauthenticated,
        QuotaWaitTooLong,
    ):
        # Refused before anything was created (pacing, quota, credentials, a bad request): safe to send again.
        Operation.objects.filter(pk=operation.pk).update(result={})
        raise
    except meet.MeetError:
        return Outcome.unknown(_UNKNOWN_CREATE, result=sent)
    with transaction.atomic():
        space = space_file(
            record=record, seen_at=timezone.now(), caller_email=operation.identity_email, made_by_meetadmin=True
        )
        label = operation.params.get("label", "")
        if label:
            Space.objects.filter(pk=space.pk).update(label=label)
    return Outcome.done(
        f"Created {record.meeting_code or record.name}.",
        space=space,
        config_after=record.config.to_json() if record.config else {},
        result={**sent, "space": record.name},
    )


_UNKNOWN_CREATE = (
    "The create request may have reached Google, but its answer was lost. meetadmin does not send it again "
    "(that could make a second space); the next discovery run settles it."
)


def refresh(operation: Operation, client: meet.MeetClient) -> Outcome:
    record = client.get_space(meet.SpaceName.id(operation.space_name))
    return _file(client, operation, record, "Refreshed from Google.")


def resolve(operation: Operation, client: meet.MeetClient) -> Outcome:
    """A lookup by code always asks Google and files the answer under the id Google returns."""
    name = meet.SpaceName.parse(operation.params["name"])
    try:
        record = client.get_space(name)
    except meet.MeetPermissionDenied:
        if name.is_meeting_code:
            # The code no longer resolves (expired, or never existed): no cached space may keep showing it.
            Space.objects.filter(meeting_code=meet.space_id_of(name.name)).update(
                meeting_code="", meeting_code_seen_at=None, meeting_uri=""
            )
        raise
    owner = Space.objects.filter(pk=record.name).values_list("owner_email", flat=True).first()
    if record.config is not None:
        message = "Found it; you own this space."
    elif owner and _may_see(operation, Space(name=record.name, owner_email=owner)):
        message = f"Found it: {owner}'s space."
    elif owner:
        # Who owns a space is told only to those who may see it (spaces.permissions): the code is no key to it.
        message = "Found it. It is another person's space, which meetadmin shows only to its owner and to helpdesk."
    else:
        # Google shows settings, and so ownership, only to the owner; say what that means for the person asking.
        message = (
            "Found it. Google does not say who owns it, and its owner has not used meetadmin with it yet, so "
            "meetadmin cannot act on it for them."
        )
    return _file(client, operation, record, message)


def _may_see(operation: Operation, space: Space) -> bool:
    return operation.actor is not None and decide(operation.actor, space, Action.VIEW).allowed


def discover(operation: Operation, client: meet.MeetClient) -> Outcome:
    """Google has no "list my spaces": a person's conference records reveal the spaces they used."""
    records_by_space: dict[str, list[meet.ConferenceRecord]] = {}
    for record in client.list_conference_records(page_size=100):
        if record.space:
            records_by_space.setdefault(record.space, []).append(record)
    owned, found_new = 0, []
    for space_name, records in records_by_space.items():
        try:
            space_record = client.get_space(meet.SpaceName.id(space_name))
        except meet.MeetPermissionDenied:
            continue
        if space_record.config is None:
            continue  # they took part but do not own it
        existed = Space.objects.filter(pk=space_name).exists()
        _file(client, operation, space_record, "")
        owned += 1
        if not existed:
            found_new.append(space_name)
        for record in records:
            history_copy(client, record)
    reconciled = creates_reconcile(operation.identity_email, found_new)
    settled_note = f" Settled {_count(reconciled, 'create')} whose answer had been lost." if reconciled else ""
    return Outcome.done(
        f"Found {_count(owned, 'space')} {operation.identity_email} owns in their past meetings "
        f"({len(found_new)} new).{settled_note}",
        result={"owned": owned, "new": len(found_new), "reconciled": reconciled},
    )


def creates_reconcile(identity_email: str, new_spaces: list[str]) -> int:
    """Settle creates whose answer was lost: Google's only trace of them is a space that later shows up.

    A space this person owns that discovery finds for the first time is matched to their oldest unsettled create;
    a create that no space has matched within RECONCILE_CREATES_AFTER_SECONDS is settled as failed, so an
    "outcome unknown" never stays forever. Each is settled once (the audit-trail trigger allows only that).
    """
    unknown = list(
        Operation.objects.filter(
            kind=Operation.Kind.CREATE, state=Operation.State.OUTCOME_UNKNOWN, identity_email=identity_email.lower()
        ).order_by("created_at")
    )
    settled = 0
    now = timezone.now()
    for create_operation, space_name in zip(unknown, new_spaces, strict=False):
        Space.objects.filter(pk=space_name).update(made_by_meetadmin=True)
        Operation.objects.filter(pk=create_operation.pk, state=Operation.State.OUTCOME_UNKNOWN).update(
            state=Operation.State.SUCCEEDED,
            space_name=space_name,
            finished_at=now,
            result_message=f"Reconciled: discovery found {space_name}, the space this request created.",
        )
        settled += 1
    give_up_before = now - timedelta(seconds=settings.RECONCILE_CREATES_AFTER_SECONDS)
    for create_operation in unknown[len(new_spaces) :]:
        if create_operation.created_at < give_up_before:
            Operation.objects.filter(pk=create_operation.pk, state=Operation.State.OUTCOME_UNKNOWN).update(
                state=Operation.State.FAILED,
                finished_at=now,
                result_message="Reconciled: no space from this request appeared, so Google most likely did not "
                "create one. Create it again if you still need it.",
            )
            settled += 1
    return settled


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _file(client: meet.MeetClient, operation: Operation, record: meet.Space, message: str) -> Outcome:
    space = space_file(record=record, seen_at=timezone.now(), caller_email=operation.identity_email)
    live = record.active_conference.conference_record if record.active_conference else None
    if live:
        space.active_participant_count = live_participants_copy(client, space, live)
        Space.objects.filter(pk=space.pk).update(active_participant_count=space.active_participant_count)
    if record.config is not None:
        if operation.actor_id is not None and operation.kind != Operation.Kind.DISCOVER:
            # Co-hosts cost a second read: only when a person asked, not for the schedule's or a page's upkeep.
            members_copy(client, space)
        if not space.made_by_checked:
            space.made_by_meetadmin = _check_made_by_meetadmin(operation, space)
    return Outcome.done(message, space=space, result={"space": space.name})


def members_copy(client: meet.MeetClient, space: Space) -> None:
    """Co-hosts, read as the owner (the only one Google shows them to). Without a scope that reads members (the
    person declined it), the list stays as it was rather than failing the whole refresh."""
    try:
        members = [
            {"name": member.name, "email": member.email or "", "role": str(member.role or "")}
            for member in client.list_members(meet.SpaceName.id(space.space_id), page_size=500)
        ]
    except (meet.MeetPermissionDenied, QuotaWaitTooLong):
        return  # optional: the list stays as it was, rather than redoing the whole action
    Space.objects.filter(pk=space.pk).update(members=members)
    space.members = members


def _check_made_by_meetadmin(operation: Operation, space: Space) -> bool:
    """Google has no "creator" field, but `meetings.space.created` alone reaches only the spaces that the same
    Cloud project created. The owner's `get` with a token narrowed to that scope tells, once and for good."""
    try:
        # A second client on purpose: a token narrowed to that one scope, which the Operation's own client is not.
        narrowed = meet_client_for(operation.identity_kind, operation.identity_email, scopes=(meet.SCOPE_CREATED,))
        narrowed.get_space(meet.SpaceName.id(space.space_id))
        made_here = True
    except meet.MeetScopeInsufficient:
        return space.made_by_meetadmin  # this person did not grant that scope: nothing can be told
    except meet.MeetPermissionDenied:
        made_here = False
    except (meet.MeetCredentialsError, QuotaWaitTooLong):
        return space.made_by_meetadmin  # tried again on a later read
    made_here = made_here or space.made_by_meetadmin
    Space.objects.filter(pk=space.pk).update(made_by_meetadmin=made_here, made_by_checked=True)
    return made_here
