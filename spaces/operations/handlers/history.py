"""Copying conference history while Google still has it (Google drops records 30 days after a conference ends)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

import meet_client as meet
from spaces.models import Artifact, ConferenceRecord, Participant, Space, TranscriptEntry

ENTRIES_PAGE = 100  # Google's largest page of transcript entries (docs/transcripts.md)


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
    participants = list(client.list_participants(record.name, page_size=250))
    _participants_upsert(copied, participants)
    transcripts = list(client.list_transcripts(record.name, page_size=100))
    # Read before this copy marks them: a transcript that had ended when its entries were copied has no new ones.
    complete = set(
        Artifact.objects.filter(
            name__in=[transcript.name for transcript in transcripts],
            state__in=(meet.ArtifactState.ENDED, meet.ArtifactState.FILE_GENERATED),
            entries__isnull=False,
        ).values_list("name", flat=True)
    )
    artifact_lists = (
        (Artifact.Kind.RECORDING, client.list_recordings(record.name, page_size=100)),
        (Artifact.Kind.TRANSCRIPT, transcripts),
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
    if settings.COPY_TRANSCRIPTS:
        speakers = {participant.name: participant.display_name or "" for participant in participants}
        for transcript in transcripts:
            if transcript.name and transcript.name not in complete:
                _entries_copy(client, transcript.name, speakers)
    return copied


def _entries_copy(client: meet.MeetClient, transcript_name: str, speakers: dict[str, str]) -> None:
    """Upserts every entry of one transcript under Google's entry name: a second copy adds no duplicate."""
    rows = [
        TranscriptEntry(
            name=entry.name,
            transcript_id=transcript_name,
            participant=entry.participant or "",
            speaker=speakers.get(entry.participant or "", ""),
            text=entry.text or "",
            language_code=entry.language_code or "",
            start_time=entry.start_time,
            end_time=entry.end_time,
        )
        for entry in client.list_transcript_entries(transcript_name, page_size=ENTRIES_PAGE)
        if entry.name
    ]
    _upsert(TranscriptEntry, rows)


def _participants_upsert(record: ConferenceRecord, participants) -> None:
    _upsert(Participant, [Participant(name=p.name, **_participant_fields(record, p)) for p in participants])


def _upsert(model, rows: list) -> None:
    """One INSERT ... ON CONFLICT for a whole list (a call with 200 people was 400 queries, one pair per person)."""
    rows = list({row.name: row for row in rows}.values())  # PostgreSQL refuses to upsert one row twice at once
    if not rows:
        return
    fields = [field.name for field in model._meta.concrete_fields if not field.primary_key]
    # In batches: a long transcript's thousands of entries would pass PostgreSQL's 65,535 parameters at once.
    model.objects.bulk_create(
        rows, batch_size=1000, update_conflicts=True, unique_fields=["name"], update_fields=fields
    )


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
