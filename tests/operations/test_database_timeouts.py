"""Every connection to the database carries its connect and statement timeouts (below gunicorn's), and workers a
longer statement timeout than the web's, below Celery's soft time limit."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import OperationalError, connection

from meetadmin.database import statement_timeout_option, use_statement_timeout

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_web_connection_gives_up_on_a_statement_after_the_statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "10s"
    assert connection.settings_dict["OPTIONS"]["connect_timeout"] == settings.DATABASE_CONNECT_TIMEOUT == 5
    assert settings.DATABASE_CONNECT_TIMEOUT + settings.DATABASE_STATEMENT_TIMEOUT < 30  # gunicorn's timeout


def test_a_statement_that_runs_too_long_is_cancelled_by_the_server():
    original = settings.DATABASES["default"]["OPTIONS"]["options"]
    try:
        use_statement_timeout(0.2)
        with pytest.raises(OperationalError, match="statement timeout"), connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")
    finally:
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
