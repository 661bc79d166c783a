"""Times show in the person's zone: the browser reports it once, the person may change it, and it costs no query."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import TimeZonePreference
from spaces.models import Operation
from spaces.space_lists import PAGE_SIZE
from tests.support.page_rows import RECENT_ACTIONS, listed_spaces, operations_done
from tests.support.signed_in_people import person

pytestmark = pytest.mark.django_db

WINTER_NOON_UTC = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def alice():
    alice = person("alice@example.com")
    # A queued action (settled ones never change) whose time the home page shows.
    operation = Operation.objects.create(
        kind=Operation.Kind.RESOLVE, actor=alice, identity_kind="own_grant", identity_email="alice@example.com"
    )
    Operation.objects.filter(pk=operation.pk).update(created_at=WINTER_NOON_UTC)
    return alice


def home(client) -> str:
    return client.get(reverse("spaces:home")).content.decode()


def detect(client, name: str):
    return client.post(reverse("preferences:time_zone_detect"), {"time_zone": name})


def test_times_are_utc_until_the_browser_reports_its_zone_then_in_that_zone(client, alice):
    client.force_login(alice)
    before = home(client)
    assert "2026-01-15 12:00:00 UTC" in before
    assert 'data-time-zone-detect="/preferences/time-zone/detect/"' in before

    assert detect(client, "Europe/Paris").status_code == 204

    after = home(client)
    assert "2026-01-15 13:00:00 CET" in after
    assert "Times in Europe/Paris" in after
    assert "data-time-zone-detect" not in after  # asked once per session


def test_the_browser_does_not_override_a_zone_the_person_chose(client, alice):
    client.force_login(alice)
    response = client.post(reverse("preferences:time_zone"), {"time_zone": "America/New_York"})
    assert response.status_code == 302
    assert detect(client, "Asia/Tokyo").status_code == 204
    assert "2026-01-15 07:00:00 EST" in home(client)
    assert TimeZonePreference.objects.get(user=alice).time_zone == "America/New_York"


def test_a_chosen_zone_follows_the_person_to_their_next_sign_in(client, alice):
    client.force_login(alice)
    client.post(reverse("preferences:time_zone"), {"time_zone": "Asia/Kolkata"})
    elsewhere = Client()
    elsewhere.force_login(alice)  # a new session, as on another computer
    page = home(elsewhere)
    assert "2026-01-15 17:30:00 IST" in page
    assert "data-time-zone-detect" not in page


def test_a_reported_zone_stays_with_that_session_only(client, alice):
    client.force_login(alice)
    detect(client, "Europe/Paris")
    elsewhere = Client()
    elsewhere.force_login(alice)
    assert "2026-01-15 12:00:00 UTC" in home(elsewhere)
    assert not TimeZonePreference.objects.exists()


def test_unknown_zones_are_refused(client, alice):
    client.force_login(alice)
    assert detect(client, "Mars/Olympus_Mons").status_code == 400
    response = client.post(reverse("preferences:time_zone"), {"time_zone": "Mars/Olympus_Mons"})
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert "2026-01-15 12:00:00 UTC" in home(client)


def test_the_preferences_page_offers_every_zone_in_a_labelled_select(client, alice):
    client.force_login(alice)
    detect(client, "Europe/Paris")
    page = client.get(reverse("preferences:time_zone")).content.decode()
    assert '<label for="id_time_zone">Time zone</label>' in page
    assert '<option value="Europe/Paris" selected>Europe/Paris</option>' in page
    assert '<option value="America/Argentina/Buenos_Aires">America/Argentina/Buenos Aires</option>' in page
    assert "as your browser reported it" in page


def test_the_zone_costs_no_query_however_many_times_the_page_shows(client, alice):
    client.force_login(alice)
    listed_spaces(1, "One", owner=alice.email)
    with CaptureQueriesContext(connection) as one_of_each_in_utc:
        assert home(client).count(" UTC</small>") == 2  # the space's alias date, the action's time
    detect(client, "Europe/Paris")
    # A full page of times: every space's alias date, and the whole list of recent actions.
    for space in listed_spaces(PAGE_SIZE - 1, "Zone", owner=alice.email)[: RECENT_ACTIONS - 1]:
        operations_done(1, "Zone", kind=Operation.Kind.PATCH, actor=alice, space=space)
    with CaptureQueriesContext(connection) as full_page_in_paris:
        page = home(client)
    assert "13:00:00 CET" in page
    assert page.count(" CET</small>") + page.count(" CEST</small>") == PAGE_SIZE + RECENT_ACTIONS
    assert len(full_page_in_paris) == len(one_of_each_in_utc)


def test_detecting_needs_a_signed_in_person_and_a_csrf_token(alice):
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.post(reverse("preferences:time_zone_detect"), {"time_zone": "Europe/Paris"}).status_code == 403
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    assert browser.post(reverse("preferences:time_zone_detect"), {"time_zone": "Europe/Paris"}).status_code == 403
    assert "UTC" in home(browser)
