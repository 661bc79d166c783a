"""A real `celery worker` process, started and stopped by the tests that need one."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from embedded.waiting import wait_for
from embedded.workers import worker_command
from tests.support.paths import REPO


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
