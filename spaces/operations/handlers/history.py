"""Copying conference history while Google still has it (Google drops records 30 days after a conference ends)."""

from __future__ import annotations

from django.utils import timezone

import meet_client as meet
from spaces.models import Artifact, ConferenceRecord, Participant, Space


def live_participants_copy(client: meet.MeetClient, space: Space, record_name: str) -> int:
    """Copies who is in the call now (one list call) so pages can name them; returns how many there are.

    The space names its running conference's record but not when it started: the record is read once, the first
    time, so that the page never shows a conference without its start (one more call per conference, not per read).
    """
    record, _ = ConferenceRecord.objects.get_or_create(name=record_name, defaults={"space": space})
    if record.start_time is None:
        google_record = client.get_conference_record(record_name)
        record.start_time, record.end_time = google_record.start_time, google_record.end_time
        record.expire_time = google_record.expire_time
        record.save(update_fields=["start_time", "end_time", "expire_time", "copied_at"])
    in_call = list(client.list_participants(record_name, filter=meet.PARTICIPANTS_IN_CALL, page_size=250))
    _participants_upsert(record, in_call)
    # Whoever the copy still shows in the call but Google no longer lists has left.
    record.participants.filter(latest_end_time__isnull=True).exclude(
        name__in=[participant.name for participant in in_call]
    ).update(latest_end_time=record.end_time or timezone.now())
    return len(in_call)


def history_copy(client: meet.MeetClient, record: meet.ConferenceRecord) -> ConferenceRecord | None:
    """Upserts one record with its participants and artifacts; None when its space is not in the cache."""
    if not record.name or not record.space or not Space.objects.filter(pk=record.space).exists():
        return None
    copied, _ = ConferenceRecord.objects.update_or_create(
        name=record.name,
        defaults={
            "space_id": record.space,
            "start_time": record.start_time,
            "end_time": record.end_time,
            "expire_time": record.expire_time,
        },
    )
    _participants_upsert(copied, client.list_participants(record.name, page_size=250))
    artifact_lists = (
        (Artifact.Kind.RECORDING, client.list_recordings(record.name, page_size=100)),
        (Artifact.Kind.TRANSCRIPT, client.list_transcripts(record.name, page_size=100)),
        (Artifact.Kind.SMART_NOTE, client.list_smart_notes(record.name, page_size=100)),
    )
    rows = []
    for kind, artifacts in artifact_lists:
        for artifact in artifacts:
            destination = getattr(artifact, "drive_destination", None) or getattr(artifact, "docs_destination", None)
            rows.append(
                Artifact(
                    name=artifact.name,
                    record=copied,
                    kind=kind,
                    state=str(artifact.state or ""),
                    start_time=artifact.start_time,
                    end_time=artifact.end_time,
                    file=(getattr(destination, "file", None) or getattr(destination, "document", None) or "")
                    if destination
                    else "",
                    export_uri=(destination.export_uri or "") if destination else "",
                )
            )
    _upsert(Artifact, rows)
    return copied


def _participants_upsert(record: ConferenceRecord, participants) -> None:
    _upsert(Participant, [Participant(name=p.name, **_participant_fields(record, p)) for p in participants])


def _upsert(model, rows: list) -> None:
    """One INSERT ... ON CONFLICT for a whole list (a call with 200 people was 400 queries, one pair per person)."""
    rows = list({row.name: row for row in rows}.values())  # PostgreSQL refuses to upsert one row twice at once
    if not rows:
        return
    fields = [field.name for field in model._meta.concrete_fields if not field.primary_key]
    model.objects.bulk_create(rows, update_conflicts=True, unique_fields=["name"], update_fields=fields)


def _participant_fields(record: ConferenceRecord, participant: meet.Participant) -> dict:
    if participant.signedin_user is not None:
        kind, user = Participant.Kind.SIGNED_IN, participant.signedin_user.user or ""
    elif participant.phone_user is not None:
        kind, user = Participant.Kind.PHONE, ""
    else:
        kind, user = Participant.Kind.ANONYMOUS, ""
    return {
        "record": record,
        "kind": kind,
        "user": user,
        "display_name": participant.display_name or "",
        "earliest_start_time": participant.earliest_start_time,
        "latest_end_time": participant.latest_end_time,
    }
