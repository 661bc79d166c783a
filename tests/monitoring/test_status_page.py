"""The IT admins' status page: queues, worker heartbeats, beat, quota use per identity and the last failures.

carol is an IT admin; bob is helpdesk and alice an owner, and neither may see it. Everything it shows is written
by the real code paths (a worker's heartbeat, the quota pacer, a message sent to a queue) into the real Redis.
"""

from __future__ import annotations

import socket

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from meetadmin.redis import quick_redis_connection
from monitoring import heartbeats
from monitoring.system_status import FAILURES_SHOWN
from spaces import quota_buckets, tasks
from spaces.models import Operation
from tests.support.page_rows import operations_done
from tests.support.signed_in_people import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def carol(client):
    carol = person("carol@example.com", role=Role.IT_ADMIN)
    client.force_login(carol)
    return carol


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def failed(number: int, **fields) -> Operation:
    return Operation.objects.create(
        kind=fields.pop("kind", Operation.Kind.END_CONFERENCE),
        identity_kind=Operation.IdentityKind.DELEGATION,
        identity_email="alice@example.com",
        space_name=f"spaces/Failing{number:05d}",
        state=Operation.State.FAILED,
        result_message=f"Google refused number {number}.",
        error_status="PERMISSION_DENIED",
        attempts=1,
        **fields,
    )


def test_only_it_admins_see_it_and_only_they_are_offered_the_link(client):
    bob = person("bob@example.com", role=Role.HELPDESK)
    client.force_login(bob)
    assert client.get(reverse("monitoring:status")).status_code == 403
    assert reverse("monitoring:status") not in client.get(reverse("spaces:home")).content.decode()
    client.logout()
    assert client.get(reverse("monitoring:status")).status_code == 302  # to sign-in

    carol = person("carol@example.com", role=Role.IT_ADMIN)
    client.force_login(carol)
    assert f'href="{reverse("monitoring:status")}"' in client.get(reverse("spaces:home")).content.decode()


def test_carol_sees_a_worker_beat_and_the_quota_each_identity_uses(client, carol):
    heartbeats.worker_alive("status-test-worker@host", ["celery"])
    heartbeats.beat_ticked()
    for _ in range(3):
        quota_buckets.take("alice.status@example.com", "read")
    quota_buckets.take("alice.status@example.com", "write")

    page = text_of(client.get(reverse("monitoring:status")))

    assert "status-test-worker@host" in page
    assert "Answering" in page
    assert "Running" in page  # beat
    assert "sweep-operations" in page
    assert "alice.status@example.com</th><td>reads</td><td>3</td>" in page.replace("> <", "><")
    assert "alice.status@example.com</th><td>writes</td><td>1</td>" in page.replace("> <", "><")
    assert "The whole project" in page


def test_carol_sees_how_many_messages_wait_in_the_interactive_queue(client, carol):
    queue = "status-test-queue"
    with override_settings(INTERACTIVE_QUEUE=queue):
        for operation_id in (1, 2):  # nobody consumes this queue, so they wait
            tasks.run_operation.apply_async((operation_id,), queue=queue)
        try:
            page = text_of(client.get(reverse("monitoring:status")))
        finally:
            quick_redis_connection().delete(queue)
    label = '<small class="muted">(interactive: what people wait for)</small>'
    assert f"<code>{queue}</code> {label}</th><td>2</td>" in page.replace("> <", "><").replace(
        "</code><small", "</code> <small"
    )


def test_the_last_failures_come_newest_first_and_lead_to_the_audit_log(client, carol):
    failed(2, request_id="req-newer", finished_at="2026-01-02T10:00:00Z")
    failed(1, request_id="req-older", finished_at="2026-01-01T10:00:00Z")  # made later, finished earlier

    page = text_of(client.get(reverse("monitoring:status")))

    assert page.index("Google refused number 2.") < page.index("Google refused number 1.")
    assert "req-newer" in page
    assert "outcome=failed&amp;action=end_conference&amp;space=Failing00002" in page
    assert f'href="{reverse("spaces:space", args=["Failing00002"])}"' in page


def test_the_page_runs_the_same_queries_for_the_full_list_of_failures_as_for_one(client, carol):
    operations_done(1, "One", state=Operation.State.FAILED)
    with CaptureQueriesContext(connection) as one:
        response = client.get(reverse("monitoring:status"))
    assert len(response.context["failures"]) == 1
    operations_done(FAILURES_SHOWN - 1, "More", kind=Operation.Kind.PATCH, state=Operation.State.FAILED)
    with CaptureQueriesContext(connection) as full:
        response = client.get(reverse("monitoring:status"))
    assert response.status_code == 200
    assert len(response.context["failures"]) == FAILURES_SHOWN
    print(f"Status: {len(full)} queries")
    assert len(full) == len(one)
    # session, user, roles, the failures (a reading page does not save the session: accounts/idle_sessions.py)
    assert len(full) == 4


def test_an_unreachable_redis_is_shown_not_a_500(client, carol):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"redis://127.0.0.1:{probe.getsockname()[1]}/0"
    caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": dead}}
    with override_settings(CACHES=caches, REDIS_URL=dead, CELERY_BROKER_URL=dead):
        response = client.get(reverse("monitoring:status"))
    assert response.status_code == 200
    assert "Redis did not answer" in response.content.decode()
