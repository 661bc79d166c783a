"""Stale spaces on a page are refreshed, but not by the GET that shows them: the loaded page asks with a POST.

alice owns two spaces, one read from Google long ago; charlie owns another stale one.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from spaces.models import Operation, Space
from tests.support.signed_in_people import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(client):
    alice = person("alice@example.com")
    long_ago = timezone.now() - timedelta(days=2)
    Space.objects.create(name="spaces/AliceOld", owner_email="alice@example.com", label="old", fetched_at=long_ago)
    Space.objects.create(
        name="spaces/AliceNew", owner_email="alice@example.com", label="new", fetched_at=timezone.now()
    )
    Space.objects.create(name="spaces/CharlieOld", owner_email="charlie@example.com", fetched_at=long_ago)
    client.force_login(alice)
    return alice


@pytest.mark.parametrize("page", [reverse("spaces:home"), reverse("spaces:space", args=["AliceOld"])])
def test_showing_a_stale_space_writes_nothing_and_asks_the_browser_to_refresh_it(client, alice, page):
    response = client.get(page)
    assert response.status_code == 200
    assert Operation.objects.count() == 0
    html = response.content.decode()
    assert f'hx-post="{reverse("spaces:refresh_stale")}"' in html
    assert 'name="space" value="spaces/AliceOld"' in html
    assert 'value="spaces/AliceNew"' not in html


def test_the_page_s_request_queues_one_refresh_per_stale_space_it_may_refresh(client, alice):
    response = client.post(
        reverse("spaces:refresh_stale"), {"space": ["spaces/AliceOld", "spaces/AliceNew", "spaces/CharlieOld"]}
    )
    assert response.status_code == 204
    queued = Operation.objects.filter(kind=Operation.Kind.REFRESH)
    assert [operation.space_name for operation in queued] == ["spaces/AliceOld"]
    assert queued.get().identity_email == "alice@example.com"
    client.post(reverse("spaces:refresh_stale"), {"space": ["spaces/AliceOld"]})
    assert queued.count() == 1  # one in flight per space, however often the page is shown


def test_refreshing_needs_a_post_from_someone_signed_in(client):
    Space.objects.create(name="spaces/Lonely", owner_email="alice@example.com")
    assert client.get(reverse("spaces:refresh_stale")).status_code in (302, 405)
    response = client.post(reverse("spaces:refresh_stale"), {"space": ["spaces/Lonely"]})
    assert response.status_code == 302
    assert Operation.objects.count() == 0
