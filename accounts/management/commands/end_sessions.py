"""Off-boarding: `manage.py end_sessions --email a@b.com` ends every meetadmin session of that person at once."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.session_limits import sessions_end


class Command(BaseCommand):
    help = (
        "End every session of a person (off-boarding, a lost laptop): each ends at its next request. They can sign "
        "in again while Google lets them; suspend or delete their Google account to stop that."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", required=True, help="the address the person signs in with")

    def handle(self, *args, email: str, **options) -> None:
        people = list(get_user_model().objects.filter(email__iexact=email.strip()).values_list("pk", flat=True))
        if not people:
            raise CommandError(f"Nobody with the address {email} has signed in to meetadmin; there is nothing to end.")
        sessions_end(user_ids=people, reason="IT ended your meetadmin sessions.")
        self.stdout.write(f"Every session of {email.strip()} ends at its next request.")
