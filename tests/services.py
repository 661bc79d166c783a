"""A pytest plugin (loaded with `-p tests.services`) that gives the test run its own servers.

It runs before pytest-django reads the settings, because settings (and allauth's provider URLs) are read once at
import: PostgreSQL and Redis from the embedded packages on free ports in a temporary folder, unless
TEST_DATABASE_URL / TEST_REDIS_URL name other servers, so a run never touches a machine's own services; and the
Google emulator, in this process, on a free port.

Under pytest-xdist (`make test` runs with `-n`) the controller only hands out tests and starts nothing; each worker
process starts its own servers, so workers share no database, broker or emulator. pytest-django gives each worker its
own test database name, which matters only when TEST_DATABASE_URL names one shared server; a shared TEST_REDIS_URL is
split into a block of database numbers per worker (see `worker_redis_url`).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

_started: list = []
_temp_dir: Path | None = None


def running_emulator():
    """The emulator this test run started (tests/conftest.py's `emulator` fixture hands it out)."""
    from google_emulator.server import RunningEmulator

    return next(server for server in _started if isinstance(server, RunningEmulator))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    if not _hands_tests_to_xdist_workers(early_config):
        _start_services()
    return (yield)


def _hands_tests_to_xdist_workers(early_config) -> bool:
    """True in the xdist controller, which runs no test: its workers (PYTEST_XDIST_WORKER set) start their own."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return False
    # `-n 0` and `-p no:xdist` run the tests in this process; `-n auto` is the string "auto".
    return bool(getattr(early_config.known_args_namespace, "numprocesses", None))


# Redis's default number of databases; each worker on a shared Redis takes a block of REDIS_DATABASES_PER_WORKER.
REDIS_DATABASES = 16
REDIS_DATABASES_PER_WORKER = 3  # the worker's own, and the production stack's broker and cache (production_stack.py)


def worker_redis_url(url: str) -> str:
    """A shared TEST_REDIS_URL, moved to this xdist worker's first database: two workers on one broker would run each
    other's tasks against the wrong test database."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker:
        return url
    first = int(worker.removeprefix("gw")) * REDIS_DATABASES_PER_WORKER
    if first + REDIS_DATABASES_PER_WORKER > REDIS_DATABASES:
        raise pytest.UsageError(
            f"TEST_REDIS_URL is shared by the xdist workers, {REDIS_DATABASES_PER_WORKER} databases each, and Redis "
            f"has {REDIS_DATABASES}: run fewer workers (make test PYTEST_WORKERS=...) or leave TEST_REDIS_URL unset."
        )
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{first}"))


def _start_services() -> None:
    global _temp_dir
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    from embedded.servers import EmbeddedPostgres, EmbeddedRedis

    _temp_dir = Path(tempfile.mkdtemp(prefix="meetadmin-test-"))
    database_url = os.environ.get("TEST_DATABASE_URL")
    if not database_url:
        postgres = EmbeddedPostgres(_temp_dir / "postgres", keep_data=False)
        database_url = postgres.start()
        _started.append(postgres)
    redis_url = os.environ.get("TEST_REDIS_URL")
    if redis_url:
        redis_url = worker_redis_url(redis_url)
    else:
        redis = EmbeddedRedis(_temp_dir / "redis")
        redis_url = redis.start()
        _started.append(redis)
    # The Google emulator runs in this process; its address must be known before allauth reads the settings.
    from google_emulator.server import start

    emulator = start(seed="empty")
    _started.append(emulator)
    os.environ["GOOGLE_EMULATOR_URL"] = emulator.url
    from meetadmin.checks import GOOGLE_ENDPOINT_SETTINGS

    for name in GOOGLE_ENDPOINT_SETTINGS:
        os.environ.pop(name, None)
    os.environ["DATABASE_URL"] = database_url
    os.environ["REDIS_URL"] = redis_url
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.pop("CACHE_URL", None)
    os.environ.setdefault("SECURE_COOKIES", "false")
    # Hashed static names need collectstatic; the deployment tests exercise that path on their own.
    os.environ.setdefault("STATIC_MANIFEST", "false")


def pytest_unconfigure(config) -> None:
    while _started:
        _started.pop().stop()
    if _temp_dir is not None:
        shutil.rmtree(_temp_dir, ignore_errors=True)
