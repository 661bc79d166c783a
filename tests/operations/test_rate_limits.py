"""Rate limits: a person who sends too many changes, or a network that starts too many sign-ins, gets a clear 429;
nothing is queued for the refused request, and everyone else carries on.

Limits are per day here, so that a test never straddles the counter's window.
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from spaces.models import Operation
from tests.support.signed_in_people import person
from tests.support.silent_server import SilentServer

pytestmark = pytest.mark.django_db


def add_by_link(client, code: str, **headers):
    return client.post(reverse("spaces:add_by_link"), {"link": code}, **headers)


@override_settings(RATE_LIMIT_WRITES="3/d")
def test_alice_is_refused_past_her_limit_and_bob_is_not(client):
    alice, bob = person("alice@example.com"), person("bob@example.com")
    client.force_login(alice)
    for code in ("abc-defg-hij", "abc-defg-hik", "abc-defg-hil"):
        assert add_by_link(client, code).status_code == 302
    queued = Operation.objects.count()

    refused = add_by_link(client, "abc-defg-him")

    assert refused.status_code == 429
    page = " ".join(refused.content.decode().split())
    assert "You have sent a lot of changes in a short time" in page
    assert "nothing was queued" in page
    assert "Try again in" in page
    assert 0 < int(refused["Retry-After"]) <= 24 * 3600
    assert "<html" in page  # the site's page, with its navigation
    assert Operation.objects.count() == queued
    assert not Operation.objects.filter(target__icontains="abc-defg-him").exists()

    client.force_login(bob)
    assert add_by_link(client, "abc-defg-hin").status_code == 302
    assert Operation.objects.filter(actor=bob).count() == 1


@override_settings(RATE_LIMIT_WRITES="1/d")
def test_htmx_gets_the_message_as_a_fragment_and_reading_is_never_limited(client):
    client.force_login(person("charlie@example.com"))
    assert add_by_link(client, "abc-defg-hij").status_code == 302

    refused = add_by_link(client, "abc-defg-hik", HTTP_HX_REQUEST="true")
    assert (refused["HX-Retarget"], refused["HX-Reswap"]) == ("#live-errors", "innerHTML")

    assert refused.status_code == 429
    fragment = " ".join(refused.content.decode().split())
    assert "<html" not in fragment
    assert "Try again in" in fragment
    assert client.get(reverse("spaces:home")).status_code == 200
    # The page's own background requests are not a person's changes: never refused.
    assert client.post(reverse("spaces:refresh_stale"), HTTP_HX_REQUEST="true").status_code == 204
    assert client.post(reverse("account_logout")).status_code == 302  # signing out always works


@override_settings(RATE_LIMIT_SIGN_IN="2/d")
def test_sign_in_is_limited_per_network_address(client):
    start = reverse("google_login")
    for _ in range(2):
        assert client.post(start, REMOTE_ADDR="203.0.113.7").status_code == 302

    refused = client.post(start, REMOTE_ADDR="203.0.113.7")
    callback = client.get(reverse("google_callback") + "?code=x&state=y", REMOTE_ADDR="203.0.113.7")

    assert refused.status_code == 429
    assert "too many sign-in attempts from your network" in " ".join(refused.content.decode().split())
    assert callback.status_code == 429
    assert client.post(start, REMOTE_ADDR="198.51.100.9").status_code == 302


@override_settings(RATE_LIMIT_SIGN_IN="1/d", ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_each_client_address_has_its_own_sign_in_limit(client):
    # Every request comes from the proxy (REMOTE_ADDR); the client is the address the proxy appended.
    start, proxy = reverse("google_login"), "10.0.0.2"
    assert client.post(start, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="192.0.2.10").status_code == 302
    # A client cannot dodge its limit by prepending addresses of its own choosing.
    assert client.post(start, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.10").status_code == 429
    assert client.post(start, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="192.0.2.11").status_code == 302


@override_settings(
    RATE_LIMIT_WRITES="1/d",
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}},
)
def test_an_unreachable_cache_lets_work_through_rather_than_failing(client):
    client.force_login(person("dave@example.com"))
    assert add_by_link(client, "abc-defg-hij").status_code == 302
    assert add_by_link(client, "abc-defg-hik").status_code == 302


@pytest.mark.parametrize("written", ["sixty", "60/", "60 per minute", "/m"])
def test_a_mistyped_limit_stops_the_start_instead_of_failing_open(written):
    from meetadmin.rate_limits import check_rates

    with override_settings(RATE_LIMIT_WRITES=written):
        (error,) = check_rates(None)
    assert error.id == "meetadmin.E101"
    assert "RATE_LIMIT_WRITES" in error.msg
    with override_settings(RATE_LIMIT_WRITES="100/5m"):
        assert check_rates(None) == []


def test_a_cache_that_takes_the_connection_and_never_answers_costs_a_write_a_second_not_the_request(client):
    client.force_login(person("dave@example.com"))
    with SilentServer() as frozen:
        stalled = {**settings.CACHES["default"], "LOCATION": f"redis://127.0.0.1:{frozen.port}/0"}
        with override_settings(CACHES={"default": stalled}):
            started = time.monotonic()
            response = add_by_link(client, "abc-defg-hij")
            took = time.monotonic() - started
    assert response.status_code == 302  # the limit is let through, as when the cache is down
    assert Operation.objects.filter(target__icontains="abc-defg-hij").exists()
    assert took < 4, f"the write waited {took:.1f}s on a silent cache"  # redis-py alone would wait 5 s
