"""`make demo` on a machine with nothing running: it serves the dashboard and the emulator, stops cleanly on
Ctrl-C, and a second run finds its data where the first left it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import requests

from embedded.servers import free_port
from embedded.waiting import wait_for

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def run_demo(tmp_path: Path, ports: dict[str, int]) -> subprocess.Popen:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "GOOGLE_EMULATOR_URL", "MEET_API_URL", "GOOGLE_TOKEN_URI"}
    }
    env.update(
        MEETADMIN_VAR_DIR=str(tmp_path / "var"),
        DEMO_PORT=str(ports["web"]),
        EMULATOR_PORT=str(ports["emulator"]),
        DEMO_REDIS_PORT=str(ports["redis"]),
    )
    log = (tmp_path / "demo.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "embedded.demo"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(demo: subprocess.Popen) -> None:
    family = psutil.Process(demo.pid).children(recursive=True)
    demo.send_signal(signal.SIGINT)
    demo.wait(timeout=60)
    _gone, alive = psutil.wait_procs(family, timeout=30)
    assert alive == [], f"left running after Ctrl-C: {alive}"


def test_demo_serves_both_urls_it_prints_and_keeps_its_data(postgres_tmp_path):
    tmp_path = postgres_tmp_path  # the demo's var/ holds its PostgreSQL
    ports = {"web": free_port(), "emulator": free_port(), "redis": free_port()}
    dashboard, emulator = f"http://127.0.0.1:{ports['web']}/", f"http://127.0.0.1:{ports['emulator']}/_emulator/"
    demo = run_demo(tmp_path, ports)
    try:
        log = tmp_path / "demo.log"
        wait_for(
            lambda: b"meetadmin is running." in log.read_bytes(), timeout=120, interval=0.5, what="the demo to start"
        )
        printed = log.read_text()
        assert dashboard in printed
        assert emulator in printed
        # It says whom to sign in as, and what each can do.
        for person, job in (
            ("alice@example.com", "owner"),
            ("bob@example.com", "helpdesk"),
            ("carol@example.com", "IT admin"),
        ):
            assert any(person in line and job in line for line in printed.splitlines()), (person, job)
        assert "Sign in with Google" in requests.get(dashboard, timeout=10).text
        assert "alice@example.com" in requests.get(emulator, timeout=10).text
        # Its worker and beat report in, so a load balancer would send it traffic; and its logs are for people.
        wait_for(lambda: requests.get(f"{dashboard}readyz", timeout=10).status_code == 200, timeout=60, what="readyz")
        assert '{"level"' not in log.read_text()
    finally:
        stop(demo)
    # The second run finds the first run's database (the migrations are not run from scratch) and seeded world.
    assert (tmp_path / "var" / "postgres" / "PG_VERSION").exists()
    assert (tmp_path / "var" / "emulator-state.json").exists()
    started = time.monotonic()
    demo = run_demo(tmp_path, ports)
    try:
        wait_for(
            lambda: (tmp_path / "demo.log").read_text().count("meetadmin is running.") == 2,
            timeout=120,
            interval=0.5,
            what="the second start",
        )
        assert requests.get(dashboard, timeout=10).status_code == 200
    finally:
        stop(demo)
    assert time.monotonic() - started < 120
