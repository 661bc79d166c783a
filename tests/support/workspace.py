"""A small Workspace for the worker and view tests, seeded into the emulator and mirrored in meetadmin.

alice and charlie own spaces, bob is helpdesk, carol is IT admin, dave takes part in calls. meetadmin's Cloud
project is `meetadmin-demo` (the settings' OAuth client and delegation key, as in the demo).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.google_grants import grant_store
from accounts.models import MEET_SCOPES
from accounts.roles import Role, role_grant
from spaces.models import Space

PEOPLE = {
    "alice@example.com": "Alice",
    "bob@example.com": "Bob",
    "carol@example.com": "Carol",
    "charlie@example.com": "Charlie",
    "dave@example.com": "Dave",
    "erin@otherco.test": "Erin",
}
PROJECT = "meetadmin-demo"
OTHER_PROJECT = "other-app"


def seed_document(spaces: list[dict[str, Any]] = (), conferences: list[dict[str, Any]] = ()) -> dict[str, Any]:
    return {
        "users": [{"email": email, "displayName": name} for email, name in PEOPLE.items()],
        "oauthClients": [
            {"clientId": settings.GOOGLE_CLIENT_ID, "clientSecret": settings.GOOGLE_CLIENT_SECRET, "project": PROJECT},
            {"clientId": "other-app.apps.googleusercontent.com", "clientSecret": "other", "project": OTHER_PROJECT},
        ],
        "serviceAccounts": [
            {
                "email": "meetadmin-delegate@meetadmin-demo.iam.gserviceaccount.com",
                "project": PROJECT,
                "keyFile": "demo-service-account.json",
                "delegations": [{"domain": "example.com", "scopes": sorted(MEET_SCOPES.values())}],
            }
        ],
        "spaces": list(spaces),
        "conferences": list(conferences),
    }


def past_conference(space: str, email: str, days_ago: int, minutes: int = 30) -> dict[str, Any]:
    """A conference `days_ago` days back, `minutes` long, with one signed-in participant (a seed document's spec)."""
    return {
        "space": space,
        "startTime": {"daysAgo": days_ago},
        "endTime": {"daysAgo": days_ago, "minutesAgo": -minutes},
        "participants": [{"email": email}],
    }


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


def google_operations():
    """Operations that go to Google: every one but the role changes a fixture's role grants record."""
    from spaces.models import Operation

    return Operation.objects.exclude(identity_kind=Operation.IdentityKind.NONE)


def settled(operation, timeout: float = 30.0):
    """Wait for a real worker to settle the Operation; returns it fresh from the database."""
    from embedded.waiting import wait_for
    from spaces.models import Operation

    def reload():
        fresh = Operation.objects.get(pk=operation.pk)
        return fresh if fresh.is_settled else None

    return wait_for(reload, timeout=timeout, what=f"operation {operation.pk} to settle")


def as_google_sees_it(control, email: str, space_name: str) -> dict[str, Any]:
    """The space as `get` answers its owner right now, read over HTTP like any client would."""
    import requests

    token = control.token(email, settings.GOOGLE_CLIENT_ID, sorted(MEET_SCOPES.values()))["access_token"]
    response = requests.get(
        f"{settings.MEET_API_URL}/v2/{space_name}", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    response.raise_for_status()
    return response.json()


ALL_SCOPES = tuple(MEET_SCOPES.values())


def person(email: str, scopes=ALL_SCOPES):
    """A signed-in person for view tests that need no emulator: a user and a grant (its token is never used)."""
    user = get_user_model().objects.create(username=email, email=email)
    grant_store(
        user=user,
        claims={"sub": email, "email": email, "hd": "example.com"},
        refresh_token="rt",
        scopes=" ".join(scopes),
    )
    return user


def fresh_spaces(owner: str, count: int, prefix: str) -> None:
    """`count` cached spaces of `owner`, read from Google just now (so no page queues a refresh for them)."""
    now = timezone.now()
    Space.objects.bulk_create(
        Space(
            name=f"spaces/{prefix}{number:05d}",
            owner_email=owner,
            meeting_code=f"{prefix.lower()}-aaaa-{number:03d}",
            meeting_code_seen_at=now,
            fetched_at=now,
            label=f"{prefix} {number}",
        )
        for number in range(count)
    )


def end_confirmation(space_id: str, **fields: str) -> dict[str, str]:
    """What the End confirmation form posts: the conference it showed (the cache's live one) and a one-time token."""
    import secrets

    conference = Space.objects.get(pk=f"spaces/{space_id}").active_conference
    return {"conference": conference, "once": secrets.token_urlsafe(24), **fields}
