"""The home page: who sees what, forms that explain bad input, CSRF on writes, queries constant in the spaces."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import MEET_SCOPES
from spaces.models import Operation
from tests.spaces.world import fresh_spaces, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return person("alice@example.com")


def test_a_stranger_is_offered_sign_in_only(client):
    response = client.get(reverse("spaces:home"))
    assert b"Sign in with Google" in response.content
    assert b"Your spaces" not in response.content


def test_alice_sees_her_spaces_and_not_charlies(client, alice):
    fresh_spaces("alice@example.com", 2, "Alice")
    fresh_spaces("charlie@example.com", 2, "Charlie")
    client.force_login(alice)
    page = client.get(reverse("spaces:home")).content.decode()
    assert "Alice 0" in page
    assert "Alice 1" in page
    assert "Charlie" not in page


def test_a_malformed_link_is_explained_and_nothing_is_queued(client, alice):
    client.force_login(alice)
    response = client.post(reverse("spaces:add_by_link"), {"link": "https://zoom.us/j/123"})
    assert response.status_code == 422
    assert b"meet.google.com" in response.content  # the parser says what it expected
    assert Operation.objects.count() == 0


def test_a_pasted_link_queues_a_lookup_as_alice(client, alice):
    client.force_login(alice)
    response = client.post(reverse("spaces:add_by_link"), {"link": " https://meet.google.com/abc-mnop-xyz?hs=1 "})
    assert response.status_code == 302
    operation = Operation.objects.get()
    assert (operation.kind, operation.identity_email, operation.params) == (
        Operation.Kind.RESOLVE,
        "alice@example.com",
        {"name": "spaces/abc-mnop-xyz"},
    )


def test_create_needs_the_created_scope(client):
    bea = person("bea@example.com", scopes=[MEET_SCOPES["settings"]])
    client.force_login(bea)
    response = client.post(reverse("spaces:create"), {"label": "Standup", "access_type": "OPEN"})
    assert response.status_code == 422
    assert b"declined the Google permission" in response.content
    assert Operation.objects.count() == 0


def test_create_queues_the_wanted_settings(client, alice):
    client.force_login(alice)
    client.post(reverse("spaces:create"), {"label": "Standup", "access_type": "RESTRICTED"})
    operation = Operation.objects.get()
    assert operation.kind == Operation.Kind.CREATE
    assert operation.params == {"config": {"accessType": "RESTRICTED"}, "label": "Standup"}


def test_writes_need_a_csrf_token_and_a_post(alice):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    assert browser.post(reverse("spaces:add_by_link"), {"link": "abc-mnop-xyz"}).status_code == 403
    assert browser.get(reverse("spaces:add_by_link")).status_code == 405
    assert Operation.objects.count() == 0


def test_the_home_page_runs_as_many_queries_with_1000_spaces_as_with_10(client, alice):
    client.force_login(alice)
    fresh_spaces("alice@example.com", 10, "Few")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("spaces:home"))
    fresh_spaces("alice@example.com", 990, "Many")
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("spaces:home")).status_code == 200
    assert len(many) == len(few)
