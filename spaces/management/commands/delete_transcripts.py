"""`manage.py delete_transcripts --all` (or `--space spaces/X`): delete what was copied of transcripts.

Turning COPY_TRANSCRIPTS off stops new copies and keeps what was copied (docs/transcripts.md); this is how an
organisation deletes the copy too. Recordings, transcripts and smart notes stay listed in the history as links.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from meet_client import InvalidSpaceName, SpaceName
from spaces.services.transcripts import transcript_entries_delete


class Command(BaseCommand):
    help = "Delete the copied transcript entries of one space (--space) or of every space (--all)."

    def add_arguments(self, parser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--space", help="the space's id, spaces/ID, or its meeting link")
        which.add_argument("--all", action="store_true", help="every space's copied entries")

    def handle(self, *args, space: str | None, all: bool, **options) -> None:
        space_name = None
        if space is not None:
            try:
                name = SpaceName.parse(space)
            except InvalidSpaceName as problem:
                raise CommandError(str(problem)) from problem
            if name.is_meeting_code:
                raise CommandError("Give the space's id (spaces/ID, as its page shows it): a meeting code can move.")
            space_name = name.name
        deleted = transcript_entries_delete(space_name=space_name)
        where = f"of {space_name}" if space_name else "of every space"
        self.stdout.write(f"Deleted {deleted} copied transcript entr{'y' if deleted == 1 else 'ies'} {where}.")
