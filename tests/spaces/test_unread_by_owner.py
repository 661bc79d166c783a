"""A space that helpdesk looked up before anyone read it as its owner: Google showed them the bare space (no call,
no settings, no hint of which app made it), so the page says what meetadmin cannot tell rather than guessing.

Found in the demo walk-through: bob pasted liv-ecal-lnw before alice had signed in and read "No conference is
running", "Made by meetadmin: No" and "this space was made outside meetadmin" while her call was running in a space
meetadmin made."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from spaces.models import Space
from tests.support.signed_in_people import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob(client):
    bob = person("bob@example.com", role=Role.HELPDESK)
    client.force_login(bob)
    return bob


def space_page(client, space_id: str) -> str:
    return client.get(reverse("spaces:space", args=[space_id])).content.decode()


def test_a_space_only_read_as_helpdesk_says_what_is_not_known(client, bob):
    Space.objects.create(name="spaces/AliceLive003", meeting_code="liv-ecal-lnw", fetched_at=timezone.now())
    page = space_page(client, "AliceLive003")
    assert "No conference is running" not in page
    assert "cannot tell whether a call is running" in page
    assert "<dt>Made by meetadmin</dt><dd>not known yet" in page
    assert "made outside meetadmin" not in page
    assert "does not know who owns this space" in page  # the reason there is no End button, and what to do
    assert "End for everyone" not in page


def test_once_the_owner_read_it_the_page_says_plainly_what_google_showed(client, bob):
    Space.objects.create(
        name="spaces/AliceOther02",
        owner_email="alice@example.com",
        made_by_checked=True,
        config={"accessType": "TRUSTED"},
        config_seen_at=timezone.now(),
        fetched_at=timezone.now(),
    )
    page = space_page(client, "AliceOther02")
    assert "<p>No conference is running.</p>" in page
    assert "<dt>Made by meetadmin</dt><dd>No</dd>" in page
    assert "made outside meetadmin" in page
