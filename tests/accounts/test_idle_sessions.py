"""A page left open polls by itself; that is not the person being active, so it must not keep their session alive
(SESSION_IDLE_SECONDS), and once the session has ended the page reloads onto sign-in instead of swapping it in."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from spaces.models import Space
from tests.spaces.world import person

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
