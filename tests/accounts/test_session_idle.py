"""The idle timeout is renewed at most once per SESSION_RENEW_SECONDS, so reading pages do not write the session."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.spaces.world import person

pytestmark = pytest.mark.django_db


def session_writes(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("spaces:home")).status_code == 200
    return sum(1 for query in queries if query["sql"].startswith('UPDATE "django_session"'))


def test_a_second_page_within_the_renewal_window_does_not_write_the_session(client):
    client.force_login(person("alice@example.com"))
    session_writes(client)  # the first page after sign-in renews it
    assert session_writes(client) == 0
    assert "sessionid" not in client.get(reverse("spaces:home")).cookies


@override_settings(SESSION_RENEW_SECONDS=0)
def test_a_page_after_the_renewal_window_renews_the_session_and_its_cookie(client):
    client.force_login(person("alice@example.com"))
    session_writes(client)
    assert session_writes(client) == 1
    assert "sessionid" in client.get(reverse("spaces:home")).cookies
