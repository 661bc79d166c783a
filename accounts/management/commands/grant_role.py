"""Name the first IT admin (or any role holder) from the command line: `manage.py grant_role it_admin a@b.com`."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import Role, role_grant, role_revoke


class Command(BaseCommand):
    help = "Grant (or with --revoke, take away) the helpdesk or IT admin role of someone who has signed in."

    def add_arguments(self, parser) -> None:
        parser.add_argument("role", choices=[role.value for role in Role])
        parser.add_argument("email")
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args, role: str, email: str, revoke: bool, **options) -> None:
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(
                f"Nobody with the address {email} has signed in yet. Ask them to sign in once, "
                "or name them in INITIAL_IT_ADMINS to make them IT admin at their first sign-in."
            )
        if revoke:
            role_revoke(user=user, role=Role(role), reason="manage.py grant_role --revoke")
            self.stdout.write(f"{user.email} is no longer {Role(role).label}.")
        else:
            role_grant(user=user, role=Role(role), reason="manage.py grant_role")
            self.stdout.write(f"{user.email} is now {Role(role).label}.")
