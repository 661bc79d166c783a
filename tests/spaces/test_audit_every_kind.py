"""Every change a person makes is one audit row that names what it was done to: each Operation kind is either a read
or in the audit trail, and each kind in the trail exports a non-empty target. Role grants and revokes are changes
like any other: who, on whom, the roles before and after."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

import meet_client as meet
from accounts.identity import google_account_relink
from accounts.models import RefusedGoogleAccount
from accounts.offboarding import sessions_end_by_it
from accounts.roles import Role, role_grant
from spaces import services
from spaces.models import Operation
from spaces.permissions import Identity
from tests.support.cached_spaces import alices_live_space
from tests.support.signed_in_people import person

pytestmark = pytest.mark.django_db

READS = {Operation.Kind.REFRESH, Operation.Kind.RESOLVE, Operation.Kind.DISCOVER}  # nothing changes: no audit row


@pytest.fixture
def roles_and_space(client):
    alice, charlie, carol = person("alice@example.com"), person("charlie@example.com"), person("carol@example.com")
    role_grant(user=carol, role=Role.IT_ADMIN, reason="the test's first IT admin")
    space = alices_live_space(
        "AliceLive001",
        config={"accessType": "OPEN"},
        members=[{"name": "spaces/AliceLive001/members/m1", "email": "erin@example.com", "role": "COHOST"}],
    )
    client.force_login(carol)
    return {"alice": alice, "charlie": charlie, "carol": carol, "space": space, "client": client}


def own(user) -> Identity:
    return Identity(Operation.IdentityKind.OWN_GRANT, user.email)


def relink(roles_and_space) -> None:
    """charlie's address came back as a new Google account, refused at sign-in; IT re-links him to it."""
    RefusedGoogleAccount.objects.create(google_subject="charlie-new-sub", email=roles_and_space["charlie"].email)
    google_account_relink(email=roles_and_space["charlie"].email, run_by="carol@example.com")


def role_change(roles_and_space, change: str) -> None:
    url = reverse("roles:change", args=[roles_and_space["charlie"].pk])
    roles_and_space["client"].post(url, {"role": Role.HELPDESK.value, "change": change})


# One way to make each kind of change, as the product makes it (services, or the roles page).
MAKE = {
    Operation.Kind.CREATE: lambda w: services.space_create(
        actor=w["alice"], identity=own(w["alice"]), config=meet.SpaceConfig.from_json({}), label="Standup"
    ),
    Operation.Kind.PATCH: lambda w: services.space_settings_change(
        space=w["space"],
        actor=w["alice"],
        identity=own(w["alice"]),
        wanted=meet.SpaceConfig.from_json({"accessType": "RESTRICTED"}),
    ),
    Operation.Kind.END_CONFERENCE: lambda w: services.conference_end(
        space=w["space"], actor=w["alice"], identity=own(w["alice"]), reason="ticket 42"
    ),
    Operation.Kind.MEMBERS: lambda w: services.members_change(
        space=w["space"],
        actor=w["alice"],
        identity=own(w["alice"]),
        add=["dave@example.com"],
        remove=["spaces/AliceLive001/members/m1"],
        remove_emails=["erin@example.com"],
    ),
    Operation.Kind.RELINK: relink,
    Operation.Kind.ROLE_GRANT: lambda w: role_change(w, "grant"),
    Operation.Kind.ROLE_REVOKE: lambda w: role_change(w, "revoke"),
    Operation.Kind.SESSIONS_END: lambda w: sessions_end_by_it(email=w["charlie"].email, run_by="carol@example.com"),
}


def test_every_kind_is_a_read_or_part_of_the_audit_trail():
    assert set(Operation.Kind) == set(Operation.WRITE_KINDS) | READS
    assert not READS & Operation.WRITE_KINDS


def test_every_kind_in_the_audit_exports_what_it_was_done_to(roles_and_space):
    assert set(MAKE) == set(Operation.WRITE_KINDS), "a new kind of change needs a row here"
    for make in MAKE.values():
        make(roles_and_space)
    response = roles_and_space["client"].get(reverse("spaces:audit"), {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    labels = {Operation.Kind(kind).label for kind in MAKE}
    assert labels <= {row["action"] for row in rows}
    for row in rows:
        assert row["target"], row
    targets = {row["action"]: row["target"] for row in rows if row["person"] != "meetadmin"}
    assert targets == {
        "Create a space": "a new space “Standup”",
        "Change settings": "config.accessType",
        "End the conference": "conferenceRecords/r1",
        "Change co-hosts": "add dave@example.com; remove erin@example.com",
        "Grant a role": "charlie@example.com",
        "Revoke a role": "charlie@example.com",
    }


def test_a_role_change_says_who_on_whom_before_and_after_once(roles_and_space):
    role_change(roles_and_space, "grant")
    role_change(roles_and_space, "grant")  # already helpdesk: nothing changes, nothing is recorded
    role_change(roles_and_space, "revoke")
    grant, revoke = Operation.objects.filter(target="charlie@example.com").order_by("pk")
    assert (grant.kind, grant.actor, grant.state) == (Operation.Kind.ROLE_GRANT, roles_and_space["carol"], "succeeded")
    assert (grant.config_before, grant.config_after) == ({"roles": []}, {"roles": ["helpdesk"]})
    assert (revoke.kind, revoke.config_before, revoke.config_after) == (
        Operation.Kind.ROLE_REVOKE,
        {"roles": ["helpdesk"]},
        {"roles": []},
    )
    assert grant.identity_kind == Operation.IdentityKind.NONE  # no Google call was made for it
    page = roles_and_space["client"].get(reverse("spaces:audit"), {"action": "role_grant"}).content.decode()
    assert "charlie@example.com is now Helpdesk." in page
    first = Operation.objects.get(kind=Operation.Kind.ROLE_GRANT, target="carol@example.com")
    assert (first.actor, first.reason) == (None, "the test's first IT admin")  # meetadmin itself, and why
    with pytest.raises(IntegrityError, match="audit trail"), transaction.atomic():
        Operation.objects.filter(pk=grant.pk).delete()
