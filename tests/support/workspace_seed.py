"""The seed document of a small Workspace for the worker and view tests (people sign in with signed_in_people.py).

alice and charlie own spaces, bob is helpdesk, carol is IT admin, dave takes part in calls. meetadmin's Cloud
project is `meetadmin-demo` (the settings' OAuth client and delegation key, as in the demo).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from accounts.models import MEET_SCOPES

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
