"""Search, filters, sort and pagination of "Your spaces" and IT admins' "All spaces", in constant queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from spaces.models import Space
from spaces.space_lists import PAGE_SIZE
from tests.support.cached_spaces import fresh_spaces
from tests.support.page_rows import listed_spaces
from tests.support.signed_in_people import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices_spaces():
    now = timezone.now()
    Space.objects.bulk_create(
        [
            Space(
                name="spaces/Standup00001",
                owner_email="alice@example.com",
                label="Daily standup",
                meeting_code="std-upda-ily",
                meeting_code_seen_at=now,
                fetched_at=now,
                access_type="OPEN",
                made_by_meetadmin=True,
                active_conference="conferenceRecords/a",
                active_participant_count=4,
            ),
            Space(
                name="spaces/Retro000002",
                owner_email="alice@example.com",
                label="Retro",
                meeting_code="ret-rosp-ect",
                meeting_code_seen_at=now,
                fetched_at=now,
                access_type="RESTRICTED",
            ),
            Space(name="spaces/Nocode00003", owner_email="alice@example.com", label="Old planning", fetched_at=now),
            Space(name="spaces/Charlie0004", owner_email="charlie@example.com", label="Charlie's", fetched_at=now),
        ]
    )


def names(response) -> list[str]:
    return [space.name for space in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["spaces/Standup00001", "spaces/Nocode00003", "spaces/Retro000002"]),
        ({"q": "retro"}, ["spaces/Retro000002"]),
        ({"q": "STD-UPDA"}, ["spaces/Standup00001"]),
        ({"q": "Nocode00003"}, ["spaces/Nocode00003"]),
        ({"live": "on"}, ["spaces/Standup00001"]),
        ({"access_type": "RESTRICTED"}, ["spaces/Retro000002"]),
        ({"made_here": "yes"}, ["spaces/Standup00001"]),
        ({"made_here": "no", "sort": "code"}, ["spaces/Nocode00003", "spaces/Retro000002"]),
        ({"attention": "on"}, ["spaces/Nocode00003"]),
        ({"q": "charlie"}, []),
    ],
)
def test_alice_finds_her_spaces(client, alices_spaces, query, expected):
    client.force_login(person("alice@example.com"))
    assert names(client.get(reverse("spaces:home"), query)) == expected


def test_no_match_is_not_the_empty_inventory(client, alices_spaces):
    client.force_login(person("alice@example.com"))
    page = client.get(reverse("spaces:home"), {"q": "zzz"}).content.decode()
    assert "0 spaces match" in page
    assert "No spaces yet" not in page


def test_pages_of_fifty_and_links_that_keep_the_filters(client):
    fresh_spaces("alice@example.com", 120, "Many")
    client.force_login(person("alice@example.com"))
    second = client.get(reverse("spaces:home"), {"q": "many", "page": "2"})
    assert len(names(second)) == 50
    assert 'href="?q=many&amp;page=3"' in second.content.decode()


def test_it_admins_see_every_space_with_owners_and_others_may_not(client, alices_spaces):
    carol = person("carol@example.com", role=Role.IT_ADMIN)
    client.force_login(carol)
    everything = client.get(reverse("spaces:all"), {"sort": "owner"})
    assert len(names(everything)) == 4
    assert names(client.get(reverse("spaces:all"), {"owner": "charlie"})) == ["spaces/Charlie0004"]
    client.force_login(person("bob@example.com"))
    assert client.get(reverse("spaces:all")).status_code == 403


def test_all_spaces_live_now_runs_as_many_queries_for_a_full_page_as_for_one_row(client):
    carol = person("carol@example.com", role=Role.IT_ADMIN)
    client.force_login(carol)
    listed_spaces(1, "One")
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(reverse("spaces:all"), {"live": "on"}).context["rows"]) == 1
    listed_spaces(PAGE_SIZE, "More")  # one more than a page: the page is full and there is a next one
    with CaptureQueriesContext(connection) as full:
        response = client.get(reverse("spaces:all"), {"live": "on"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == PAGE_SIZE
    assert len(full) == len(one)


def test_what_only_the_owner_is_told_shows_as_not_known_until_the_owner_read_it(client):
    # Found in the demo walk-through: a space bob had looked up showed "Default" and "No (… only be ended in Meet)"
    # for a space meetadmin made, because only its owner is shown its settings and which app made it.
    now = timezone.now()
    Space.objects.create(name="spaces/LookedUp0001", meeting_code="liv-ecal-lnw", fetched_at=now)
    Space.objects.create(
        name="spaces/Elsewhere002",
        owner_email="alice@example.com",
        access_type="OPEN",
        config={"accessType": "OPEN"},
        config_seen_at=now,
        made_by_checked=True,
        fetched_at=now,
    )
    carol = person("carol@example.com", role=Role.IT_ADMIN)
    client.force_login(carol)
    page = client.get(reverse("spaces:all"), {"sort": "owner"}).content.decode()
    looked_up, elsewhere = (row for row in page.split("<tr>")[2:])
    if "LookedUp0001" not in looked_up:
        looked_up, elsewhere = elsewhere, looked_up
    assert looked_up.count("not known yet") == 2
    assert "Default" not in looked_up
    assert "<td>Open</td>" in elsewhere
    assert "No <small" in elsewhere
    assert "not known yet" not in elsewhere


@pytest.mark.parametrize(
    ("query", "said"),
    [
        (
            {"access_type": "EVERYONE"},
            "Who can join: Select a valid choice. EVERYONE is not one of the available choices.",
        ),
        ({"sort": "owner"}, "Sort by: Select a valid choice. owner is not one of the available choices."),  # IT's only
        ({"q": "x" * 201}, "Search label, code or id: Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_a_filter_that_makes_no_sense_says_why_and_lists_nothing(client, alices_spaces, query, said):
    client.force_login(person("alice@example.com"))
    response = client.get(reverse("spaces:home"), query)
    assert response.status_code == 200
    assert names(response) == []  # not every space, as if nothing had been asked
    alert = response.content.decode().split('<div class="banner warning" role="alert">', 1)[1].split("</div>", 1)[0]
    assert said in alert
    assert "Nothing is listed until the filter is corrected." in alert


def test_an_it_admin_may_sort_by_owner_and_filter_by_one(client, alices_spaces):
    carol = person("carol@example.com", role=Role.IT_ADMIN)
    client.force_login(carol)
    response = client.get(reverse("spaces:all"), {"owner": "ALICE", "sort": "owner"})
    assert names(response) == ["spaces/Standup00001", "spaces/Nocode00003", "spaces/Retro000002"]
    assert 'role="alert"' not in response.content.decode()


def test_a_bad_sort_on_all_spaces_counts_nothing_rather_than_every_space(client, alices_spaces):
    carol = person("carol@example.com", role=Role.IT_ADMIN)
    client.force_login(carol)
    response = client.get(reverse("spaces:all"), {"sort": "shoe size"})
    assert names(response) == []
    assert response.context["page"].paginator.count == 0  # not the total kept for the unfiltered list
    assert "Sort by: Select a valid choice." in response.content.decode()
