"""The people and the two apps' OAuth clients of the Meet client tests (tests/meet): meetadmin's client belongs to
the `meetadmin-test` project, another app's client to `other-app`."""

from __future__ import annotations

CLIENT_ID = "meetadmin-test.apps.googleusercontent.com"
CLIENT_SECRET = "test-client-secret"
PROJECT = "meetadmin-test"
OTHER_CLIENT_ID = "other-app.apps.googleusercontent.com"
OTHER_SECRET = "other-secret"
OTHER_PROJECT = "other-app"
PEOPLE = {
    "alice@example.com": "Alice",
    "bob@example.com": "Bob",
    "charlie@example.com": "Charlie",
    "dave@example.com": "Dave",
    "erin@otherco.test": "Erin",
}
