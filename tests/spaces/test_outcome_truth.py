"""The outcome line on a space's page (issue 15): settled, it brings every part of the page the action changed in the
same answer; waiting for a retry, it says why and until when, and never goes back to "Queued"; failed, it offers
"Try again" with what the person chose."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from spaces.models import Operation, Space
from spaces.space_lists import PAGE_SIZE
from tests.support.page_rows import SPACE_PAGE_LISTS, conference_history, listed_spaces, operations_done, people_in_call
from tests.support.signed_in_people import person

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
PARTS = ("space-facts", "space-settings", "space-cohosts", "space-history", "space-operations")


@pytest.fixture
def alice(client):
    alice = person("alice@example.com")
    client.force_login(alice)
    return alice


@pytest.fixture
def space(alice) -> Space:
    (space,) = listed_spaces(1, "Truth", owner=alice.email)
    return space


def followed(alice, space, **fields) -> Operation:
    values = {
        "kind": Operation.Kind.END_CONFERENCE,
        "actor": alice,
        "identity_kind": Operation.IdentityKind.OWN_GRANT,
        "identity_email": alice.email,
        "space": space,
    }
    return Operation.objects.create(**{**values, **fields})


def outcome_line(client, operation, seen: str = "queued", page: str = "space"):
    query = {"seen": seen, "page": page} if page else {"seen": seen}
    return client.get(reverse("spaces:operation", args=[operation.pk]), query, **HX)


def test_a_settled_end_brings_the_whole_page_in_the_same_answer(client, alice, space):
    operation = followed(alice, space)
    page = client.get(reverse("spaces:space", args=[space.space_id]), {"operation": operation.pk}).content.decode()
    assert '"page": "space"' in page  # the line on the space's page asks for the page's parts
    assert "Live now" in page

    # What the worker does: the cache first (the handler), then the row.
    Space.objects.filter(pk=space.pk).update(active_conference="", active_participant_count=0)
    Operation.objects.filter(pk=operation.pk).update(
        state=Operation.State.SUCCEEDED, result_message="The conference was ended for everyone."
    )
    answer = outcome_line(client, operation)
    assert answer.status_code == 286
    html = answer.content.decode()
    assert "Done</span> — The conference was ended for everyone." in html
    assert '<div hx-swap-oob="innerHTML:#live-conference">' in html
    for part in PARTS:
        assert f'<div id="{part}" hx-swap-oob="true">' in html
    assert "No conference is running." in html
    assert "Live now" not in html
    assert 'id="end-conference"' not in html
    assert "Queued" not in html.split('<div id="space-operations"', 1)[1]


def test_the_outcome_line_elsewhere_brings_only_itself(client, alice, space):
    operation = followed(alice, space, state=Operation.State.SUCCEEDED)
    html = outcome_line(client, operation, page="").content.decode()
    assert "Done" in html
    assert 'hx-swap-oob="true"' not in html
    assert "#live-conference" not in html


def test_someone_elses_space_page_parts_never_come_along(client, alice):
    (theirs,) = listed_spaces(1, "Theirs")
    operation = followed(alice, theirs, state=Operation.State.FAILED, result_message="Google said no.")
    html = outcome_line(client, operation).content.decode()
    assert "Google said no." in html
    assert "space-settings" not in html


def test_the_settled_answer_runs_as_many_queries_with_full_lists_as_with_one_of_each(client, alice, space):
    operation = followed(alice, space, state=Operation.State.SUCCEEDED, result_message="Ended.")
    conference_history(space, 1, "One")
    people_in_call(space, 1, "One")
    with CaptureQueriesContext(connection) as one:
        html = outcome_line(client, operation).content.decode()
    assert html.count('<article class="record">') == 2  # the live call is in the history too
    operations_done(SPACE_PAGE_LISTS - 1, "More", kind=Operation.Kind.PATCH, space=space)
    conference_history(space, SPACE_PAGE_LISTS - 1, "More")
    people_in_call(space, PAGE_SIZE - 1, "More")
    with CaptureQueriesContext(connection) as full:
        html = outcome_line(client, operation).content.decode()
    shown = html.count("<li>More "), html.count("More reason"), html.count('<article class="record">')
    assert shown == (PAGE_SIZE - 1, SPACE_PAGE_LISTS - 1, SPACE_PAGE_LISTS)
    print(f"Settled outcome with the space page's parts: {len(full)} queries")
    assert len(full) == len(one)


def test_a_retry_waiting_for_a_busy_google_says_so_with_the_attempt(client, alice, space):
    now = timezone.now()
    operation = followed(
        alice,
        space,
        attempts=1,
        started_at=now,
        lease_until=now + timedelta(seconds=7.5),
        retry_reason=Operation.RetryReason.BUSY,
    )
    answer = outcome_line(client, operation)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert re.search(r"Retrying</span> — Google is busy; trying again in [78] s, attempt 2 of 6\.", html), html
    assert "Queued" not in html
    seen = re.search(r'"seen": "([^"]+)"', html)[1]
    assert outcome_line(client, operation, seen=seen).status_code == 204  # the same words: nothing to swap
    assert outcome_line(client, operation, seen="queued").status_code == 200


def test_a_retry_waiting_for_googles_quota_says_until_when(client, alice, space):
    now = timezone.now()
    operation = followed(
        alice, space, started_at=now, lease_until=now + timedelta(seconds=61), retry_reason=Operation.RetryReason.QUOTA
    )
    html = outcome_line(client, operation).content.decode()
    assert re.search(
        r"Retrying</span> — Google's quota for this minute is used up; trying again at \d\d:\d\d:\d\d \w+\.", html
    ), html


def test_a_second_attempt_running_says_which_it_is(client, alice, space):
    operation = followed(alice, space, state=Operation.State.RUNNING, attempts=2, started_at=timezone.now())
    html = outcome_line(client, operation).content.decode()
    assert "Running</span>… attempt 2 of 6." in html


def test_a_queued_action_never_started_is_still_queued(client, alice, space):
    operation = followed(alice, space)
    assert outcome_line(client, operation, seen="queued").status_code == 204
    assert "Queued</span>…" in outcome_line(client, operation, seen="").content.decode()


def test_the_space_pages_actions_show_a_waiting_retry_as_retrying(client, alice, space):
    followed(alice, space, attempts=1, started_at=timezone.now(), retry_reason=Operation.RetryReason.BUSY)
    html = client.get(reverse("spaces:space", args=[space.space_id])).content.decode()
    actions = html.split('<div id="space-operations"', 1)[1]
    assert '<span class="badge badge-retrying">Retrying</span>' in actions
    assert "Queued" not in actions


def test_a_failed_settings_change_is_tried_again_with_what_was_chosen(client, alice, space):
    chosen = {"accessType": "RESTRICTED", "artifactConfig": {"recordingConfig": {"autoRecordingGeneration": "ON"}}}
    operation = followed(
        alice,
        space,
        kind=Operation.Kind.PATCH,
        state=Operation.State.FAILED,
        result_message="Google's quota was used up.",
        params={"updateMask": ["accessType"], "config": chosen},
    )
    line = outcome_line(client, operation).content.decode()
    again = f"/spaces/{space.space_id}/settings/?again={operation.pk}"
    assert f'<a id="try-again" class="button" href="{again}">Try again</a>' in line
    form = client.get(again).content.decode()
    assert '<option value="RESTRICTED" selected>' in form
    assert re.search(r'name="auto_recording_generation"[^>]*>.*?<option value="ON" selected>', form, re.S)
    assert "&quot;access_type&quot;: &quot;OPEN&quot;" in form  # loaded with the settings as they are now


def test_try_again_keeps_only_ones_own_failed_action(client, alice, space):
    carol = person("carol@example.com")
    params = {"config": {"accessType": "RESTRICTED"}}
    done = followed(alice, space, kind=Operation.Kind.PATCH, state=Operation.State.SUCCEEDED, params=params)
    theirs = followed(carol, space, kind=Operation.Kind.PATCH, state=Operation.State.FAILED, params=params)
    for operation in (done, theirs):
        form = client.get(f"/spaces/{space.space_id}/settings/?again={operation.pk}").content.decode()
        assert '<option value="RESTRICTED" selected>' not in form
        assert '<option value="OPEN" selected>' in form
    assert "Try again" not in outcome_line(client, done).content.decode()


def test_a_failed_end_is_tried_again_with_the_reason_given(client, alice, space):
    operation = followed(alice, space, state=Operation.State.FAILED, reason="Ticket 4711", result_message="No.")
    line = outcome_line(client, operation).content.decode()
    again = f"/spaces/{space.space_id}/end/?again={operation.pk}"
    assert f'href="{again}">Try again</a>' in line
    assert "Ticket 4711</textarea>" in client.get(again).content.decode()


def test_a_failed_co_host_change_is_tried_again_with_the_address_typed(client, alice, space):
    operation = followed(
        alice,
        space,
        kind=Operation.Kind.MEMBERS,
        state=Operation.State.FAILED,
        result_message="No.",
        params={"add": ["erin@example.com"], "remove": [], "remove_emails": []},
    )
    line = outcome_line(client, operation).content.decode()
    again = f"/spaces/{space.space_id}/?again={operation.pk}#space-cohosts"
    assert f'href="{again}">Try again</a>' in line
    assert 'value="erin@example.com"' in client.get(again.split("#")[0]).content.decode()
