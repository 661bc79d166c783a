"""The home page's "Your recent actions" follows unsettled work by itself: htmx polls a small partial that answers
204 while nothing changed, the new list when something did, and 286 (stop polling) once everything has settled."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spaces.models import Operation
from tests.support.signed_in_people import sign_in
from tests.support.workspace_seed import seed_document

pytestmark = pytest.mark.django_db


def poll(client, seen: str = "", watching: str = ""):
    return client.get(reverse("spaces:recent_actions"), {"seen": seen, "watching": watching}, HTTP_HX_REQUEST="true")


def test_the_list_polls_only_while_work_is_unsettled_and_stops_when_it_settles(client, control):
    control.seed(seed_document())
    alice = sign_in(control, "alice@example.com")
    client.force_login(alice)
    assert 'hx-trigger="every 2s"' not in client.get(reverse("spaces:home")).content.decode()

    operation = Operation.objects.create(
        kind=Operation.Kind.RESOLVE,
        actor=alice,
        identity_kind=Operation.IdentityKind.OWN_GRANT,
        identity_email="alice@example.com",
        target="abc-mnop-xyz",
        params={"name": "spaces/abc-mnop-xyz"},
    )
    home = client.get(reverse("spaces:home")).content.decode()
    assert 'hx-trigger="every 2s"' in home
    seen = home.split('name="seen" value="', 1)[1].split('"', 1)[0]

    unchanged = poll(client, seen)
    assert unchanged.status_code == 204
    assert unchanged.content == b""

    assert f'name="watching" value="{operation.pk}"' in home
    Operation.objects.filter(pk=operation.pk).update(state=Operation.State.SUCCEEDED, result_message="Found it.")
    settled = poll(client, seen, watching=str(operation.pk))
    assert settled.status_code == 286
    page = settled.content.decode()
    assert "Done</span>: Found it." in page
    # The list is not a live region (it would be read out whole); the action that settled is announced on its own.
    assert "aria-live" not in home.split('id="recent-actions"', 1)[1].split(">", 1)[0]
    assert '<div hx-swap-oob="beforeend:#announce-polite"><p>Look up a link or code: Done — Found it.</p></div>' in page
    assert "Reload to see your spaces as they are now" in page
    assert "<html" not in page


def test_the_partial_needs_a_signed_in_person(client):
    response = client.get(reverse("spaces:recent_actions"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
