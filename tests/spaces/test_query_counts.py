"""Every list page runs the same queries when it shows 1 row as when it shows a full page (docs/benchmarks.md).

Each row has everything its page shows (tests/support/page_rows.py), so a query per row fails these tests.
Run with `-s` to see the counts; docs and the issue note quote them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from spaces.models import Operation
from spaces.space_lists import PAGE_SIZE
from tests.support.page_rows import (
    RECENT_ACTIONS,
    SPACE_PAGE_LISTS,
    conference_history,
    listed_spaces,
    operations_done,
    people_in_call,
    people_with_roles,
)
from tests.support.signed_in_people import person

pytestmark = pytest.mark.django_db


def carols_spaces_and_actions(carol, count: int, prefix: str) -> None:
    spaces = listed_spaces(count, prefix, owner=carol.email)
    for space in spaces[:RECENT_ACTIONS]:
        operations_done(1, space.space_id, actor=carol, space=space)


@dataclass(frozen=True)
class ListPage:
    title: str
    url_name: str
    query: dict[str, str]
    fill: Callable[[object, int, str], object]  # (viewer, how many rows, a prefix for their names)
    first: int = 1  # rows made before the first look: the page then shows one
    full: int = PAGE_SIZE  # rows made before the second: the page then is full
    lists: tuple[str, ...] = ("rows",)  # the context's lists of rows: each shows 1, then a full page
    full_lists: tuple[int, ...] = (PAGE_SIZE,)

    def shown(self, response) -> tuple[int, ...]:
        return tuple(len(response.context[name]) for name in self.lists)


# The home page lists carol's spaces and, beside them, her last few actions.
HOME = {"lists": ("rows", "operations"), "full_lists": (PAGE_SIZE, RECENT_ACTIONS)}

PAGES = [
    ListPage("Your spaces", "spaces:home", {}, carols_spaces_and_actions, **HOME),
    ListPage(
        "Your spaces, filtered",
        "spaces:home",
        {"q": "room", "access_type": "", "sort": "code"},
        carols_spaces_and_actions,
        **HOME,
    ),
    ListPage("All spaces", "spaces:all", {"sort": "owner"}, lambda _, n, p: listed_spaces(n, p)),
    ListPage(
        "All spaces, page 3",
        "spaces:all",
        {"page": "3"},
        lambda _, n, p: listed_spaces(n, p),
        first=2 * PAGE_SIZE + 1,
        full=3 * PAGE_SIZE,
    ),
    ListPage(
        "Audit log",
        "spaces:audit",
        {"action": "end_conference"},
        lambda _, n, p: operations_done(n, p),
    ),
    # carol herself is a row: she is the one row of the first look.
    ListPage("Roles", "roles:list", {}, lambda _, n, p: people_with_roles(n, p), first=0, full=PAGE_SIZE - 1),
]


@pytest.mark.parametrize("page", PAGES, ids=[page.title for page in PAGES])
def test_list_pages_run_as_many_queries_for_a_full_page_as_for_one_row(client, page):
    carol = person("carol@example.com", role=Role.IT_ADMIN)
    client.force_login(carol)
    page.fill(carol, page.first, "One")
    with CaptureQueriesContext(connection) as one:
        response = client.get(reverse(page.url_name), page.query)
    assert response.status_code == 200
    assert page.shown(response) == (1,) * len(page.lists)
    page.fill(carol, page.full - page.first, "More")
    with CaptureQueriesContext(connection) as full:
        response = client.get(reverse(page.url_name), page.query)
    assert response.status_code == 200
    assert page.shown(response) == page.full_lists
    print(f"{page.title}: {len(full)} queries")
    assert len(full) == len(one)


def space_page_rows(response) -> tuple[int, int, int]:
    context = response.context
    return len(context["operations"]), len(context["conferences"]), len(context["participants"])


def test_a_space_page_runs_as_many_queries_with_full_lists_as_with_one_of_each(client):
    carol = person("carol@example.com", role=Role.IT_ADMIN)
    client.force_login(carol)
    (space,) = listed_spaces(1, "Hist", owner="alice@example.com")
    url = reverse("spaces:space", args=[space.space_id])
    operations_done(1, "One", kind=Operation.Kind.PATCH, space=space)
    conference_history(space, 1, "One")
    people_in_call(space, 1, "One")
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    assert space_page_rows(response) == (1, 2, 1)  # the live call is in the history too
    operations_done(
        290, "Older", kind=Operation.Kind.PATCH, actor=carol, space=space
    )  # a long history, beyond the list
    operations_done(SPACE_PAGE_LISTS - 1, "More", kind=Operation.Kind.PATCH, space=space)
    conference_history(space, SPACE_PAGE_LISTS - 1, "More")
    people_in_call(space, PAGE_SIZE - 1, "More")  # the call is not paged: 50 stands for a full one
    with CaptureQueriesContext(connection) as full:
        response = client.get(url)
    assert response.status_code == 200
    assert space_page_rows(response) == (SPACE_PAGE_LISTS, SPACE_PAGE_LISTS, PAGE_SIZE)
    print(f"Space page: {len(full)} queries")
    assert len(full) == len(one)


def test_the_end_confirmation_runs_as_many_queries_for_a_full_call_as_for_one_person(client):
    alice = person("alice@example.com")
    client.force_login(alice)
    (space,) = listed_spaces(1, "End", owner=alice.email)
    url = reverse("spaces:conference_end", args=[space.space_id])
    people_in_call(space, 1, "One")
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).content.decode().count("<li>One ") == 1
    people_in_call(space, PAGE_SIZE - 1, "More")  # the call is not paged: 50 stands for a full one
    with CaptureQueriesContext(connection) as full:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<li>More ") == PAGE_SIZE - 1
    print(f"End confirmation: {len(full)} queries")
    assert len(full) == len(one)
