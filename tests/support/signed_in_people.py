"""People who have signed in, as meetadmin's database holds them: a user and their Google grant."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.google_grants import grant_store
from accounts.models import MEET_SCOPES
from accounts.roles import Role, role_grant

ALL_SCOPES = tuple(MEET_SCOPES.values())


def sign_in(control, email: str, *, scopes: list[str] | None = None, role: Role | None = None):
    """What a Google sign-in leaves behind: the user, and their grant with a real refresh token from the emulator."""
    user, _ = get_user_model().objects.get_or_create(username=email, defaults={"email": email})
    granted = scopes if scopes is not None else sorted(MEET_SCOPES.values())
    tokens = control.token(email, settings.GOOGLE_CLIENT_ID, ["openid", "email", *granted])
    grant_store(
        user=user,
        claims={"sub": f"sub-{email}", "email": email, "email_verified": True, "hd": email.rpartition("@")[2]},
        refresh_token=tokens["refresh_token"],
        scopes=" ".join(granted),
    )
    if role is not None:
        role_grant(user=user, role=role)
    return get_user_model().objects.get(pk=user.pk)


def person(email: str, scopes=ALL_SCOPES, *, role: Role | None = None):
    """A signed-in person for view tests that need no emulator: a user and a grant (its token is never used), and
    the role, if any, granted as the roles page grants it."""
    user = get_user_model().objects.create(username=email, email=email)
    grant_store(
        user=user,
        claims={"sub": email, "email": email, "hd": "example.com"},
        refresh_token="rt",
        scopes=" ".join(scopes),
    )
    if role is not None:
        role_grant(user=user, role=role)
    return user
