"""The production commands (gunicorn, the worker, beat) as processes behind a TLS-terminating proxy, on the test
run's database, Redis and emulator: for the deployment tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import requests
import yaml

from tests.support.paths import REPO
from tests.support.production_env import production_environment

SITE = "meet.example.org"
CALLBACK = f"https://{SITE}/accounts/google/login/callback/"


def compose_command(service: str) -> list[str]:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"][service]["command"]


class Process:
    def __init__(self, name: str, command: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.log = log_dir / f"{name}.log"
        self.popen = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=10)


class ThroughTheProxy:
    """A browser reaching gunicorn through the TLS-terminating proxy: the proxy's headers on every request, cookies
    kept by hand (they are Secure, and this hop is plain HTTP), redirects not followed."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {
            "Host": SITE,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.7",
            **kwargs.pop("headers", {}),
        }
        response = requests.request(
            method,
            self.base_url + path,
            headers=headers,
            cookies=self.cookies,
            allow_redirects=False,
            timeout=15,
            **kwargs,
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, data: dict[str, str]) -> requests.Response:
        origin = f"https://{SITE}"
        return self.request("POST", path, data=data, headers={"Origin": origin, "Referer": origin + "/"})


def other_redis_database(url: str, offset: int) -> str:
    """The test Redis, a database `offset` past the test run's own: the session's test worker must not take this
    stack's tasks. Relative, because xdist workers sharing one TEST_REDIS_URL each own a block (tests/services.py)."""
    parts = urlsplit(url)
    own = int(parts.path.strip("/") or 0)
    return f"{parts.scheme}://{parts.netloc}/{own + offset}"


def stack_environment(worker_env, emulator, tmp_path: Path, port: int) -> dict[str, str]:
    redis_url = os.environ["REDIS_URL"]
    return production_environment(
        DATABASE_URL=worker_env["DATABASE_URL"],
        DATABASE_CONN_MAX_AGE="0",
        CELERY_BROKER_URL=other_redis_database(redis_url, 1),
        REDIS_URL=other_redis_database(redis_url, 2),
        CACHE_URL=other_redis_database(redis_url, 2),
        # Google is the emulator here; everything else is as in production (.env.example's values).
        GOOGLE_EMULATOR_URL=emulator.url,
        ALLOWED_WORKSPACE_DOMAINS="example.com",
        STATIC_ROOT=str(tmp_path / "staticfiles"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        OPERATION_SWEEP_SECONDS="2",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
    )
