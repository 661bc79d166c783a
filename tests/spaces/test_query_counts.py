"""Every list page runs the same number of queries with 10 and with 1,000 rows behind it (STYLE.md).

Run with `-s` to see the counts; docs and the issue note quote them.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role, role_grant
from spaces.models import Operation, Space
from tests.spaces.world import fresh_spaces, person

pytestmark = pytest.mark.django_db

PAGES = [
    ("Your spaces", "spaces:home", {}),
    ("Your spaces, filtered", "spaces:home", {"q": "1", "access_type": "", "sort": "code"}),
    ("All spaces", "spaces:all", {"sort": "owner"}),
    ("All spaces, page 3", "spaces:all", {"page": "3"}),
    ("Audit log", "spaces:audit", {"action": "end_conference"}),
    ("Roles", "roles:list", {}),
    ("Status", "spaces:status", {}),
]


def grow(count: int, prefix: str) -> None:
    fresh_spaces("carol@example.com", count, prefix)
    Operation.objects.bulk_create(
        Operation(
            kind="end_conference",
            identity_kind="own_grant",
            identity_email="carol@example.com",
            space_id=f"spaces/{prefix}{number:05d}",
            state="succeeded",
        )
        for number in range(count)
    )


@pytest.mark.parametrize(("title", "url_name", "query"), PAGES)
def test_list_pages_run_constant_queries(client, title, url_name, query):
    carol = person("carol@example.com")
    role_grant(user=carol, role=Role.IT_ADMIN)
    client.force_login(carol)
    grow(160, "Few")
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url_name), query).status_code == 200
    grow(1000, "Many")
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(url_name), query).status_code == 200
    print(f"{title}: {len(many)} queries")
    assert len(many) == len(few)


def test_a_space_page_runs_constant_queries_however_long_its_history(client):
    carol = person("carol@example.com")
    role_grant(user=carol, role=Role.IT_ADMIN)
    client.force_login(carol)
    grow(1, "Hist")
    space = Space.objects.get(pk="spaces/Hist00000")
    with CaptureQueriesContext(connection) as short:
        client.get(reverse("spaces:space", args=[space.space_id]))
    Operation.objects.bulk_create(
        Operation(
            kind="patch",
            identity_kind="own_grant",
            identity_email="carol@example.com",
            space=space,
            state="succeeded",
            config_before={},
            config_after={},
        )
        for _ in range(300)
    )
    with CaptureQueriesContext(connection) as long:
        assert client.get(reverse("spaces:space", args=[space.space_id])).status_code == 200
    print(f"Space page: {len(long)} queries")
    assert len(long) == len(short)
