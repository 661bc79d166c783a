"""The home page: who sees what, forms that explain bad input, CSRF on writes, queries constant in the spaces."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import MEET_SCOPES
from spaces.models import Operation
from spaces.space_lists import PAGE_SIZE
from tests.support.cached_spaces import fresh_spaces
from tests.support.page_rows import RECENT_ACTIONS, listed_spaces, operations_done
from tests.support.signed_in_people import person

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


def test_every_label_on_the_home_page_names_its_own_field(client, alice):
    # Found in the demo walk-through: the create form's "Who can join" label pointed at the filters' select (same id).
    fresh_spaces("alice@example.com", 2, "Alice")
    client.force_login(alice)
    page = HTMLParsed(client.get(reverse("spaces:home")).content.decode())
    duplicated = [id_ for id_ in page.ids if page.ids.count(id_) > 1]
    assert duplicated == []
    assert sorted(page.labelled) == sorted(id_ for id_ in page.ids if id_.startswith(("id_", "create_"))), (
        "a form field without its own label"
    )
    assert {"create_label", "create_access_type", "id_access_type"} <= set(page.labelled)


class HTMLParsed(HTMLParser):
    """The ids on a page, and the ids its labels point at."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.labelled: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(attributes["id"])
        if tag == "label" and attributes.get("for"):
            self.labelled.append(attributes["for"])


def test_writes_need_a_csrf_token_and_a_post(alice):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    assert browser.post(reverse("spaces:add_by_link"), {"link": "abc-mnop-xyz"}).status_code == 403
    assert browser.get(reverse("spaces:add_by_link")).status_code == 405
    assert Operation.objects.count() == 0


def test_the_home_page_runs_as_many_queries_for_a_full_page_as_for_one_row(client, alice):
    """One space and one recent action, then a full page of spaces and a full list of recent actions."""
    client.force_login(alice)
    (first,) = listed_spaces(1, "One", owner=alice.email)
    operations_done(1, "One", actor=alice, space=first)
    with CaptureQueriesContext(connection) as one:
        response = client.get(reverse("spaces:home"))
    assert (len(response.context["rows"]), len(response.context["operations"])) == (1, 1)
    for space in listed_spaces(PAGE_SIZE - 1, "More", owner=alice.email)[:RECENT_ACTIONS]:
        operations_done(1, "More", kind=Operation.Kind.PATCH, actor=alice, space=space)
    with CaptureQueriesContext(connection) as full:
        response = client.get(reverse("spaces:home"))
    assert response.status_code == 200
    assert (len(response.context["rows"]), len(response.context["operations"])) == (PAGE_SIZE, RECENT_ACTIONS)
    assert len(full) == len(one)
