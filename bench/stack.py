"""The production stack on one machine, for a benchmark: the same servers `make demo` runs, in a temporary folder.

PostgreSQL and Redis come from embedded/servers.py, the emulator from google_emulator (as its own process, so its
work does not share a GIL with ours), gunicorn and a Celery worker as in production: DEBUG off, hashed static files
served by whitenoise, plain HTTP on loopback. This process becomes a Django process on the same database, to seed it.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from embedded.servers import EmbeddedPostgres, EmbeddedRedis, free_port
from embedded.workers import worker_command

REPO = Path(__file__).resolve().parent.parent


class Stack:
    """Start with `with Stack() as stack:`; `stack.web_url`, `stack.emulator_url`, `stack.control`."""

    def __init__(self, *, web_workers: int = 2, settings: dict[str, str] | None = None) -> None:
        self.web_workers = web_workers
        self.extra_settings = settings or {}
        self.folder = Path(tempfile.mkdtemp(prefix="meetadmin-bench-"))
        self.servers: list = []
        self.processes: dict[str, subprocess.Popen] = {}
        self.env: dict[str, str] = {}

    def __enter__(self) -> Stack:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        logging.getLogger("pgserver").setLevel(logging.WARNING)
        postgres = EmbeddedPostgres(self.folder / "postgres", keep_data=False)
        database_url = postgres.start()
        self.servers.append(postgres)
        redis = EmbeddedRedis(self.folder / "redis")
        redis_url = redis.start()
        self.servers.append(redis)
        emulator_port = free_port()
        self.emulator_url = f"http://127.0.0.1:{emulator_port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "GOOGLE_EMULATOR_URL": self.emulator_url,
            "MEET_API_URL": self.emulator_url,
            "GOOGLE_TOKEN_URI": f"{self.emulator_url}/token",
            "DEBUG": "false",
            "STATIC_MANIFEST": "true",
            "SECURE_COOKIES": "false",
            "SECURE_SSL_REDIRECT": "false",
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "meetadmin.settings",
            **self.extra_settings,
        }
        for name in ("CELERY_BROKER_URL", "CACHE_URL", "GOOGLE_AUTHORIZE_URL", "GOOGLE_CERTS_URL"):
            self.env.pop(name, None)
        self._spawn(
            "emulator",
            [
                sys.executable,
                "-m",
                "google_emulator",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(emulator_port),
                "--seed",
                "empty",
            ],
        )
        # This process reads the same settings, so it can seed the database and mint sessions.
        os.environ.update(self.env)
        self._run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"])
        self._run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"])
        import django

        django.setup()
        self._wait_for(f"{self.emulator_url}/_emulator/", "the emulator")
        from google_emulator.control.client import EmulatorControl

        self.control = EmulatorControl(self.emulator_url, timeout=60)

    def start_web(self, workers: int | None = None, name: str = "web") -> str:
        """gunicorn as in production (sync workers); answers its URL once it serves."""
        port = free_port()
        self._spawn(
            name,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "meetadmin.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers or self.web_workers),
                "--log-level",
                "warning",
                "--logger-class",
                "meetadmin.gunicorn_logging.RedactingLogger",  # as in production: no sign-in code or state logged
            ],
            log=True,
        )
        url = f"http://127.0.0.1:{port}"
        self._wait_for(f"{url}/", "gunicorn")
        if name == "web":
            self.web_url = url
        return url

    def start_worker(self, concurrency: int = 2, queues: list[str] | None = None, name: str = "worker") -> None:
        """A Celery worker on `queues` (both, unless told: as the two worker services serve them in production)."""
        from django.conf import settings

        log = self.folder / f"{name}.log"
        already = log.stat().st_size if log.exists() else 0
        queues = queues or [settings.INTERACTIVE_QUEUE, settings.BULK_QUEUE]
        command = worker_command(queues=queues, name=f"bench-{name}-{os.getpid()}@%h", concurrency=concurrency)
        self._spawn(name, command, log=True)
        deadline = time.monotonic() + 60
        while b"ready." not in log.read_bytes()[already:]:
            if time.monotonic() > deadline or self.processes[name].poll() is not None:
                raise RuntimeError(f"the celery worker did not start; see {log}")
            time.sleep(0.1)

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time used so far by each part (a process and its children): where a benchmark's work went."""
        import psutil

        roots = {name: process.pid for name, process in self.processes.items()}
        postgres = next((server for server in self.servers if hasattr(server, "_server")), None)
        if postgres is not None and postgres._server is not None:
            roots["postgres"] = postgres._server.get_pid()
        used: dict[str, float] = {}
        for name, pid in roots.items():
            try:
                root = psutil.Process(pid)
                tree = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                continue
            total = 0.0
            for process in tree:
                try:
                    times = process.cpu_times()
                except psutil.NoSuchProcess:
                    continue
                total += times.user + times.system
            used[name] = total
        return used

    def stop_process(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def stop(self) -> None:
        from django.db import connections

        connections.close_all()
        for name in list(self.processes)[::-1]:
            self.stop_process(name)
        for server in reversed(self.servers):
            server.stop()
        self.servers.clear()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, command: list[str]) -> None:
        subprocess.run(command, cwd=REPO, env=self.env, check=True)  # noqa: S603 - our own commands

    def _spawn(self, name: str, command: list[str], log: bool = False) -> None:
        output = (self.folder / f"{name}.log").open("ab") if log else subprocess.DEVNULL
        self.processes[name] = subprocess.Popen(  # noqa: S603 - our own commands
            command, cwd=REPO, env=self.env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )

    def _wait_for(self, url: str, what: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - a local URL we built
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{what} did not answer at {url} within {timeout:.0f}s")
