"""A space's page: 404 for what a person may not see, 403 for what they see but may not do, and ending a call."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role, role_grant
from spaces.models import Artifact, ConferenceRecord, Operation, Space
from tests.support.cached_spaces import alices_live_space
from tests.support.end_confirmation import end_confirmation
from tests.support.google_operations import google_operations
from tests.support.signed_in_people import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    everyone = {name: person(f"{name}@example.com") for name in ("alice", "bob", "charlie")}
    role_grant(user=everyone["bob"], role=Role.HELPDESK)
    return everyone


@pytest.fixture
def live_here():
    return alices_live_space(
        "AliceLive001", in_call=3, meeting_code="liv-econ-fer", meeting_uri="https://meet.google.com/liv-econ-fer"
    )


@pytest.fixture
def live_elsewhere():
    return Space.objects.create(
        name="spaces/AliceOther02",
        owner_email="alice@example.com",
        active_conference="conferenceRecords/r2",
        active_participant_count=2,
        meeting_uri="https://meet.google.com/oth-erap-pqr",
    )


def page(client, user, space_id: str, name: str = "spaces:space"):
    client.force_login(user)
    return client.get(reverse(name, args=[space_id]))


def test_charlie_gets_404_for_alices_space_and_for_ids_in_the_wrong_case(client, people, live_here):
    assert page(client, people["charlie"], "AliceLive001").status_code == 404
    assert page(client, people["alice"], "alicelive001").status_code == 404
    assert page(client, people["alice"], "NoSuchSpace1").status_code == 404
    client.force_login(people["charlie"])
    response = client.post(
        reverse("spaces:conference_end", args=["AliceLive001"]), end_confirmation("AliceLive001", reason="x")
    )
    assert response.status_code == 404
    assert google_operations().count() == 0


def test_alice_is_offered_end_only_where_google_allows_it(client, people, live_here, live_elsewhere):
    assert "End for everyone" in page(client, people["alice"], "AliceLive001").content.decode()
    elsewhere = page(client, people["alice"], "AliceOther02").content.decode()
    assert "End for everyone" not in elsewhere
    assert "made outside meetadmin" in elsewhere
    assert "https://meet.google.com/oth-erap-pqr" in elsewhere
    assert page(client, people["alice"], "AliceOther02", "spaces:conference_end").status_code == 403


def test_alice_ends_her_own_call_without_a_reason(client, people, live_here):
    client.force_login(people["alice"])
    confirm = client.get(reverse("spaces:conference_end", args=["AliceLive001"])).content.decode()
    assert "3 people are in the call" in confirm
    response = client.post(
        reverse("spaces:conference_end", args=["AliceLive001"]), end_confirmation("AliceLive001", reason="")
    )
    assert response.status_code == 302
    operation = google_operations().get()
    assert (operation.kind, operation.identity_kind, operation.identity_email) == (
        Operation.Kind.END_CONFERENCE,
        Operation.IdentityKind.OWN_GRANT,
        "alice@example.com",
    )


def test_helpdesk_must_give_a_reason_and_acts_as_the_owner(client, people, live_here):
    client.force_login(people["bob"])
    url = reverse("spaces:conference_end", args=["AliceLive001"])
    assert client.post(url, end_confirmation("AliceLive001", reason="  ")).status_code == 422
    assert google_operations().count() == 0
    client.post(url, end_confirmation("AliceLive001", reason="Ticket 4711: the call is stuck"))
    operation = google_operations().get()
    assert (operation.identity_kind, operation.identity_email, operation.reason, operation.actor) == (
        Operation.IdentityKind.DELEGATION,
        "alice@example.com",
        "Ticket 4711: the call is stuck",
        people["bob"],
    )


def test_ending_needs_a_csrf_token(people, live_here):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["alice"])
    response = browser.post(
        reverse("spaces:conference_end", args=["AliceLive001"]), end_confirmation("AliceLive001", reason="")
    )
    assert response.status_code == 403
    assert google_operations().count() == 0


def test_each_artifact_link_says_which_artifact_of_which_meeting_it_opens(client, people, live_here):
    # Found in the demo walk-through: six links all named "open" in a screen reader's list of links.
    start = timezone.now() - timedelta(days=3)
    record = ConferenceRecord.objects.create(
        name="conferenceRecords/past1", space=live_here, start_time=start, end_time=start + timedelta(hours=1)
    )
    for kind in (Artifact.Kind.RECORDING, Artifact.Kind.TRANSCRIPT):
        Artifact.objects.create(
            name=f"{record.name}/{kind}s/1", record=record, kind=kind, export_uri=f"https://docs.google.com/{kind}"
        )
    page_html = page(client, people["alice"], "AliceLive001").content.decode()
    when = timezone.localtime(start).strftime("%Y-%m-%d %H:%M %Z")  # with its zone, as every time is shown
    for kind in ("recording", "transcript"):
        link = page_html.split(f'<a href="https://docs.google.com/{kind}">', 1)[1].split("</a>", 1)[0]
        assert link == f'open<span class="visually-hidden"> the {kind} of {when}</span>'
