"""Ending a conference. Idempotent: a conference that is already over counts as ended."""

from __future__ import annotations

from django.utils import timezone

from spaces import meet
from spaces.actions.outcome import Outcome
from spaces.identities import meet_client_for
from spaces.models import ConferenceRecord, Operation, Participant, Space


def end_conference(operation: Operation) -> Outcome:
    client = meet_client_for(operation.identity_kind, operation.identity_email)
    space_name = meet.SpaceName.id(operation.space_id.removeprefix("spaces/"))
    try:
        client.end_active_conference(space_name)
        message = "The conference was ended for everyone."
    except meet.MeetFailedPrecondition:
        # Google's answer when nothing runs: after a retry, or when the call ended by itself meanwhile.
        message = "The conference had already ended."
    now = timezone.now()
    Space.objects.filter(pk=operation.space_id).update(active_conference="", active_participant_count=0)
    conference = operation.params.get("conference", "")
    if conference:
        ConferenceRecord.objects.filter(pk=conference, end_time__isnull=True).update(end_time=now)
        Participant.objects.filter(record_id=conference, latest_end_time__isnull=True).update(latest_end_time=now)
    return Outcome.done(message, result={"conference": operation.params.get("conference", "")})
