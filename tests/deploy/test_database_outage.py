"""A database that does not answer, under the compose file's gunicorn with production settings: a page answers 503 in
the site's words within the connect timeout, and /readyz answers 503 naming the database within its own deadline,
both measured, both well before gunicorn's timeout would kill the worker and drop the connection.

Two ways a database stops answering: a port that accepts connections and never speaks (a host that froze), and a real
PostgreSQL (pgserver) stopped with SIGSTOP, before gunicorn connects or after it has a connection open.
"""

from __future__ import annotations

import os
import signal
import time

import psutil
import pytest
import requests
from django.conf import settings

from embedded.servers import EmbeddedPostgres, free_port
from embedded.waiting import wait_for
from meetadmin.postgresql.base import ANSWER_MARGIN_SECONDS
from tests.support.production_stack import Process, ThroughTheProxy, compose_command, stack_environment
from tests.support.silent_server import SilentServer

pytestmark = [pytest.mark.slow, pytest.mark.serial, pytest.mark.django_db(transaction=True)]

GUNICORN_TIMEOUT = 30  # meetadmin/gunicorn.conf.py's default
SLACK = 1.5  # a Python process answering on two busy cores


@pytest.fixture(params=["silent port", "stopped postgres"])
def frozen_database(request, postgres_tmp_path):
    if request.param == "silent port":
        with SilentServer() as server:
            yield f"postgres://meetadmin:secret@127.0.0.1:{server.port}/meetadmin"
        return
    postgres = EmbeddedPostgres(postgres_tmp_path / "frozen-postgres", keep_data=False)
    url = postgres.start()
    postmaster = postgres._server.get_pid()
    os.kill(postmaster, signal.SIGSTOP)
    try:
        yield url
    finally:
        os.kill(postmaster, signal.SIGCONT)
        postgres.stop()


@pytest.fixture
def web(frozen_database, worker_env, emulator, tmp_path):
    port = free_port()
    env = {**stack_environment(worker_env, emulator, tmp_path, port), "DATABASE_URL": frozen_database}
    process = Process("web", compose_command("web"), env, tmp_path)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(f"{url}/healthz"), timeout=30, what="gunicorn to answer")
        yield url
    finally:
        process.stop()


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=5).status_code == 200
    except (requests.ConnectionError, requests.Timeout):
        return False


def test_a_page_says_the_database_is_unreachable_with_a_503_before_gunicorns_timeout(web):
    browser = ThroughTheProxy(web)
    browser.cookies["sessionid"] = "a" * 32  # a signed-in person: the page reads their session from the database
    started = time.monotonic()
    page = browser.get("/")
    took = time.monotonic() - started
    assert page.status_code == 503, page.text[:500]
    assert took < settings.DATABASE_CONNECT_TIMEOUT + SLACK < GUNICORN_TIMEOUT
    assert "meetadmin cannot reach its database right now" in page.text
    assert "Try again in 30 seconds" in page.text
    assert page.headers["Retry-After"] == "30"
    assert page.headers["Cache-Control"] == "no-store"
    assert 'href="/static/css/meetadmin.css"' in page.text  # the site's own style


def test_readyz_names_the_database_within_its_own_deadline(web):
    started = time.monotonic()
    probe = requests.get(f"{web}/readyz", headers={"Host": "10.1.2.3"}, timeout=GUNICORN_TIMEOUT)
    took = time.monotonic() - started
    assert probe.status_code == 503
    assert took < settings.READYZ_DEADLINE_SECONDS + SLACK
    body = probe.json()
    assert "database" in body["failed"]
    assert body["checks"]["database"] == {"ok": False, "detail": "no answer within 2s"}
    assert body["checks"]["redis"]["ok"] is True  # the other parts are still asked and answered


@pytest.fixture
def stopped_postgres_with_an_open_connection(worker_env, emulator, tmp_path, postgres_tmp_path):
    """gunicorn (one process, keeping its connection) that has talked to a real PostgreSQL, which then stops whole:
    the postmaster and every backend, the connection already open included."""
    postgres = EmbeddedPostgres(postgres_tmp_path / "frozen-postgres", keep_data=False)
    url = postgres.start()
    port = free_port()
    env = {
        **stack_environment(worker_env, emulator, tmp_path, port),
        "DATABASE_URL": url,
        "DATABASE_CONN_MAX_AGE": "600",
        "DATABASE_STATEMENT_TIMEOUT": "2",
        "WEB_CONCURRENCY": "1",
    }
    process = Process("web", compose_command("web"), env, tmp_path)
    frozen: list[psutil.Process] = []
    try:
        web = f"http://127.0.0.1:{port}"
        wait_for(lambda: _answers(f"{web}/healthz"), timeout=30, what="gunicorn to answer")
        browser = ThroughTheProxy(web)
        browser.cookies["sessionid"] = "a" * 32
        # This database has no tables: the session read fails (a 500), and the connection it opened stays open.
        assert browser.get("/").status_code == 500
        postmaster = psutil.Process(postgres._server.get_pid())
        frozen = [postmaster, *postmaster.children(recursive=True)]
        for part in frozen:
            part.send_signal(signal.SIGSTOP)
        yield browser
    finally:
        for part in frozen:
            part.send_signal(signal.SIGCONT)
        process.stop()
        postgres.stop()


def test_a_connection_already_open_to_a_database_that_froze_gives_up_before_gunicorns_timeout(
    stopped_postgres_with_an_open_connection,
):
    browser = stopped_postgres_with_an_open_connection
    started = time.monotonic()
    page = browser.get("/")
    took = time.monotonic() - started
    assert page.status_code == 503, page.text[:500]
    assert "meetadmin cannot reach its database right now" in page.text
    # Django's health check of the open connection waits the statement timeout and the margin, then it connects
    # afresh and waits the connect timeout: both bounded, together below gunicorn's timeout.
    bound = 2 + ANSWER_MARGIN_SECONDS + settings.DATABASE_CONNECT_TIMEOUT
    assert bound - 1 < took < bound + SLACK < GUNICORN_TIMEOUT
