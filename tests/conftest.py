"""Fixtures shared by the whole suite: the Google emulator over real HTTP, and a real Celery worker."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services import running_emulator
from tests.support.worker_process import WorkerProcess


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(config, items):
    """Under `--dist loadgroup` (make test): one work unit per test file, so a worker builds a module's fixtures once,
    except the tests marked `serial`, which share one unit and so never run beside each other. Units holding a slow
    test go first: started last, one would keep a worker busy after the others finished."""
    if not getattr(config.option, "loadgroup", False):  # set on xdist's workers only
        return
    groups = {}
    for item in items:
        groups[item] = "serial" if item.get_closest_marker("serial") else item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(groups[item]))
    slow_groups = {groups[item] for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: groups[item] not in slow_groups)


@pytest.fixture(scope="session")
def emulator():
    """The test run's emulator (started by tests/services.py before Django read its settings)."""
    return running_emulator()


@pytest.fixture
def postgres_tmp_path() -> Iterator[Path]:
    """A temporary folder for a PostgreSQL a test starts itself. As root, pgserver runs PostgreSQL as a user of its own
    and opens the folders above the data to it; but `tmp_path` lies under /tmp/pytest-of-<user>, which every pytest
    process that starts (an xdist controller, another person's run) closes again to 0700, and initdb then fails."""
    path = Path(tempfile.mkdtemp(prefix="meetadmin-test-pg-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def control(emulator):
    """The emulator's control surface, with an empty world for each test."""
    from google_emulator.control.client import EmulatorControl

    control = EmulatorControl(emulator.url)
    control.reset()
    return control


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
