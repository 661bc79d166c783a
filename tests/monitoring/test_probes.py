"""`/healthz` and `/readyz`, as a load balancer sees them: real database, real Redis, a real worker and beat."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from django.test import override_settings

from embedded.waiting import wait_for
from meetadmin.redis import quick_redis_connection
from monitoring import heartbeats
from tests.support.paths import REPO
from tests.support.silent_server import SilentServer
from tests.support.worker_process import WorkerProcess

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def beat(worker_env, tmp_path):
    """A real `celery beat`, with its schedule file in a temporary folder."""
    log = (tmp_path / "beat.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "meetadmin", "beat", "--schedule", str(tmp_path / "schedule")],
        cwd=REPO,
        env=worker_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    yield process
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def dead_redis_url() -> str:
    with socket.socket() as probe:  # a port nobody listens on once this closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def test_healthz_answers_without_touching_the_database_even_by_ip_address(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="10.1.2.3")  # a probe by pod IP: not in ALLOWED_HOSTS
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_readyz_is_ready_with_a_worker_and_beat_running(client, celery_worker, beat):
    def ready():
        response = client.get("/readyz", HTTP_HOST="10.1.2.3")
        return response if response.status_code == 200 else None

    response = wait_for(ready, timeout=30, what="readyz to turn ready")
    body = response.json()
    assert body["status"] == "ok"
    assert body["failed"] == []
    assert set(body["checks"]) == {"database", "redis", "worker", "beat"}
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.parametrize("queue_setting", ["INTERACTIVE_QUEUE", "BULK_QUEUE"])
def test_readyz_names_the_worker_when_nobody_consumes_a_queue(client, celery_worker, queue_setting):
    with override_settings(**{queue_setting: "nobody-consumes-this"}):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert "worker" in body["failed"]
    assert "nobody-consumes-this" in body["checks"]["worker"]["detail"]
    assert body["checks"]["database"]["ok"]
    assert body["checks"]["redis"]["ok"]


def test_readyz_names_beat_when_it_has_not_ticked_lately(client, celery_worker):
    quick_redis_connection().delete(heartbeats.BEAT_KEY)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["beat"]


def test_readyz_says_redis_is_unreachable_instead_of_failing(client):
    with override_settings(REDIS_URL=dead_redis_url()):  # where heartbeats live, not the cache
        response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    assert {"redis", "worker", "beat"} <= set(body["failed"])


@pytest.mark.serial
def test_readyz_answers_within_its_deadline_when_redis_takes_connections_and_never_answers(client):
    with SilentServer() as frozen:
        silent = f"redis://127.0.0.1:{frozen.port}/0"  # where heartbeats live (meetadmin/redis.py), not the cache
        with override_settings(REDIS_URL=silent, READYZ_DEADLINE_SECONDS=0.5):
            started = time.monotonic()
            response = client.get("/readyz")
            took = time.monotonic() - started
    assert response.status_code == 503
    assert took < 1.0
    body = response.json()
    assert body["checks"]["redis"] == {"ok": False, "detail": "no answer within 0.5s"}
    assert body["checks"]["database"]["ok"] is True
    assert {"redis", "worker", "beat"} <= set(body["failed"])


def test_a_worker_that_stops_takes_its_heartbeat_with_it(client, worker_env):
    queue = "heartbeat-test-queue"
    worker = WorkerProcess(worker_env, concurrency=1, queues=queue).start()
    try:
        with override_settings(INTERACTIVE_QUEUE=queue, BULK_QUEUE=queue):
            wait_for(lambda: client.get("/readyz").json()["checks"]["worker"]["ok"], timeout=15, what="its heartbeat")
            worker.stop()
            response = client.get("/readyz")
    finally:
        worker.stop()
    assert response.status_code == 503
    assert "worker" in response.json()["failed"]


def test_a_worker_finishing_a_scheduled_job_is_recorded_for_the_status_page(celery_worker):
    from spaces.tasks import sweep_operations

    quick_redis_connection().hdel(heartbeats.BEAT_RAN_KEY, "spaces.tasks.sweep_operations")
    sweep_operations.delay()

    def sweep_ran():
        entry = next(e for e in heartbeats.beat_entries() if e.name == "sweep-operations")
        return entry.ran_at

    assert wait_for(sweep_ran, timeout=15, what="the sweep to be recorded as run")
