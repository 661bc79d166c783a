"""Fixtures shared by the whole suite: the Google emulator over real HTTP, and a real Celery worker."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from embedded.waiting import wait_for
from embedded.workers import worker_command
from tests.services import running_emulator

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def emulator():
    """The test run's emulator (started by tests/services.py before Django read its settings)."""
    return running_emulator()


@pytest.fixture
def control(emulator):
    """The emulator's control surface, with an empty world for each test."""
    from google_emulator.control.client import EmulatorControl

    control = EmulatorControl(emulator.url)
    control.reset()
    return control


class WorkerProcess:
    """A real `celery worker` process on the test database and the test Redis."""

    def __init__(self, env: dict[str, str], concurrency: int = 2, queues: str | None = None) -> None:
        from django.conf import settings

        self.env = env
        self.concurrency = concurrency
        # Both queues unless told: a test about one queue's workers starts one WorkerProcess per queue.
        self.queues = queues or f"{settings.INTERACTIVE_QUEUE},{settings.BULK_QUEUE}"
        self.process: subprocess.Popen | None = None
        self.log = Path(env["MEETADMIN_WORKER_LOG"])

    def start(self) -> WorkerProcess:
        self.process = subprocess.Popen(
            worker_command(
                queues=self.queues.split(","),
                name=f"test-{os.getpid()}-{time.monotonic_ns()}@%h",
                concurrency=self.concurrency,
            ),
            cwd=REPO,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: b"ready." in self.log.read_bytes(), timeout=60, what="the celery worker to be ready")
        return self

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.process = None


@pytest.fixture(scope="session")
def worker_env(django_db_setup, django_db_blocker, tmp_path_factory) -> dict[str, str]:
    """The environment a worker needs to share this test run's database, Redis and emulator."""
    from django.db import connection

    database = connection.settings_dict
    user, password, name = database["USER"], database.get("PASSWORD", ""), database["NAME"]
    if database.get("PORT"):
        url = f"postgres://{user}:{password}@{database['HOST']}:{database['PORT']}/{name}"
    else:  # the embedded server's Unix socket
        url = f"postgres://{user}@/{name}?host={database['HOST']}"
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "MEETADMIN_WORKER_LOG": str(log),
        "DATABASE_CONN_MAX_AGE": "0",
        "OPERATION_RETRY_BASE_SECONDS": "0.2",
        "OPERATION_RETRY_MAX_SECONDS": "1",
        # Google's quota minute, shortened: a quota 429 without RetryInfo waits this out (tests advance the
        # emulator's clock by a minute meanwhile).
        "MEET_QUOTA_WINDOW_SECONDS": "2",
        "OPERATION_QUOTA_PATIENCE_SECONDS": "8",
        # Short, so that fault tests see timeouts and dead workers' leases run out quickly.
        "MEET_READ_TIMEOUT": "1",
        "OPERATION_LEASE_SECONDS": "15",
        "CELERY_TASK_SOFT_TIME_LIMIT": "8",
        "CELERY_TASK_TIME_LIMIT": "10",
    }


@pytest.fixture(scope="session")
def celery_worker(worker_env):
    """One real worker for the session. Tests that use it need committed rows: `django_db(transaction=True)`."""
    worker = WorkerProcess(worker_env).start()
    yield worker
    worker.stop()
