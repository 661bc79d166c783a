"""A copied transcript in the database, as the history copy leaves it, for the transcript page's tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from spaces.models import Artifact, ConferenceRecord, Space, TranscriptEntry

SPEAKERS = ("Alice", "Dave", "")  # "" is a speaker Google named but the copy could not


def copied_transcript(space: Space, entries: int, prefix: str = "t") -> Artifact:
    """A past conference of `space` with one transcript of `entries` entries, ten seconds apart, speakers in turn.

    Entry N says "Line N about the budget" every tenth line, "Line N" otherwise."""
    start = timezone.now() - timedelta(days=40)
    record = ConferenceRecord.objects.create(
        name=f"conferenceRecords/{prefix}rec", space=space, start_time=start, end_time=start + timedelta(hours=2)
    )
    transcript = Artifact.objects.create(
        name=f"{record.name}/transcripts/{prefix}1", record=record, kind=Artifact.Kind.TRANSCRIPT
    )
    TranscriptEntry.objects.bulk_create(
        TranscriptEntry(
            name=f"{transcript.name}/entries/{number:05d}",
            transcript=transcript,
            participant=f"{record.name}/participants/{number % 3}",
            speaker=SPEAKERS[number % 3],
            text=f"Line {number} about the budget" if number % 10 == 0 else f"Line {number}",
            language_code="en-US",
            start_time=start + timedelta(seconds=10 * number),
            end_time=start + timedelta(seconds=10 * number + 9),
        )
        for number in range(entries)
    )
    return transcript
