"""Google's own Pub/Sub emulator (the Cloud SDK's `pubsub-emulator` component, a Java program), run as a process on
a free port, for the tests that hold our Pub/Sub to it. Absent on a fresh laptop: `missing()` says what is needed.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path

from embedded.waiting import wait_for

# Where Debian's google-cloud-cli package and the Cloud SDK's own installer put the component.
_SDK_ROOTS = ("/usr/lib/google-cloud-sdk", "/usr/share/google-cloud-sdk", "~/google-cloud-sdk")
_LAUNCHER = "platform/pubsub-emulator/bin/cloud-pubsub-emulator"
START_TIMEOUT = 90.0  # a JVM on two busy cores


def launcher() -> Path | None:
    """The emulator's start script: $GOOGLE_PUBSUB_EMULATOR_BIN (when set, the only place looked at), else the Cloud
    SDK's component."""
    if os.environ.get("GOOGLE_PUBSUB_EMULATOR_BIN"):
        named = Path(os.environ["GOOGLE_PUBSUB_EMULATOR_BIN"])
        return named if named.is_file() else None
    roots = list(_SDK_ROOTS)
    gcloud = shutil.which("gcloud")
    if gcloud:
        roots.insert(0, str(Path(gcloud).resolve().parents[1]))
    for root in roots:
        candidate = Path(root).expanduser() / _LAUNCHER
        if candidate.is_file():
            return candidate
    return None


def missing() -> str | None:
    """Why Google's Pub/Sub emulator cannot run here, or None when it can."""
    if launcher() is None:
        return (
            "Google's Pub/Sub emulator is not installed (no Cloud SDK pubsub-emulator component: "
            "`gcloud components install pubsub-emulator`, or apt's google-cloud-cli-pubsub-emulator; "
            "or set GOOGLE_PUBSUB_EMULATOR_BIN to its cloud-pubsub-emulator script)"
        )
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "Google's Pub/Sub emulator needs a Java runtime (java on PATH or JAVA_HOME), and none was found"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class GooglePubSubEmulator:
    """`GooglePubSubEmulator().start()`; `.address` is `host:port` (for PUBSUB_EMULATOR_HOST); `.stop()`."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.address = f"127.0.0.1:{self.port}"
        self._folder = Path(tempfile.mkdtemp(prefix="google-pubsub-emulator-"))
        self.log = self._folder / "emulator.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> GooglePubSubEmulator:
        script = launcher()
        assert script is not None, missing()
        self.process = subprocess.Popen(
            [str(script), "--host=127.0.0.1", f"--port={self.port}"],
            cwd=self._folder,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def up() -> bool:
            if self.process is not None and self.process.poll() is not None:
                raise AssertionError(f"Google's Pub/Sub emulator exited: {self.log.read_text()[-2000:]}")
            return _listening(self.port)

        wait_for(up, timeout=START_TIMEOUT, interval=0.2, what="Google's Pub/Sub emulator to listen")
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
        shutil.rmtree(self._folder, ignore_errors=True)
