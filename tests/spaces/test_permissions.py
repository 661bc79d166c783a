"""Every role × action × ownership case of the one permission function, and which identity each call runs as.

alice owns spaces, charlie is another owner, bob is helpdesk, carol is IT admin. Delegation (the emulator's demo
service account, same project as the OAuth client) is configured for example.com unless a test says otherwise.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from accounts.google_grants import grant_store
from accounts.models import MEET_SCOPES, AccessCheck
from accounts.roles import Role, role_grant
from spaces.models import Space
from spaces.permissions import Action, decide, get_space_for

OWN, DELEGATED, NONE, HIDDEN = "own_grant", "delegation", "refused", "hidden"

SPACES = {
    "alice_here": dict(owner_email="alice@example.com", made_by_meetadmin=True),
    "alice_elsewhere": dict(owner_email="alice@example.com", made_by_meetadmin=False),
    "unknown_owner": dict(owner_email="", made_by_meetadmin=True),
    "outsider_here": dict(owner_email="erin@otherco.test", made_by_meetadmin=True),
}

CASES = [
    # person, space, action, expected
    ("alice", "alice_here", Action.VIEW, "allowed"),
    ("alice", "alice_here", Action.EDIT_LABEL, "allowed"),
    ("alice", "alice_here", Action.REFRESH, OWN),
    ("alice", "alice_here", Action.EDIT_SETTINGS, OWN),
    ("alice", "alice_here", Action.END_CONFERENCE, OWN),
    ("alice", "alice_here", Action.MANAGE_MEMBERS, OWN),
    ("alice", "alice_elsewhere", Action.EDIT_SETTINGS, OWN),
    ("alice", "alice_elsewhere", Action.END_CONFERENCE, NONE),
    ("alice", "alice_elsewhere", Action.MANAGE_MEMBERS, NONE),
    ("alice", "unknown_owner", Action.VIEW, HIDDEN),
    ("charlie", "alice_here", Action.VIEW, HIDDEN),
    ("charlie", "alice_here", Action.REFRESH, HIDDEN),
    ("charlie", "alice_here", Action.EDIT_SETTINGS, HIDDEN),
    ("charlie", "alice_here", Action.END_CONFERENCE, HIDDEN),
    ("charlie", "alice_elsewhere", Action.END_CONFERENCE, HIDDEN),
    ("bob", "alice_here", Action.VIEW, "allowed"),
    ("bob", "alice_here", Action.EDIT_LABEL, NONE),
    ("bob", "alice_here", Action.REFRESH, DELEGATED),
    ("bob", "alice_here", Action.END_CONFERENCE, DELEGATED),
    ("bob", "alice_here", Action.EDIT_SETTINGS, NONE),
    ("bob", "alice_here", Action.MANAGE_MEMBERS, NONE),
    ("bob", "alice_elsewhere", Action.END_CONFERENCE, NONE),
    ("bob", "unknown_owner", Action.VIEW, "allowed"),
    ("bob", "unknown_owner", Action.END_CONFERENCE, NONE),
    ("bob", "unknown_owner", Action.REFRESH, OWN),
    ("bob", "outsider_here", Action.END_CONFERENCE, NONE),
    ("carol", "alice_here", Action.EDIT_LABEL, "allowed"),
    ("carol", "alice_here", Action.EDIT_SETTINGS, DELEGATED),
    ("carol", "alice_here", Action.END_CONFERENCE, DELEGATED),
    ("carol", "alice_here", Action.MANAGE_MEMBERS, DELEGATED),
    ("carol", "alice_elsewhere", Action.EDIT_SETTINGS, DELEGATED),
    ("carol", "alice_elsewhere", Action.END_CONFERENCE, NONE),
    ("carol", "alice_elsewhere", Action.MANAGE_MEMBERS, NONE),
    ("carol", "unknown_owner", Action.EDIT_SETTINGS, NONE),
    # What people said: the owner and IT admins, whoever made the space; helpdesk is told no, others see nothing.
    ("alice", "alice_elsewhere", Action.READ_TRANSCRIPT, "allowed"),
    ("charlie", "alice_here", Action.READ_TRANSCRIPT, HIDDEN),
    ("bob", "alice_here", Action.READ_TRANSCRIPT, NONE),
    ("carol", "alice_elsewhere", Action.READ_TRANSCRIPT, "allowed"),
    ("carol", "unknown_owner", Action.READ_TRANSCRIPT, "allowed"),
]


@pytest.fixture
def people(db):
    User = get_user_model()
    people = {
        name: User.objects.create(username=name, email=f"{name}@example.com")
        for name in ("alice", "bob", "carol", "charlie")
    }
    role_grant(user=people["bob"], role=Role.HELPDESK)
    role_grant(user=people["carol"], role=Role.IT_ADMIN)
    for person in people.values():
        grant_store(
            user=person,
            claims={"sub": person.username, "email": person.email, "hd": "example.com"},
            refresh_token="rt",
            scopes=" ".join(MEET_SCOPES.values()),
        )
        AccessCheck.objects.create(user=person, google_checked_at=timezone.now())  # as their sign-in left it
    return {name: User.objects.get(pk=person.pk) for name, person in people.items()}


@pytest.fixture
def spaces(db):
    return {key: Space.objects.create(name=f"spaces/{key}", **fields) for key, fields in SPACES.items()}


@pytest.fixture(autouse=True)
def _delegation(settings):
    settings.GOOGLE_SERVICE_ACCOUNT_KEY_FILE = "google_emulator/seeds/demo-service-account.json"
    settings.GOOGLE_SERVICE_ACCOUNT_KEY_JSON = ""
    settings.GOOGLE_DELEGATION_DOMAIN = "example.com"
    settings.GOOGLE_CLOUD_PROJECT = "meetadmin-demo"


def _outcome(decision) -> str:
    if not decision.visible:
        return HIDDEN
    if not decision.allowed:
        assert decision.reason, "a refusal always says why"
        return NONE
    return decision.identity.kind.value if decision.identity else "allowed"


@pytest.mark.parametrize(("person", "space", "action", "expected"), CASES)
def test_permission_table(people, spaces, person, space, action, expected):
    decision = decide(people[person], spaces[space], action)
    assert _outcome(decision) == expected
    if expected == DELEGATED:
        assert decision.identity.email == spaces[space].owner_email


def test_without_delegation_staff_actions_are_not_offered_and_say_why(people, spaces, settings):
    settings.GOOGLE_DELEGATION_DOMAIN = ""
    decision = decide(people["bob"], spaces["alice_here"], Action.END_CONFERENCE)
    assert not decision.allowed
    assert "delegation, which is not configured" in decision.reason
    # Reading stays possible, as bob himself: Google gives anybody the bare space.
    assert decide(people["bob"], spaces["alice_here"], Action.REFRESH).identity.email == "bob@example.com"


def test_a_service_account_of_another_project_cannot_end_conferences(people, spaces, settings):
    settings.GOOGLE_CLOUD_PROJECT = "some-other-project"
    decision = decide(people["bob"], spaces["alice_here"], Action.END_CONFERENCE)
    assert not decision.allowed
    assert "another Google Cloud project" in decision.reason
    assert decide(people["carol"], spaces["alice_elsewhere"], Action.EDIT_SETTINGS).allowed


def test_an_owner_who_declined_the_created_scope_is_told_so(people, spaces):
    grant_store(
        user=people["alice"],
        claims={"sub": "alice", "email": "alice@example.com", "hd": "example.com"},
        refresh_token="rt",
        scopes=MEET_SCOPES["settings"],
    )
    alice = get_user_model().objects.get(pk=people["alice"].pk)
    assert "declined the Google permission" in decide(alice, spaces["alice_here"], Action.END_CONFERENCE).reason
    assert decide(alice, spaces["alice_here"], Action.EDIT_SETTINGS).allowed


def test_views_get_404_for_what_they_may_not_see_and_403_for_what_they_may_not_do(people, spaces):
    with pytest.raises(Http404):
        get_space_for(people["charlie"], "spaces/alice_here", Action.VIEW)
    with pytest.raises(Http404):
        get_space_for(people["alice"], "spaces/ALICE_HERE", Action.VIEW)  # ids are case-sensitive
    with pytest.raises(PermissionDenied):
        get_space_for(people["bob"], "spaces/alice_here", Action.EDIT_SETTINGS)
    space, decision = get_space_for(people["bob"], "spaces/alice_here", Action.END_CONFERENCE)
    assert space.name == "spaces/alice_here"
    assert str(decision.identity) == "alice@example.com (through domain-wide delegation)"
