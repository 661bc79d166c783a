"""Rows for the query-count tests: each with everything its page shows filled in, related rows included.

A page that reads something per row (an N+1) runs the same queries for 1 row as for 50 only when no row has the
thing it reads; so every row made here has all of it: an owner, a live call, an alias, an actor, a space,
participants and artifacts. The tests compare a page showing 1 row with the same page showing a full page.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.roles import Role, role_grant
from spaces.models import Artifact, BulkImport, ConferenceRecord, Operation, Participant, Space
from tests.support.signed_in_people import person

# How long the short lists are, as the selectors cut them: a full list has this many rows.
RECENT_ACTIONS = 10  # the home page's "Your recent actions" (operations_recent_for)
SPACE_PAGE_LISTS = 10  # a space's page: its last actions and past conferences (operations_for_space, ...)


def listed_spaces(count: int, prefix: str, owner: str = "") -> list[Space]:
    """`count` spaces with every column of a space list filled: label, alias and when it was seen, who can join
    (read as the owner), a live call with people in it, made by meetadmin, read from Google just now.

    Each has its own owner (`{prefix}-owner-N@example.com`) unless `owner` is given. Labels contain "room".
    """
    now = timezone.now()
    return Space.objects.bulk_create(
        Space(
            name=f"spaces/{prefix}{number:05d}",
            owner_email=owner or f"{prefix.lower()}-owner-{number}@example.com",
            label=f"{prefix} room {number}",
            meeting_code=f"{prefix.lower()[:3]:a<3}-room-{number:03d}",
            meeting_uri=f"https://meet.google.com/{prefix.lower()[:3]:a<3}-room-{number:03d}",
            meeting_code_seen_at=now,
            access_type="OPEN",
            config={"accessType": "OPEN"},
            config_seen_at=now,
            members=[{"name": f"spaces/{prefix}{number:05d}/members/1", "email": "dave@example.com"}],
            active_conference=f"conferenceRecords/{prefix}{number:05d}",
            active_participant_count=3,
            made_by_meetadmin=True,
            made_by_checked=True,
            fetched_at=now,
        )
        for number in range(count)
    )


def people_with_roles(count: int, prefix: str) -> list:
    """`count` people who signed in (a user and a Google grant each), each both helpdesk and IT admin."""
    people = [person(f"{prefix.lower()}-{number:03d}@example.com") for number in range(count)]
    for someone in people:
        role_grant(user=someone, role=Role.HELPDESK)
        role_grant(user=someone, role=Role.IT_ADMIN)
    return people


def operations_done(
    count: int,
    prefix: str,
    *,
    kind: str = Operation.Kind.END_CONFERENCE,
    state: str = Operation.State.SUCCEEDED,
    actor=None,
    space: Space | None = None,
) -> list[Operation]:
    """`count` settled Operations with every column of an actions list filled: each by its own person (or `actor`),
    on its own listed space (or `space`), with a reason, a message, settings before and after, a request id."""
    actors = (
        [actor] * count
        if actor is not None
        else [person(f"{prefix.lower()}-actor-{n}@example.com") for n in range(count)]
    )
    spaces = [space] * count if space is not None else listed_spaces(count, prefix)
    now = timezone.now()
    return Operation.objects.bulk_create(
        Operation(
            kind=kind,
            state=state,
            actor=actors[number],
            identity_kind=Operation.IdentityKind.OWN_GRANT,
            identity_email=actors[number].email,
            space=spaces[number],
            target=spaces[number].meeting_code,
            reason=f"{prefix} reason {number}",
            config_before={"accessType": "TRUSTED"},
            config_after={"accessType": "OPEN"},
            result_message=f"{prefix} outcome {number}",
            error_status="PERMISSION_DENIED" if state == Operation.State.FAILED else "",
            attempts=1,
            request_id=f"req-{prefix.lower()}-{number}",
            started_at=now,
            finished_at=now,
        )
        for number in range(count)
    )


def import_failed(job: BulkImport, count: int, prefix: str) -> list[Operation]:
    """`count` people of the bulk import `job` whose discovery failed, each with Google's status and message."""
    now = timezone.now()
    return Operation.objects.bulk_create(
        Operation(
            kind=Operation.Kind.DISCOVER,
            state=Operation.State.FAILED,
            actor_id=job.actor_id,
            identity_kind=Operation.IdentityKind.DELEGATION,
            identity_email=f"{prefix.lower()}-{number}@example.com",
            target=f"{prefix.lower()}-{number}@example.com",
            batch=job.batch,
            result_message=f"{prefix} {number}: Google refused.",
            error_status="PERMISSION_DENIED",
            attempts=1,
            started_at=now,
            finished_at=now,
        )
        for number in range(count)
    )


def conference_history(space: Space, count: int, prefix: str) -> list[ConferenceRecord]:
    """`count` past conferences of `space`, each with two participants and two artifacts (one to open)."""
    start = timezone.now() - timedelta(days=1)
    records = ConferenceRecord.objects.bulk_create(
        ConferenceRecord(
            name=f"conferenceRecords/{prefix}{number:05d}",
            space=space,
            start_time=start - timedelta(hours=number),
            end_time=start - timedelta(hours=number) + timedelta(minutes=30),
        )
        for number in range(count)
    )
    Participant.objects.bulk_create(
        Participant(name=f"{record.name}/participants/{kind}", record=record, kind=kind, display_name=f"{kind} guest")
        for record in records
        for kind in (Participant.Kind.SIGNED_IN, Participant.Kind.ANONYMOUS)
    )
    Artifact.objects.bulk_create(
        artifact
        for record in records
        for artifact in (
            Artifact(
                name=f"{record.name}/recordings/1",
                record=record,
                kind=Artifact.Kind.RECORDING,
                state="FILE_GENERATED",
                export_uri="https://drive.google.com/file/d/1",
            ),
            Artifact(
                name=f"{record.name}/transcripts/1", record=record, kind=Artifact.Kind.TRANSCRIPT, state="STARTED"
            ),
        )
    )
    return records


def people_in_call(space: Space, count: int, prefix: str) -> list[Participant]:
    """`count` more people in the live call of `space` (its `active_conference`, whose record this makes if needed)."""
    record, _ = ConferenceRecord.objects.get_or_create(
        name=space.active_conference, defaults={"space": space, "start_time": timezone.now()}
    )
    return Participant.objects.bulk_create(
        Participant(
            name=f"{record.name}/participants/{prefix}{number}",
            record=record,
            kind=Participant.Kind.SIGNED_IN,
            user=f"users/{prefix}{number}",
            display_name=f"{prefix} {number}",
            earliest_start_time=timezone.now(),
        )
        for number in range(count)
    )
