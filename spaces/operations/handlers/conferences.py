"""Ending a conference: only the one the person confirmed, and a retry tells the truth about what happened.

Google has no conditional end ("end conference X"): `endActiveConference` ends whatever runs now. So the worker
reads the space first, as the same identity, and ends only if the active conference is still the one bound to the
Operation when it was confirmed. What remains is the time between that `get` and the end call (one round trip,
tens of milliseconds): a call that ends and a new one that starts within that window could still be ended.
"""

from __future__ import annotations

from django.utils import timezone

import meet_client as meet
from spaces.models import ConferenceRecord, Operation, Participant, Space
from spaces.operations.outcome import Outcome

ENDED = "The conference was ended for everyone."
ALREADY_ENDED = "The conference had already ended."
NEW_ONE_RUNNING = "That call had already ended; a new one is running, and nothing was ended."


def end_conference(operation: Operation, client: meet.MeetClient) -> Outcome:
    space_name = meet.SpaceName.id(operation.space_name)
    bound = operation.params.get("conference", "")
    active = client.get_space(space_name).active_conference
    running = (active.conference_record or "") if active else ""
    if bound and running != bound:
        # Not the call that was confirmed: either ours ended it on an attempt that died, or it ended by itself.
        message = ENDED if _ended_by_us(client, operation, bound) else ALREADY_ENDED
        if running and message == ALREADY_ENDED:
            message = NEW_ONE_RUNNING
        _ended_in_cache(operation, bound, keep_live=running)
        return Outcome.done(message, result={"conference": bound, "running": running, "ended": False})
    if not running:
        _ended_in_cache(operation, bound, keep_live="")
        return Outcome.done(ALREADY_ENDED, result={"conference": bound, "ended": False})
    try:
        client.end_active_conference(space_name)
        message = ENDED
    except meet.MeetFailedPrecondition:
        # It ended by itself between the read and the end call.
        message = ALREADY_ENDED
    _ended_in_cache(operation, bound, keep_live="")
    return Outcome.done(message, result={"conference": bound, "ended": message == ENDED})


def _ended_by_us(client, operation: Operation, bound: str) -> bool:
    """A retry that finds its conference over: did this Operation's own first attempt end it? Its record's end time,
    read from Google, falls after the first attempt began (started_at) only if so, or if it ended by itself while
    that attempt was at Google, which the person cannot tell apart from it either."""
    if operation.attempts <= 1 or operation.started_at is None:
        return False
    try:
        record = client.get_conference_record(bound)
    except meet.MeetError:
        return False
    return record.end_time is not None and record.end_time >= operation.started_at


def _ended_in_cache(operation: Operation, conference: str, *, keep_live: str) -> None:
    now = timezone.now()
    if not keep_live:
        Space.objects.filter(pk=operation.space_name).update(active_conference="", active_participant_count=0)
    if conference:
        ConferenceRecord.objects.filter(pk=conference, end_time__isnull=True).update(end_time=now)
        Participant.objects.filter(record_id=conference, latest_end_time__isnull=True).update(latest_end_time=now)
