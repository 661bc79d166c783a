"""Every write refuses a request without the CSRF token, before it changes anything.

The POST rows of the access matrix are every write endpoint there is (the matrix fails when a URL has no row).
carol is IT admin, so any refusal here is the CSRF check's, not a permission's.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.time_zones import SESSION_KEY
from spaces.models import Operation
from tests.support.access_matrix import MATRIX, Row
from tests.support.access_world import make_access_records

pytestmark = pytest.mark.django_db

# Google's callback is a GET that carries its own `state`; allauth's One Tap view (its own double-submit cookie
# instead of Django's token) is closed: the matrix proves it answers 404.
POSTS = sorted(
    {row.name: row for row in MATRIX if row.method == "POST" and row.name != "google_login_by_token"}.values(), key=str
)
WITH_TOKEN = ("spaces:space_refresh", "roles:change", "account_logout")


@pytest.fixture
def access_records(settings) -> dict:
    settings.RATELIMIT_ENABLE = False
    return make_access_records()


def _url(access_records: dict, row: Row) -> str:
    return reverse(row.name, args=[access_records.get(arg, arg) if isinstance(arg, str) else arg for arg in row.args])


@pytest.mark.parametrize("row", POSTS, ids=str)
def test_a_post_without_the_token_is_refused(access_records, row: Row):
    client = Client(enforce_csrf_checks=True)
    client.force_login(access_records["people"]["carol"])
    before = (Operation.objects.count(), Group.objects.filter(user__email="charlie@example.com").count())
    response = client.post(_url(access_records, row), row.data)
    assert response.status_code == 403
    assert "CSRF verification failed" in response.content.decode()
    assert (Operation.objects.count(), Group.objects.filter(user__email="charlie@example.com").count()) == before
    assert SESSION_KEY not in client.session
    assert "_auth_user_id" in client.session, "signing out without the token would let any site sign people out"


@pytest.mark.parametrize("row", [row for row in POSTS if row.name in WITH_TOKEN], ids=str)
def test_the_same_post_with_the_token_goes_through(access_records, row: Row):
    """The refusal above is the token's doing: with it, the same request reaches the view."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(access_records["people"]["carol"])
    client.get(reverse("spaces:home"))
    token = client.cookies["csrftoken"].value
    response = client.post(_url(access_records, row), {**row.data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
