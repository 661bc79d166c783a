"""Helpdesk: paste a link from a ticket → the space with its owner and live call → end it, with a reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import Role
from embedded.waiting import wait_for
from spaces.models import Operation, Space
from tests.support.end_confirmation import end_confirmation
from tests.support.settled_operation import settled
from tests.support.signed_in_people import person, sign_in
from tests.support.workspace_seed import PROJECT, seed_document

LIVE = {"id": "AliceLive001", "owner": "alice@example.com", "project": PROJECT, "code": "liv-econ-fer"}


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("celery_worker")
def test_bob_pastes_a_ticket_link_and_ends_the_stuck_call(client, control):
    control.seed(seed_document(spaces=[LIVE]))
    control.start_conference("spaces/AliceLive001", [{"email": "dave@example.com"}, {"anonymous": "Stuck guest"}])
    sign_in(control, "alice@example.com")
    Space.objects.create(name="spaces/AliceLive001", owner_email="alice@example.com", made_by_meetadmin=True)
    bob = sign_in(control, "bob@example.com", role=Role.HELPDESK)
    client.force_login(bob)
    assert "Find a meeting from a ticket" in client.get(reverse("spaces:home")).content.decode()

    pasted = client.post(reverse("spaces:lookup"), {"link": "Hi, please end https://meet.google.com/liv-econ-fer"})
    assert pasted.status_code == 422  # prose around the link: the parser says what it expects
    followed = client.post(reverse("spaces:lookup"), {"link": " https://meet.google.com/LIV-ECON-FER?pli=1 "})
    lookup = settled(Operation.objects.get(kind=Operation.Kind.RESOLVE))
    assert lookup.state == Operation.State.SUCCEEDED, lookup.result_message
    assert client.get(followed["Location"])["Location"] == reverse("spaces:space", args=["AliceLive001"])
    wait_for(
        lambda: Space.objects.get(pk="spaces/AliceLive001").active_participant_count == 2,
        what="the delegated refresh to show who is in the call",
    )
    page = client.get(reverse("spaces:space", args=["AliceLive001"])).content.decode()
    assert "alice@example.com" in page
    assert "End for everyone" in page

    confirm = client.get(reverse("spaces:conference_end", args=["AliceLive001"])).content.decode()
    assert "Stuck guest" in confirm
    client.post(
        reverse("spaces:conference_end", args=["AliceLive001"]),
        end_confirmation("AliceLive001", reason="INC-4711 stuck call"),
    )
    ended = settled(Operation.objects.get(kind=Operation.Kind.END_CONFERENCE))
    assert ended.state == Operation.State.SUCCEEDED, ended.result_message
    assert (ended.actor, ended.identity_email, ended.reason) == (bob, "alice@example.com", "INC-4711 stuck call")
    assert [
        call["status"] for call in control.calls(method="meet.spaces.endActiveConference") if call["status"] != 401
    ] == [200]


@pytest.mark.django_db
def test_owners_do_not_get_the_paste_box_and_only_see_their_own_actions(client):
    alice, charlie = person("alice@example.com"), person("charlie@example.com")
    operation = Operation.objects.create(
        kind=Operation.Kind.RESOLVE,
        actor=alice,
        identity_kind="own_grant",
        identity_email="alice@example.com",
        target="abc-mnop-xyz",
    )
    client.force_login(charlie)
    assert "Find a meeting from a ticket" not in client.get(reverse("spaces:home")).content.decode()
    assert client.get(reverse("spaces:operation", args=[operation.pk])).status_code == 404
    client.force_login(alice)
    assert "abc-mnop-xyz" in client.get(reverse("spaces:operation", args=[operation.pk])).content.decode()
