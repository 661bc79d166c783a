"""The idle timeout (SESSION_IDLE_SECONDS, accounts/idle_sessions.py): renewed at most once per SESSION_RENEW_SECONDS,
so reading pages do not write the session; and a page left open polls by itself, which is not the person being active,
so polls never renew it, and once the session has ended the page reloads onto sign-in instead of swapping it in."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spaces.models import Space
from tests.support.signed_in_people import person

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def alice_watching(client):
    alice = person("alice@example.com")
    Space.objects.create(name="spaces/AliceLive001", owner_email="alice@example.com", made_by_meetadmin=True)
    client.force_login(alice)
    return client


def expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


@override_settings(SESSION_RENEW_SECONDS=0)  # every page renews; still no poll does
def test_polls_do_not_extend_the_session_but_pages_do(alice_watching):
    client = alice_watching
    client.get(reverse("spaces:space", args=["AliceLive001"]))
    after_the_page = expiry(client)
    time.sleep(0.01)

    poll = client.get(reverse("spaces:space_live", args=["AliceLive001"]), **HX)
    assert poll.status_code == 200
    assert "sessionid" not in poll.cookies  # the cookie is not renewed either
    assert client.get(reverse("spaces:recent_actions"), **HX).status_code in (200, 286)
    assert expiry(client) == after_the_page

    client.get(reverse("spaces:home"))
    assert expiry(client) > after_the_page


def test_once_the_session_has_ended_a_poll_reloads_the_page(alice_watching):
    client = alice_watching
    client.logout()
    poll = client.get(reverse("spaces:space_live", args=["AliceLive001"]), **HX)
    assert poll.status_code == 200
    assert poll["HX-Refresh"] == "true"
    assert poll.content == b""
    page = client.get(reverse("spaces:space_live", args=["AliceLive001"]))  # not htmx: the usual sign-in redirect
    assert page.status_code == 302


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
