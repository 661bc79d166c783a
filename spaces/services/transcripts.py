"""Deleting copied transcript entries: a deliberate act, never a side effect of turning COPY_TRANSCRIPTS off."""

from __future__ import annotations

from spaces.models import TranscriptEntry


def transcript_entries_delete(*, space_name: str | None = None) -> int:
    """Deletes the copied entries of one space (`spaces/X`), or of every space when None; returns how many."""
    entries = TranscriptEntry.objects.all()
    if space_name is not None:
        entries = entries.filter(transcript__record__space_id=space_name)
    return entries.delete()[0]
