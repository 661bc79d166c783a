"""`make demo`: the whole product on one machine, on the same engines as production.

Starts (unless configured) PostgreSQL and Redis from their Python packages with data under var/, migrates, starts
the Google emulator seeded with the demo Workspace, a Celery worker, beat and gunicorn, prints where everything is, and
stops it all on Ctrl-C. A second run finds its data where the first left it; `--reset` starts afresh.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess  # nosec B404  # starts our own servers with fixed arguments
import sys
import time
import urllib.request
from pathlib import Path

from embedded.servers import EmbeddedPostgres, EmbeddedRedis
from embedded.workers import worker_command

BASE_DIR = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("MEETADMIN_VAR_DIR", BASE_DIR / "var"))
DEMO_REDIS_PORT = int(os.environ.get("DEMO_REDIS_PORT", "6399"))


# Printed once the demo is up: who to sign in as (on the emulator's sign-in page) and what each can do there.
WHO_IS_WHO = """Sign in with "Sign in with Google" and pick one of the demo Workspace's people:
  alice@example.com    owner: her spaces, their settings and co-hosts; ends the live call in "AliceLive003"
  charlie@example.com  owner of one space; alice's spaces are hidden from him
  bob@example.com      helpdesk: paste a link from a ticket (try liv-ecal-lnw) and end the call for everyone
  carol@example.com    IT admin: all spaces in the domain, bulk import, the audit log and its CSV, roles
  erin@otherco.test    another Workspace: refused, with the reason
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reset", action="store_true", help="delete the demo's data under var/ first")
    parser.add_argument("--host", default=os.environ.get("DEMO_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("DEMO_PORT", "8000")))
    parser.add_argument("--emulator-port", type=int, default=int(os.environ.get("EMULATOR_PORT", "8090")))
    options = parser.parse_args(argv)

    if options.reset:
        for name in ("postgres", "redis", "emulator-state.json"):
            target = VAR / name
            shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink(missing_ok=True)
        print("demo data removed")

    demo = Demo(options.host, options.port, options.emulator_port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        demo.start()
        demo.wait()
    except KeyboardInterrupt:
        pass
    finally:
        demo.stop()
    return 0


class Demo:
    def __init__(self, host: str, port: int, emulator_port: int) -> None:
        self.host, self.port, self.emulator_port = host, port, emulator_port
        self.servers: list = []
        self.processes: list[tuple[str, subprocess.Popen]] = []

    @property
    def emulator_url(self) -> str:
        return f"http://127.0.0.1:{self.emulator_port}"

    def start(self) -> None:
        VAR.mkdir(exist_ok=True)
        env = dict(os.environ)
        if not env.get("DATABASE_URL"):
            postgres = EmbeddedPostgres(VAR / "postgres", keep_data=True)
            env["DATABASE_URL"] = postgres.start()
            self.servers.append(postgres)
        if not env.get("REDIS_URL"):
            redis = EmbeddedRedis(VAR / "redis", port=DEMO_REDIS_PORT)
            env["REDIS_URL"] = redis.start()
            self.servers.append(redis)
        env.update(
            MEET_API_URL=self.emulator_url,
            GOOGLE_TOKEN_URI=f"{self.emulator_url}/token",
            GOOGLE_EMULATOR_URL=self.emulator_url,
            SECURE_COOKIES="false",
            INITIAL_HELPDESK=env.get("INITIAL_HELPDESK", "bob@example.com"),
            INITIAL_IT_ADMINS=env.get("INITIAL_IT_ADMINS", "carol@example.com"),
            STATIC_MANIFEST="false",
            DEBUG=env.get("DEBUG", "false"),
            LOG_FORMAT=env.get("LOG_FORMAT", "plain"),  # people read the demo's logs; production's are JSON
            PYTHONUNBUFFERED="1",
        )
        self.env = env
        python = sys.executable
        self._run([python, "manage.py", "migrate", "--no-input", "-v", "0"])
        self._spawn(
            "emulator",
            [
                python,
                "-m",
                "google_emulator",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.emulator_port),
                "--seed",
                "demo",
                "--state",
                str(VAR / "emulator-state.json"),
            ],
        )
        # One worker per queue, as in production: a bulk import never holds up an End (README "Queues").
        queues = (env.get("INTERACTIVE_QUEUE", "interactive"), env.get("BULK_QUEUE", "bulk"))
        for name, queue in zip(("worker-interactive", "worker-bulk"), queues, strict=True):
            self._spawn(name, worker_command(queues=[queue], name=f"{name}@%h"))
        self._spawn(
            "beat",
            [
                python,
                "-m",
                "celery",
                "-A",
                "meetadmin",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(VAR / "celerybeat-schedule"),
            ],
        )
        self._spawn(
            "web",
            [
                python,
                "-m",
                "gunicorn",
                "meetadmin.wsgi",
                "--bind",
                f"{self.host}:{self.port}",
                "--workers",
                "2",
                "--logger-class",
                "meetadmin.gunicorn_logging.RedactingLogger",  # no sign-in code or state in the log
                "--access-logfile",
                "-",
                "--access-logformat",
                # The request id (meetadmin/request_id.py) ties an access line to the app's and the worker's lines.
                '%(h)s "%(r)s" %(s)s %(b)s %(M)sms [%({x-request-id}o)s]',
            ],
        )
        self._wait_for(f"{self.emulator_url}/_emulator/", "the emulator")
        self._wait_for(f"http://{self.host}:{self.port}/", "the web server")
        print(
            "\nmeetadmin is running.\n"
            f"  dashboard: http://{self.host}:{self.port}/\n"
            f"  emulator:  {self.emulator_url}/_emulator/   (the demo Workspace: users, spaces, calls)\n"
            "Press Ctrl-C to stop everything; run `make demo` again to continue where you left off.\n",
            flush=True,
        )
        print(WHO_IS_WHO, flush=True)

    def wait(self) -> None:
        while True:
            for name, process in self.processes:
                if process.poll() is not None:
                    raise SystemExit(f"{name} stopped unexpectedly (exit {process.returncode})")
            time.sleep(0.5)

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for _name, process in reversed(self.processes):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        for server in reversed(self.servers):
            server.stop()
        print("meetadmin demo stopped.")

    def _run(self, command: list[str]) -> None:
        subprocess.run(command, cwd=BASE_DIR, env=self.env, check=True)  # noqa: S603 - our own commands  # nosec B603

    def _spawn(self, name: str, command: list[str]) -> None:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=self.env)  # noqa: S603 - our own commands  # nosec B603
        self.processes.append((name, process))

    def _wait_for(self, url: str, what: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - a local URL we built  # nosec B310
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"{what} did not answer at {url} within {timeout:.0f}s")


if __name__ == "__main__":
    sys.exit(main())
