"""Operations run by a real Celery worker against the emulator over HTTP, and settle with the right message."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from spaces import services
from spaces.models import Operation, Space
from spaces.permissions import Action, decide
from tests.spaces.world import PROJECT, seed_document, settled, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker")]

LIVE = {
    "id": "AliceLive001",
    "owner": "alice@example.com",
    "project": PROJECT,
    "code": "liv-econ-fer",
    "config": {"accessType": "TRUSTED"},
}


@pytest.fixture
def world(control):
    control.seed(seed_document(spaces=[LIVE]))
    control.start_conference(
        "spaces/AliceLive001", [{"email": "dave@example.com"}, {"anonymous": "Guest"}, {"phone": "Caller"}]
    )
    return control


def test_alice_adds_her_space_by_link_and_learns_it_is_live(world):
    alice = sign_in(world, "alice@example.com")
    identity = decide(alice, Space(name="x", owner_email=alice.email), Action.REFRESH).identity
    operation = settled(
        services.space_add_by_link(
            actor=alice, identity=identity, pasted=" https://meet.google.com/LIV-ECON-FER?authuser=0 "
        )
    )
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    space = Space.objects.get(pk="spaces/AliceLive001")
    assert space.owner_email == "alice@example.com"
    assert space.meeting_code == "liv-econ-fer"
    assert space.access_type == "TRUSTED"
    assert space.active_conference.startswith("conferenceRecords/")
    assert space.active_participant_count == 3
    assert operation.space_id == "spaces/AliceLive001"


def test_helpdesk_ends_alices_conference_through_delegation_exactly_once(world):
    alice = sign_in(world, "alice@example.com")
    bob = sign_in(world, "bob@example.com", role=Role.HELPDESK)
    space = Space.objects.create(
        name="spaces/AliceLive001",
        owner_email=alice.email,
        made_by_meetadmin=True,
        active_conference="conferenceRecords/x",
        active_participant_count=3,
    )
    decision = decide(bob, space, Action.END_CONFERENCE)
    operation = settled(
        services.conference_end(space=space, actor=bob, identity=decision.identity, reason="ticket 4711: stuck call")
    )
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    assert operation.result_message == "The conference was ended for everyone."
    assert operation.identity_kind == Operation.IdentityKind.DELEGATION
    assert operation.identity_email == "alice@example.com"
    ends = world.calls(method="meet.spaces.endActiveConference")
    assert [(call["status"], call["user"]) for call in ends] == [(200, "alice@example.com")]
    assert Space.objects.get(pk=space.pk).active_conference == ""


def test_a_revoked_grant_fails_with_a_reconnect_message_not_a_traceback(world):
    alice = sign_in(world, "alice@example.com")
    world.revoke(alice.google_grant.refresh_token)
    space = Space.objects.create(name="spaces/AliceLive001", owner_email=alice.email, made_by_meetadmin=True)
    operation = settled(services.space_refresh(space=space, identity=decide(alice, space, Action.REFRESH).identity))
    assert operation.state == Operation.State.FAILED
    assert "must reconnect their Google account" in operation.result_message
    alice.google_grant.refresh_from_db()
    assert alice.google_grant.state == "needs_reconnect"
