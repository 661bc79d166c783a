"""The commands docker-compose.yml runs (migrate, gunicorn, the Celery worker, beat), read from the file and run as
processes on this test run's PostgreSQL and Redis with production settings; Google is the test emulator, reached the
way real Google would be. A person signs in over HTTP as through the TLS proxy and sees their spaces, which the
worker found; beat's schedule ticks and the worker runs what it sends.

Docker is not here, so the images and the compose networking are not exercised: only the commands and settings.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import yaml

from embedded.servers import free_port
from embedded.waiting import wait_for
from spaces.models import Operation
from tests.support.consent import answer_consent, open_consent_page
from tests.support.production_env import PRODUCTION_VALUES, production_environment
from tests.support.production_stack import (
    CALLBACK,
    SITE,
    Process,
    ThroughTheProxy,
    compose_command,
    stack_environment,
)
from tests.support.workspace_seed import PEOPLE, past_conference

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REPO = Path(__file__).resolve().parents[2]
BEAT_SCHEDULE_IN_COMPOSE = "/tmp/celerybeat-schedule"  # the path inside the container


def dockerfile_collectstatic() -> tuple[dict[str, str], list[str]]:
    """The Dockerfile's `RUN NAME=value ... python manage.py collectstatic ...`, as environment and command."""
    line = next(line for line in (REPO / "Dockerfile").read_text().splitlines() if "collectstatic" in line)
    words = shlex.split(line.removeprefix("RUN "))
    env = dict(word.split("=", 1) for word in words if re.fullmatch(r"[A-Z_]+=.*", word))
    return env, [word for word in words if not re.fullmatch(r"[A-Z_]+=.*", word)]


def production_seed() -> dict:
    """The emulator's Workspace, with the production settings' OAuth client and its registered redirect URI."""
    return {
        "users": [{"email": email, "displayName": name} for email, name in PEOPLE.items()],
        "oauthClients": [
            {
                "clientId": PRODUCTION_VALUES["GOOGLE_CLIENT_ID"],
                "clientSecret": PRODUCTION_VALUES["GOOGLE_CLIENT_SECRET"],
                "project": PRODUCTION_VALUES["GOOGLE_CLOUD_PROJECT"],
                "redirectUris": [CALLBACK],
            }
        ],
        "spaces": [
            {
                "id": "AliceStandup",
                "owner": "alice@example.com",
                "project": PRODUCTION_VALUES["GOOGLE_CLOUD_PROJECT"],
                "code": "pro-dstk-upx",
            }
        ],
        "conferences": [past_conference("spaces/AliceStandup", "alice@example.com", days_ago=1)],
    }


@pytest.fixture
def stack(worker_env, emulator, control, tmp_path):
    control.seed(production_seed())
    port = free_port()
    env = stack_environment(worker_env, emulator, tmp_path, port)
    # What the image build does, then what the compose file's services run.
    build_env, collectstatic = dockerfile_collectstatic()
    subprocess.run(collectstatic, cwd=REPO, env={**env, **build_env}, check=True, timeout=120)
    subprocess.run(compose_command("migrate"), cwd=REPO, env=env, check=True, timeout=120)
    beat = [
        str(tmp_path / "celerybeat-schedule") if word == BEAT_SCHEDULE_IN_COMPOSE else word
        for word in compose_command("beat")
    ]
    processes = [
        Process("web", compose_command("web"), env, tmp_path),
        Process("worker", compose_command("worker-interactive"), env, tmp_path),
        Process("worker-bulk", compose_command("worker-bulk"), env, tmp_path),
        Process("beat", beat, env, tmp_path),
    ]
    try:
        for worker in processes[1:3]:
            wait_for(lambda worker=worker: "ready." in worker.output(), timeout=60, what=f"{worker.name} to be ready")
        wait_for(lambda: _answers(f"http://127.0.0.1:{port}/"), timeout=30, what="gunicorn to answer")
        yield {"url": f"http://127.0.0.1:{port}", "env": env, "processes": {p.name: p for p in processes}}
    finally:
        for process in processes:
            process.stop()


def _answers(url: str) -> bool:
    try:
        requests.get(url, timeout=5, allow_redirects=False)
    except (requests.ConnectionError, requests.Timeout):  # not listening yet, or its workers still booting
        return False
    return True


@pytest.mark.serial
def test_the_compose_commands_serve_a_signed_in_page_with_a_real_worker_and_beat(stack, emulator):
    started = time.monotonic()
    browser = ThroughTheProxy(stack["url"])

    # Plain HTTP, as if past the proxy without TLS: sent to HTTPS.
    plain = requests.get(stack["url"] + "/", headers={"Host": SITE}, allow_redirects=False, timeout=10)
    assert plain.status_code == 301
    assert plain.headers["Location"] == f"https://{SITE}/"

    welcome = browser.get("/")
    assert welcome.status_code == 200
    assert welcome.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in welcome.headers["Content-Security-Policy"]
    assert welcome.headers["X-Frame-Options"] == "DENY"
    assert welcome.headers["Referrer-Policy"] == "same-origin"
    assert welcome.headers["X-Content-Type-Options"] == "nosniff"
    assert "Secure" in welcome.headers["Set-Cookie"]
    # Static files are whitenoise's hashed, compressed copies from the build step.
    stylesheet = re.search(r'href="(/static/css/meetadmin\.[0-9a-f]{12}\.css)"', welcome.text).group(1)
    css = browser.get(stylesheet)
    assert css.status_code == 200
    assert "immutable" in css.headers["Cache-Control"]

    # "Sign in with Google": the form posts to meetadmin, which sends the browser to Google (the emulator here).
    action = re.search(r'<form method="post" action="([^"]+)"', welcome.text).group(1).replace("&amp;", "&")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', welcome.text).group(1)
    start = browser.post_form(action, {"csrfmiddlewaretoken": token})
    assert start.status_code == 302, start.text[:500]
    assert start.headers["Location"].startswith(f"{emulator.url}/o/oauth2/v2/auth?")
    at_google = requests.Session()
    consent = open_consent_page(at_google, start.headers["Location"])
    back = answer_consent(at_google, consent, account="alice@example.com")
    assert back.headers["Location"].startswith(CALLBACK + "?")
    callback = browser.get(back.headers["Location"].removeprefix(f"https://{SITE}"))
    assert callback.status_code == 302, callback.text[:500]
    sign_in_secrets = parse_qs(urlsplit(back.headers["Location"]).query)
    assert sign_in_secrets["code"]
    assert sign_in_secrets["state"]

    home = browser.get("/")
    assert home.status_code == 200
    assert "Your spaces" in home.text
    assert "Signed in as alice@example.com" in home.text

    # Sign-in queued the discovery of alice's spaces; the worker runs it, and her page shows what it found.
    discovery = Operation.objects.get(actor__email="alice@example.com", kind=Operation.Kind.DISCOVER)
    wait_for(
        lambda: Operation.objects.get(pk=discovery.pk).state == Operation.State.SUCCEEDED,
        timeout=20,
        what="the worker to finish alice's discovery",
    )
    assert "Found 1 space" in browser.get("/recent-actions/").text
    assert "spaces/AliceStandup" in browser.get("/").text

    # beat sends the sweep on its schedule; the worker runs it.
    worker, beat = stack["processes"]["worker"], stack["processes"]["beat"]
    wait_for(lambda: "Sending due task sweep-operations" in beat.output(), timeout=15, what="beat to send the sweep")
    wait_for(
        lambda: re.search(r"Task spaces\.tasks\.sweep_operations\[[^\]]+\] succeeded", worker.output()),
        timeout=15,
        what="the worker to run the sweep",
    )
    assert time.monotonic() - started < 40

    # The authorization code and state of that sign-in are in no process's log (meetadmin/log_redaction.py).
    for process in stack["processes"].values():
        for secret in (*sign_in_secrets["code"], *sign_in_secrets["state"]):
            assert secret not in process.output(), process.name
    assert "/accounts/google/login/callback/?[redacted]" in stack["processes"]["web"].output()

    # The compose file's health check for web: healthy while gunicorn serves, unhealthy once it stops.
    assert healthcheck(stack).returncode == 0
    stack["processes"]["web"].stop()
    stopped = healthcheck(stack)
    assert stopped.returncode == 1
    assert "unhealthy" in stopped.stderr


def healthcheck(stack) -> subprocess.CompletedProcess:
    command = yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]["web"]["healthcheck"]["test"]
    assert command[:3] == ["CMD", "python", "deploy/healthcheck.py"]
    url = command[3].replace("http://127.0.0.1:8000", stack["url"])
    return subprocess.run(
        [sys.executable, "deploy/healthcheck.py", url],
        cwd=REPO,
        env=stack["env"],
        capture_output=True,
        text=True,
        timeout=30,
    )


def run_entrypoint(marker: Path, **overrides: str) -> subprocess.CompletedProcess:
    """The image's entrypoint with production values (and `overrides`), its command touching `marker`."""
    env = production_environment(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}", **overrides
    )
    return subprocess.run(
        ["deploy/entrypoint.sh", "touch", str(marker)], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("override", "refusal"),
    [
        ({"SECRET_KEY": ""}, "meetadmin.E001"),  # demo settings
        ({"SECURE_HSTS_SECONDS": "0"}, "security.W004"),  # Django's own security warnings stop a start too
    ],
)
def test_the_entrypoint_refuses_and_runs_nothing(tmp_path, override, refusal):
    marker = tmp_path / "served"
    result = run_entrypoint(marker, **override)
    assert result.returncode != 0
    assert refusal in result.stderr
    assert not marker.exists()


def test_the_entrypoint_runs_the_command_after_a_clean_check(tmp_path):
    marker = tmp_path / "served"
    result = run_entrypoint(marker)
    assert result.returncode == 0, result.stderr
    assert marker.exists()


def test_gunicorn_ignores_proxy_headers_from_outside_forwarded_allow_ips(worker_env, emulator, tmp_path):
    port = free_port()
    env = {**stack_environment(worker_env, emulator, tmp_path, port), "FORWARDED_ALLOW_IPS": "192.0.2.1"}
    web = Process("web", compose_command("web"), env, tmp_path)
    try:
        wait_for(lambda: _answers(f"http://127.0.0.1:{port}/"), timeout=30, what="gunicorn to answer")
        claims_https = requests.get(
            f"http://127.0.0.1:{port}/",
            headers={"Host": SITE, "X-Forwarded-Proto": "https"},
            allow_redirects=False,
            timeout=10,
        )
    finally:
        web.stop()
    # Not the proxy: its claim of HTTPS is dropped, and Django sends it to HTTPS like any plain request.
    assert claims_https.status_code == 301
    assert claims_https.headers["Location"] == f"https://{SITE}/"


def test_no_log_line_carries_the_oauth_callbacks_code_or_state(worker_env, emulator, tmp_path):
    port = free_port()
    # Unhashed static names: this test runs no collectstatic, and its pages must render, not fail.
    env = {**stack_environment(worker_env, emulator, tmp_path, port), "STATIC_MANIFEST": "false"}
    web = Process("web", compose_command("web"), env, tmp_path)
    secrets = ("c0de-SECRET-one", "st4te-SECRET-two", "c0de-SECRET-three", "st4te-SECRET-four")
    browser = ThroughTheProxy(f"http://127.0.0.1:{port}")
    try:
        wait_for(lambda: _answers(f"http://127.0.0.1:{port}/"), timeout=30, what="gunicorn to answer")
        # A callback with no sign-in started (allauth's error page), a page that does not exist (Django logs the
        # 404 with the request), and Google's "denied" answer: each writes an access line, some a Django line.
        browser.get(f"/accounts/google/login/callback/?code={secrets[0]}&state={secrets[1]}&scope=openid")
        assert browser.get(f"/no-such-page/?code={secrets[2]}").status_code == 404
        browser.get(f"/accounts/google/login/callback/?error=access_denied&state={secrets[3]}")
        wait_for(lambda: web.output().count("/accounts/google/login/callback/") >= 2, timeout=10, what="the lines")
    finally:
        web.stop()
    output = web.output()
    assert "/no-such-page/?[redacted]" in output
    assert "/accounts/google/login/callback/?[redacted]" in output
    assert "Not Found" in output  # Django's own line for the 404, which carries the request
    for secret in secrets:
        assert secret not in output
