"""A pytest plugin (loaded with `-p tests.services`) that gives the test run its own servers.

It runs before pytest-django reads the settings, because settings (and allauth's provider URLs) are read once at
import: PostgreSQL and Redis from the embedded packages on free ports in a temporary folder, unless
TEST_DATABASE_URL / TEST_REDIS_URL name other servers, so a run never touches a machine's own services; and the
Google emulator, in this process, on a free port.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

import pytest

_started: list = []
_temp_dir: Path | None = None


def running_emulator():
    """The emulator this test run started (tests/conftest.py's `emulator` fixture hands it out)."""
    from google_emulator.server import RunningEmulator

    return next(server for server in _started if isinstance(server, RunningEmulator))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    _start_services()
    return (yield)


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
    if not redis_url:
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
