"""IT's re-link: `manage.py relink_google_account --email a@b.com --confirm-old-account-deleted`.

For a person whose Google account was deleted and made again with the same address (a new `sub`): their sign-in
was refused, and this links them to the new account once IT has confirmed the old one is gone (accounts.identity).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from accounts.identity import RelinkRefused, google_account_relink
from accounts.offboarding import os_user


class Command(BaseCommand):
    help = (
        "Link the meetadmin person with this address to the new Google account that was refused at sign-in, after "
        "confirming in the Google Admin console that their old Google account has been deleted."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", required=True, help="The person's address, as meetadmin knows it.")
        parser.add_argument(
            "--confirm-old-account-deleted",
            action="store_true",
            help="Required: you have checked that the old Google account of this address no longer exists.",
        )
        parser.add_argument(
            "--google-id",
            default="",
            help="The new account's id from the person's refusal page; needed only when several were refused.",
        )
        parser.add_argument("--by", default="", help="Who runs this, for the audit log (default: the OS user).")

    def handle(self, *args, email: str, confirm_old_account_deleted: bool, google_id: str, by: str, **options):
        if not confirm_old_account_deleted:
            raise CommandError(
                "Check in the Google Admin console that the old Google account of this address has been deleted, "
                "then run again with --confirm-old-account-deleted. If the old account still exists, the new one "
                "belongs to someone else and must not be linked."
            )
        try:
            relinked = google_account_relink(email=email, google_subject=google_id.strip(), run_by=by or os_user())
        except RelinkRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{relinked.person.email} is now Google account {relinked.new_subject} "
            f"(was {relinked.old_subject or 'none'}). Their spaces and roles stay; they sign in again to reconnect."
        )
