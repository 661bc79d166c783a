"""IT admins grant and revoke roles; nobody else can."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessCheck
from accounts.roles import Role, roles_of
from spaces.models import Operation
from tests.support.signed_in_people import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def carol():
    carol = person("carol@example.com", role=Role.IT_ADMIN)
    return carol


def test_carol_makes_bob_helpdesk_and_takes_it_back(client, carol):
    bob = person("bob@example.com")
    client.force_login(carol)
    assert "bob@example.com" in client.get(reverse("roles:list"), {"q": "bob"}).content.decode()
    client.post(reverse("roles:change", args=[bob.pk]), {"role": "helpdesk", "change": "grant"})
    assert roles_of(type(bob).objects.get(pk=bob.pk)) == {Role.HELPDESK}
    client.post(reverse("roles:change", args=[bob.pk]), {"role": "helpdesk", "change": "revoke"})
    assert roles_of(type(bob).objects.get(pk=bob.pk)) == frozenset()


def test_carol_cannot_lock_herself_out(client, carol):
    client.force_login(carol)
    response = client.post(
        reverse("roles:change", args=[carol.pk]), {"role": "it_admin", "change": "revoke"}, follow=True
    )
    assert "cannot take away your own IT admin role" in response.content.decode()
    assert roles_of(type(carol).objects.get(pk=carol.pk)) == {Role.IT_ADMIN}


def test_helpdesk_and_owners_may_not_manage_roles(client):
    bob = person("bob@example.com", role=Role.HELPDESK)
    alice = person("alice@example.com")
    for someone in (bob, alice):
        client.force_login(someone)
        assert client.get(reverse("roles:list")).status_code == 403
        assert (
            client.post(reverse("roles:change", args=[alice.pk]), {"role": "it_admin", "change": "grant"}).status_code
            == 403
        )
    assert roles_of(type(alice).objects.get(pk=alice.pk)) == frozenset()


def test_role_changes_need_csrf(carol):
    bob = person("bob@example.com")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(carol)
    assert browser.post(reverse("roles:change", args=[bob.pk]), {"role": "helpdesk"}).status_code == 403


def test_an_unknown_role_is_a_clear_400_not_a_crash(client, carol):
    client.force_login(carol)
    response = client.post(reverse("roles:change", args=[carol.pk]), {"role": "superuser", "change": "grant"})
    assert response.status_code == 400


def test_an_it_admin_google_has_not_confirmed_lately_changes_no_role(client, carol, settings):
    """Like every other staff write (accounts/staff_checks.py): a role is a power over other people's spaces."""
    bob = person("bob@example.com")
    client.force_login(carol)  # a sign-in confirms her; then beat's re-checks stop confirming her
    long_ago = timezone.now() - timedelta(seconds=settings.STAFF_RECHECK_LIMIT_SECONDS + 60)
    AccessCheck.objects.filter(user=carol).update(google_checked_at=long_ago)

    refused = client.post(reverse("roles:change", args=[bob.pk]), {"role": "it_admin", "change": "grant"})

    assert refused.status_code == 403
    assert "and yours is not confirmed yet" in refused.content.decode()
    assert roles_of(type(bob).objects.get(pk=bob.pk)) == frozenset()
    assert not Operation.objects.filter(kind=Operation.Kind.ROLE_GRANT, target="bob@example.com").exists()
    assert client.get(reverse("roles:list")).status_code == 200  # reading stays open
