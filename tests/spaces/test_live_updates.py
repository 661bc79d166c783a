"""The parts of a page that follow Google while it is open: the live call on a space's page, the outcome of an action
just asked for, and a bulk import's progress. Each answers 204 while nothing changed (nothing swapped, nothing
announced), and says what changed in a live region when something did."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from spaces.models import BulkImport, ConferenceRecord, Operation, Participant, Space
from spaces.space_lists import PAGE_SIZE
from tests.support.cached_spaces import alices_live_space
from tests.support.end_confirmation import end_confirmation
from tests.support.page_rows import SPACE_PAGE_LISTS, conference_history, operations_done, people_in_call
from tests.support.signed_in_people import person

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def alice():
    return person("alice@example.com")


@pytest.fixture
def live_space():
    space = alices_live_space(
        "AliceLive001",
        in_call=1,
        fetched_at=timezone.now(),
        config_seen_at=timezone.now(),  # read as alice, its owner: what Google showed about the call is complete
    )
    record = ConferenceRecord.objects.create(name="conferenceRecords/r1", space=space)
    Participant.objects.create(name="conferenceRecords/r1/participants/1", record=record, display_name="Dave")
    return space


def live(client, seen: str = ""):
    return client.get(reverse("spaces:space_live", args=["AliceLive001"]), {"seen": seen}, **HX)


def seen_in(html: str) -> str:
    return html.split('id="live-seen" name="seen" value="', 1)[1].split('"', 1)[0]


def test_the_live_part_answers_204_until_someone_joins_then_shows_and_announces_them(client, alice, live_space):
    client.force_login(alice)
    page = client.get(reverse("spaces:space", args=["AliceLive001"])).content.decode()
    assert 'hx-get="/spaces/AliceLive001/live/" hx-trigger="every 3s"' in page
    assert "Dave" in page
    seen = seen_in(page)

    assert live(client, seen).status_code == 204

    Participant.objects.create(
        name="conferenceRecords/r1/participants/2", record_id=live_space.active_conference, display_name="Charlie"
    )
    Space.objects.filter(pk=live_space.pk).update(active_participant_count=2)
    changed = live(client, seen)
    assert changed.status_code == 200
    part = changed.content.decode()
    assert "<html" not in part
    assert "Live now</strong>, 2 in the call" in part
    assert "<li>Charlie</li>" in part
    assert 'hx-swap-oob="beforeend:#announce-polite"><p>Live now, 2 in the call.</p>' in part
    assert 'id="end-conference"' in part  # the same id, so htmx puts a keyboard user's focus back on it
    assert '<div id="space-operations" hx-swap-oob="true">' in part  # the actions list below follows too
    assert seen_in(part) != seen


def test_the_call_ending_elsewhere_shows_without_a_reload(client, alice, live_space):
    client.force_login(alice)
    seen = seen_in(client.get(reverse("spaces:space", args=["AliceLive001"])).content.decode())
    Space.objects.filter(pk=live_space.pk).update(active_conference="", active_participant_count=0)
    part = live(client, seen).content.decode()
    assert "<p>No conference is running.</p>" in part
    assert "End for everyone" not in part


def test_watching_reads_google_at_most_once_per_interval_per_space(client, alice, live_space, settings):
    settings.LIVE_REFRESH_SECONDS = 60
    bob = person("bob@example.com", role=Role.HELPDESK)
    client.force_login(alice)
    live(client)
    assert Operation.objects.filter(kind=Operation.Kind.REFRESH).count() == 0  # read from Google just now

    Space.objects.filter(pk=live_space.pk).update(fetched_at=timezone.now() - timedelta(seconds=61))
    live(client)
    live(client)
    client.force_login(bob)
    live(client)  # a second watcher does not add reads either
    refreshes = list(Operation.objects.filter(kind=Operation.Kind.REFRESH))
    assert [(refresh.actor, refresh.identity_email) for refresh in refreshes] == [(None, "alice@example.com")]

    client.force_login(alice)
    page = client.get(reverse("spaces:space", args=["AliceLive001"])).content.decode()
    assert "Refresh a space" not in page  # upkeep reads stay out of the list of what people did


def test_a_space_with_no_call_is_read_less_often_while_watched(client, alice, live_space, settings):
    settings.LIVE_REFRESH_SECONDS, settings.LIVE_IDLE_REFRESH_SECONDS = 5, 30
    ten_seconds_old = timezone.now() - timedelta(seconds=10)
    Space.objects.filter(pk=live_space.pk).update(active_conference="", fetched_at=ten_seconds_old)
    client.force_login(alice)
    live(client)
    assert not Operation.objects.filter(kind=Operation.Kind.REFRESH).exists()  # quiet: 10 s old is fresh enough

    Space.objects.filter(pk=live_space.pk).update(active_conference="conferenceRecords/r1")
    live(client)
    assert Operation.objects.filter(kind=Operation.Kind.REFRESH).count() == 1  # live: 10 s old is stale


def test_charlie_cannot_watch_alices_call(client, live_space):
    client.force_login(person("charlie@example.com"))
    assert live(client).status_code == 404
    assert Operation.objects.count() == 0


def test_the_live_part_runs_as_many_queries_with_full_lists_as_with_one_of_each(client, alice, live_space):
    """Dave alone in the call, one action and one past conference; then a full call and full lists (the live part
    brings the history and the actions along when it answers)."""
    client.force_login(alice)
    operations_done(1, "One", kind=Operation.Kind.PATCH, space=live_space)
    conference_history(live_space, 1, "One")
    with CaptureQueriesContext(connection) as one:
        assert "One reason" in live(client).content.decode()
    people_in_call(live_space, PAGE_SIZE - 1, "Guest")
    operations_done(SPACE_PAGE_LISTS - 1, "More", kind=Operation.Kind.PATCH, space=live_space)
    conference_history(live_space, SPACE_PAGE_LISTS - 1, "More")
    with CaptureQueriesContext(connection) as full:
        response = live(client)
    assert response.status_code == 200
    html = response.content.decode()
    shown = html.count("<li>Guest "), html.count("More reason"), html.count('<article class="record">')
    assert shown == (PAGE_SIZE - 1, SPACE_PAGE_LISTS - 1, SPACE_PAGE_LISTS)  # with dave, one action, the live call
    assert len(full) == len(one)


def test_the_live_part_reads_what_it_compares_once(client, alice, live_space):
    """The poll compares the call with the browser's copy, then draws the parts: what it read to compare (the people
    in the call, the actions, the past conferences) is not read again to draw."""
    client.force_login(alice)
    operations_done(1, "One", kind=Operation.Kind.PATCH, space=live_space)
    conference_history(live_space, 1, "One")
    with CaptureQueriesContext(connection) as queries:
        assert live(client).status_code == 200
    statements = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("SELECT")]
    repeated = {sql for sql in statements if statements.count(sql) > 1}
    assert not repeated, repeated


def test_ending_leads_back_to_the_space_with_the_outcome_focused(client, alice, live_space):
    client.force_login(alice)
    response = client.post(
        reverse("spaces:conference_end", args=["AliceLive001"]), end_confirmation("AliceLive001", reason="")
    )
    operation = Operation.objects.get(kind=Operation.Kind.END_CONFERENCE)
    assert response["Location"] == f"/spaces/AliceLive001/?operation={operation.pk}"
    page = client.get(response["Location"]).content.decode()
    assert '<div id="outcome" class="banner outcome" tabindex="-1" data-focus-on-load>' in page
    assert f'hx-get="/operations/{operation.pk}/" hx-trigger="every 1s"' in page

    carol = person("carol@example.com", role=Role.IT_ADMIN)
    client.force_login(carol)  # an IT admin sees the space, but alice's action is not followed on carol's page
    page = client.get(response["Location"]).content.decode()
    assert "AliceLive001" in page
    assert 'id="outcome"' not in page


def test_the_outcome_line_answers_204_until_it_settles_then_announces_a_failure_assertively(client, alice, live_space):
    client.force_login(alice)
    operation = Operation.objects.create(
        kind=Operation.Kind.END_CONFERENCE,
        actor=alice,
        identity_kind="own_grant",
        identity_email="alice@example.com",
        space=live_space,
    )
    url = reverse("spaces:operation", args=[operation.pk])
    assert client.get(url, {"seen": "queued"}, **HX).status_code == 204
    Operation.objects.filter(pk=operation.pk).update(state=Operation.State.FAILED, result_message="Google said no.")
    settled = client.get(url, {"seen": "queued"}, **HX)
    assert settled.status_code == 286  # htmx stops polling
    line = settled.content.decode()
    assert "Failed</span> — Google said no." in line
    assert 'hx-swap-oob="beforeend:#announce-assertive"><p>End the conference: Failed — Google said no.</p>' in line
    assert "hx-trigger" not in line


def test_a_finished_lookup_sends_the_browser_to_the_space(client, alice, live_space):
    client.force_login(alice)
    operation = Operation.objects.create(
        kind=Operation.Kind.RESOLVE,
        actor=alice,
        identity_kind="own_grant",
        identity_email="alice@example.com",
        space=live_space,
        state=Operation.State.SUCCEEDED,
    )
    response = client.get(reverse("spaces:operation", args=[operation.pk]), {"seen": "queued"}, **HX)
    assert response["HX-Redirect"] == "/spaces/AliceLive001/"


def test_import_progress_swaps_only_when_someone_more_is_done_and_announces_the_end(client):
    carol = person("carol@example.com", role=Role.IT_ADMIN)
    client.force_login(carol)
    batch = "b" * 32
    BulkImport.objects.create(batch=batch, actor=carol, addresses=["alice@example.com", "dave@example.com"], expanded=2)
    first, second = (
        Operation.objects.create(
            kind=Operation.Kind.DISCOVER,
            actor=carol,
            identity_kind="delegation",
            identity_email=email,
            target=email,
            batch=batch,
        )
        for email in ("alice@example.com", "dave@example.com")
    )
    url = reverse("spaces:import_progress", args=[batch])
    page = client.get(url).content.decode()
    assert 'aria-valuenow="0"' in page
    assert 'role="status"' not in page.split('id="import-progress"', 1)[1]  # the count itself is not announced
    assert client.get(url, {"seen": "0"}, **HX).status_code == 204

    Operation.objects.filter(pk=first.pk).update(state=Operation.State.SUCCEEDED)
    moved = client.get(url, {"seen": "0"}, **HX)
    assert moved.status_code == 200
    assert 'aria-valuenow="1"' in moved.content.decode()
    assert "announce" not in moved.content.decode()

    Operation.objects.filter(pk=second.pk).update(state=Operation.State.FAILED, result_message="No delegation.")
    finished = client.get(url, {"seen": "1"}, **HX)
    assert finished.status_code == 286
    part = finished.content.decode()
    assert 'aria-valuenow="2"' in part
    assert (
        'hx-swap-oob="beforeend:#announce-assertive"><p>Import finished: 1 of 2 people imported, 1 failed.</p>' in part
    )


def test_a_settled_change_brings_the_new_settings_and_co_hosts_without_announcing_the_call(client, alice, live_space):
    # Found in the demo walk-through: "Change settings: Done" showed above the old "Host management: On" until a reload.
    Space.objects.filter(pk=live_space.pk).update(config={"moderation": "ON"})
    client.force_login(alice)
    seen = seen_in(client.get(reverse("spaces:space", args=["AliceLive001"])).content.decode())
    assert live(client, seen).status_code == 204

    members = [{"name": "spaces/AliceLive001/members/m1", "email": "dave@example.com", "role": "COHOST"}]
    Space.objects.filter(pk=live_space.pk).update(config={"moderation": "OFF"}, members=members)
    changed = live(client, seen)
    assert changed.status_code == 200
    part = changed.content.decode()
    settings_part = part.split('<div id="space-settings" hx-swap-oob="true">', 1)[1].split("</dl>", 1)[0]
    assert "<dt>Host management</dt><dd>Off</dd>" in settings_part
    assert '<div id="space-cohosts" hx-swap-oob="true">' in part
    assert "dave@example.com" in part.split('<div id="space-cohosts"', 1)[1]
    assert "#announce-polite" not in part  # the call did not change: nothing to say about it
    assert live(client, seen_in(part)).status_code == 204


def test_a_call_that_ended_leaves_the_past_conferences_without_a_reload(client, alice, live_space):
    # Found in the demo walk-through: "No conference is running" above the same call still listed as "(live)".
    ConferenceRecord.objects.filter(pk="conferenceRecords/r1").update(start_time=timezone.now() - timedelta(hours=1))
    client.force_login(alice)
    seen = seen_in(client.get(reverse("spaces:space", args=["AliceLive001"])).content.decode())
    Space.objects.filter(pk=live_space.pk).update(active_conference="", active_participant_count=0)
    part = live(client, seen).content.decode()
    # The call is over but its end is not copied yet: the record says so, and never "still running".
    before_copy = part.split('<div id="space-history" hx-swap-oob="true">', 1)[1]
    assert "its end not read from Google yet" in before_copy
    assert "still running" not in before_copy
    ConferenceRecord.objects.filter(pk="conferenceRecords/r1").update(end_time=timezone.now())
    copied = live(client, seen_in(part))
    assert copied.status_code == 200
    history = copied.content.decode().split('<div id="space-history" hx-swap-oob="true">', 1)[1]
    assert "its end not read from Google yet" not in history
    assert re.search(r"<h3>\d{4}-\d\d-\d\d \d\d:\d\d – \d\d:\d\d UTC</h3>", history)
    assert "#announce-polite" not in copied.content.decode()  # the call part did not change again
