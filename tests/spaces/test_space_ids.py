"""Space ids from Google's whole alphabet: `-` and `_`, also as the first character (`spaces/-yy3uKlef_QB` appears
in real answers). Pasted bare or reached through a link, they work in every path, form, query and call."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import Role
from embedded.waiting import wait_for
from spaces.models import Operation, Space
from tests.support.end_confirmation import end_confirmation
from tests.support.settings_form import MODERATED, form_data
from tests.support.settled_operation import settled
from tests.support.signed_in_people import sign_in
from tests.support.space_at_google import as_google_sees_it
from tests.support.workspace_seed import PROJECT, seed_document

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker")]

DASH_FIRST = {"id": "-yy3uKlef_QB", "owner": "alice@example.com", "project": PROJECT, "code": "das-hfir-stx"}
DASH_INSIDE = {
    "id": "ATCX4-zHdhYB",
    "owner": "alice@example.com",
    "project": PROJECT,
    "code": "atc-xzhd-hyb",
    "config": MODERATED,
}


def test_bob_pastes_a_bare_id_that_starts_with_a_dash_and_ends_the_call(client, control):
    control.seed(seed_document(spaces=[DASH_FIRST]))
    control.start_conference("spaces/-yy3uKlef_QB", [{"email": "dave@example.com"}])
    sign_in(control, "alice@example.com")
    Space.objects.create(name="spaces/-yy3uKlef_QB", owner_email="alice@example.com", made_by_meetadmin=True)
    bob = sign_in(control, "bob@example.com", role=Role.HELPDESK)
    client.force_login(bob)

    followed = client.post(reverse("spaces:lookup"), {"link": " -yy3uKlef_QB "})
    lookup = settled(Operation.objects.get(kind=Operation.Kind.RESOLVE))
    assert lookup.state == Operation.State.SUCCEEDED, lookup.result_message
    page_url = reverse("spaces:space", args=["-yy3uKlef_QB"])
    assert page_url == "/spaces/-yy3uKlef_QB/"
    assert client.get(followed["Location"])["Location"] == page_url
    wait_for(
        lambda: Space.objects.get(pk="spaces/-yy3uKlef_QB").active_conference,
        what="the delegated refresh to find the call",
    )
    assert "End for everyone" in client.get(page_url).content.decode()
    client.post(
        reverse("spaces:conference_end", args=["-yy3uKlef_QB"]),
        end_confirmation("-yy3uKlef_QB", reason="INC-4712"),
    )
    ended = settled(Operation.objects.get(kind=Operation.Kind.END_CONFERENCE))
    assert ended.state == Operation.State.SUCCEEDED, ended.result_message
    ends = [call for call in control.calls(method="meet.spaces.endActiveConference") if call["status"] != 401]
    assert [(call["status"], call["resource"]) for call in ends] == [(200, "spaces/-yy3uKlef_QB")]


def test_alice_adds_an_id_with_dash_and_underscore_by_link_and_changes_its_settings(client, control):
    control.seed(seed_document(spaces=[DASH_INSIDE]))
    alice = sign_in(control, "alice@example.com", role=Role.IT_ADMIN)
    client.force_login(alice)

    client.post(reverse("spaces:add_by_link"), {"link": "https://meet.google.com/atc-xzhd-hyb"})
    added = settled(Operation.objects.get(kind=Operation.Kind.RESOLVE))
    assert added.state == Operation.State.SUCCEEDED, added.result_message
    space = Space.objects.get(pk="spaces/ATCX4-zHdhYB")
    assert (space.owner_email, space.meeting_code) == ("alice@example.com", "atc-xzhd-hyb")
    assert client.get(reverse("spaces:space_settings", args=["ATCX4-zHdhYB"])).status_code == 200

    client.post(reverse("spaces:space_settings", args=["ATCX4-zHdhYB"]), form_data(access_type="OPEN"))
    changed = settled(Operation.objects.get(kind=Operation.Kind.PATCH))
    assert changed.state == Operation.State.SUCCEEDED, changed.result_message
    assert as_google_sees_it(control, "alice@example.com", "spaces/ATCX4-zHdhYB")["config"]["accessType"] == "OPEN"
    # The audit log finds it by the id as pasted, `-` and `_` and all.
    audit = client.get(reverse("spaces:audit"), {"space": "ATCX4-zHdhYB"}).content.decode()
    assert "Settings changed: who can join." in audit
