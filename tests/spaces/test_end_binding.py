"""End for everyone ends the conference that was confirmed, once: never a later call, never three times.

The emulator's call log is the judge of what reached Google; a real worker runs every Operation.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from spaces import services
from spaces.models import Operation, Space
from spaces.operations.handlers.conferences import ALREADY_ENDED, ENDED, NEW_ONE_RUNNING
from spaces.permissions import Action, decide
from tests.support.end_confirmation import end_confirmation
from tests.support.settled_operation import settled
from tests.support.signed_in_people import sign_in
from tests.support.space_at_google import as_google_sees_it
from tests.support.workspace_seed import PROJECT, seed_document

pytestmark = [pytest.mark.django_db(transaction=True)]

LIVE = {"id": "AliceLive001", "owner": "alice@example.com", "project": PROJECT, "code": "liv-econ-fer"}
URL = reverse("spaces:conference_end", args=["AliceLive001"])


@pytest.fixture
def live(control):
    control.seed(seed_document(spaces=[LIVE]))
    first = control.start_conference("spaces/AliceLive001", [{"email": "dave@example.com"}])
    alice = sign_in(control, "alice@example.com")
    space = Space.objects.create(
        name="spaces/AliceLive001",
        owner_email=alice.email,
        made_by_meetadmin=True,
        active_conference=first["name"],
        active_participant_count=1,
    )
    return alice, space


def ends_logged(control) -> list[int]:
    return [call["status"] for call in control.calls(method="meet.spaces.endActiveConference")]


def running_now(control) -> str:
    return (as_google_sees_it(control, "alice@example.com", "spaces/AliceLive001").get("activeConference") or {}).get(
        "conferenceRecord", ""
    )


@pytest.mark.usefixtures("celery_worker")
def test_a_replayed_post_after_a_new_call_started_ends_nothing(control, live):
    alice, space = live
    client = Client()
    client.force_login(alice)
    form = end_confirmation("AliceLive001", reason="")
    assert client.post(URL, form).status_code == 302
    first = settled(Operation.objects.get())
    assert first.result_message == ENDED
    second = control.start_conference("spaces/AliceLive001", [{"email": "dave@example.com"}])
    Space.objects.filter(pk=space.pk).update(active_conference=second["name"])  # the cache has seen the new call

    replay = client.post(URL, form)  # the very same form, again

    assert replay["Location"].endswith(f"?operation={first.pk}")
    stale = client.post(URL, {**form, "once": "another-tab-token-0001"})  # the same confirmation from another tab
    assert stale.status_code == 409
    assert "a new one is running; nothing was ended" in stale.content.decode()
    assert Operation.objects.count() == 1
    assert ends_logged(control) == [200]
    assert running_now(control) == second["name"]


@pytest.mark.usefixtures("celery_worker")
def test_a_worker_bound_to_an_ended_call_ends_nothing_when_a_new_one_runs(control, live):
    """What a retry after backoff or the sweeper's re-queue meets: the cache still shows the old call."""
    alice, space = live
    control.end_conference("spaces/AliceLive001")
    second = control.start_conference("spaces/AliceLive001", [{"email": "dave@example.com"}])
    operation = services.conference_end(
        space=space, actor=alice, identity=decide(alice, space, Action.END_CONFERENCE).identity
    )
    operation = settled(operation)
    assert (operation.state, operation.result_message) == (Operation.State.SUCCEEDED, NEW_ONE_RUNNING)
    assert ends_logged(control) == []
    assert running_now(control) == second["name"]
    control.end_conference("spaces/AliceLive001")
    nothing = settled(
        services.conference_end(
            space=space,
            actor=alice,
            identity=decide(alice, space, Action.END_CONFERENCE).identity,
            conference=second["name"],
        )
    )
    assert nothing.result_message == ALREADY_ENDED
    assert ends_logged(control) == []


@pytest.mark.usefixtures("celery_worker")
def test_three_concurrent_posts_of_one_form_make_one_operation_and_one_call(control, live):
    alice, _ = live
    form = end_confirmation("AliceLive001", reason="")
    start = threading.Barrier(3)
    answers: list[str] = []

    def post() -> None:
        client = Client()
        client.force_login(alice)
        start.wait()
        try:
            answers.append(client.post(URL, form)["Location"])
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    [operation] = Operation.objects.all()
    assert answers == [f"/spaces/AliceLive001/?operation={operation.pk}"] * 3
    assert settled(operation).result_message == ENDED
    assert ends_logged(control) == [200]


@pytest.mark.django_db
def test_a_confirmation_without_its_conference_or_token_is_refused_with_a_message(client, live):
    alice, _ = live
    client.force_login(alice)
    bare = client.post(URL, {"reason": ""})
    assert bare.status_code == 422
    assert "names no conference" in bare.content.decode()
    assert Operation.objects.count() == 0
