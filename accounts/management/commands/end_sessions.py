"""Off-boarding: `manage.py end_sessions --email a@b.com` ends every meetadmin session of that person at once."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from accounts.offboarding import NobodyToEnd, os_user, sessions_end_by_it


class Command(BaseCommand):
    help = (
        "End every session of a person (off-boarding, a lost laptop): each ends at its next request. They can sign "
        "in again while Google lets them; suspend or delete their Google account to stop that. The audit log "
        "records who ended whose sessions."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", required=True, help="the address the person signs in with")
        parser.add_argument("--by", default="", help="Who runs this, for the audit log (default: the OS user).")

    def handle(self, *args, email: str, by: str, **options) -> None:
        try:
            sessions_end_by_it(email=email, run_by=by or os_user())
        except NobodyToEnd as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Every session of {email.strip()} ends at its next request.")
