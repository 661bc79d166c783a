"""Every connection to the database carries its connect and statement timeouts (below gunicorn's), and workers a
longer statement timeout than the web's, below Celery's soft time limit."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.conf import settings
from django.db import OperationalError, connection

from meetadmin.database import statement_timeout_option, use_statement_timeout
from meetadmin.postgresql.base import ANSWER_MARGIN_SECONDS
from tests.support.paths import REPO

pytestmark = pytest.mark.django_db(transaction=True)


def statement_timeout_in(worker_env, *python: str) -> str:
    """`SHOW statement_timeout` in a new process on the test database, after `python` lines set it up."""
    script = "\n".join(
        [
            *python,
            "from django.db import connection",
            "with connection.cursor() as cursor:",
            "    cursor.execute('SHOW statement_timeout')",
            "    print(cursor.fetchone()[0])",
        ]
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=worker_env, capture_output=True, text=True, timeout=60
    )
    assert shown.returncode == 0, shown.stderr[-2000:]
    return shown.stdout.strip().splitlines()[-1]


def test_the_web_process_gives_up_on_a_statement_after_the_web_statement_timeout(worker_env):
    assert statement_timeout_in(worker_env, "import meetadmin.wsgi") == "10s"  # what gunicorn loads
    assert settings.DATABASE_CONNECT_TIMEOUT == 5
    assert connection.settings_dict["OPTIONS"]["connect_timeout"] == 5
    assert settings.DATABASE_CONNECT_TIMEOUT + settings.DATABASE_STATEMENT_TIMEOUT + ANSWER_MARGIN_SECONDS < 30


def test_management_commands_run_without_a_statement_timeout(worker_env):
    # `migrate` may build an index on a large table: only the web and the workers set a statement timeout.
    assert statement_timeout_in(worker_env, "import django", "django.setup()") == "0"


def test_a_statement_that_runs_too_long_is_cancelled_by_the_server():
    original = settings.DATABASES["default"]["OPTIONS"].get("options")
    try:
        use_statement_timeout(0.2)
        with pytest.raises(OperationalError, match="statement timeout"), connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")
    finally:
        settings.DATABASES["default"]["OPTIONS"].pop("options")
        if original is not None:
            settings.DATABASES["default"]["OPTIONS"]["options"] = original
        connection.close()


def test_the_statement_timeout_keeps_the_other_options_of_the_url():
    assert statement_timeout_option("-c search_path=meet -c statement_timeout=5000", 48) == (
        "-c search_path=meet -c statement_timeout=48000"
    )
    assert statement_timeout_option("", 0.25) == "-c statement_timeout=250"


def test_a_worker_uses_its_own_statement_timeout_below_celerys_soft_limit(celery_worker):
    # The test run's workers have an 8 s soft limit (tests/conftest.py): 80 % of it.
    assert "database statements time out after 6.4s in this worker" in celery_worker.log.read_text()
