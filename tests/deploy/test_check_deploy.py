"""`manage.py check --deploy` with the values an operator puts in .env: silent for production values, and refusing
the demo's secret key, the emulator as Google, and a deployment without an allowed domain."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.production_env import PRODUCTION_VALUES, production_environment

REPO = Path(__file__).resolve().parents[2]


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_values_pass_with_no_warnings_at_all():
    result = check_deploy(production_environment())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "System check identified no issues (0 silenced)." in output


def test_the_demo_secret_key_is_refused():
    result = check_deploy(production_environment(SECRET_KEY=""))
    assert result.returncode != 0
    assert "meetadmin.E001" in result.stderr


def test_the_emulator_as_google_is_refused():
    result = check_deploy(production_environment(GOOGLE_EMULATOR_URL="http://emulator:8090"))
    assert result.returncode != 0
    assert "meetadmin.E003" in result.stderr


def test_a_loopback_google_endpoint_is_refused():
    result = check_deploy(production_environment(GOOGLE_TOKEN_URI="http://127.0.0.2:8090/token"))
    assert result.returncode != 0
    assert "meetadmin.E002" in result.stderr


def test_a_loopback_userinfo_url_is_refused():
    result = check_deploy(production_environment(GOOGLE_USERINFO_URL="http://localhost:8090/oauth2/v2/userinfo"))
    assert result.returncode != 0
    assert "meetadmin.E002" in result.stderr
    assert "GOOGLE_USERINFO_URL" in result.stderr


def test_every_google_endpoint_setting_is_checked_for_a_local_emulator():
    from meetadmin import settings as defined
    from meetadmin.checks import GOOGLE_ENDPOINT_SETTINGS

    endpoints = {
        name
        for name in dir(defined)
        if name.startswith(("GOOGLE_", "MEET_")) and name.endswith(("_URL", "_URI", "_ISSUER"))
    }
    assert endpoints - {"GOOGLE_EMULATOR_URL"} == set(GOOGLE_ENDPOINT_SETTINGS)


def test_no_allowed_domain_is_refused():
    result = check_deploy(production_environment(ALLOWED_WORKSPACE_DOMAINS=""))
    assert result.returncode != 0
    assert "meetadmin.E006" in result.stderr


def test_turning_https_off_in_production_is_a_warning():
    result = check_deploy(production_environment(SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0"))
    assert result.returncode != 0
    assert "security.W008" in result.stderr
    assert "security.W004" in result.stderr


def test_forms_may_go_only_to_the_site_and_googles_sign_in(settings):
    probe = "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {probe}"],
        cwd=REPO,
        env={**production_environment(), "DJANGO_SETTINGS_MODULE": "meetadmin.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "[\"'self'\", 'https://accounts.google.com']", result.stderr
    # Where Google is the emulator (the demo, these tests), its consent page is where sign-in goes instead.
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] == ["'self'", settings.GOOGLE_EMULATOR_URL]


def demo_env_values() -> dict[str, str]:
    lines = (REPO / "deploy" / "demo.env").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line[:1].isupper())


def test_the_compose_demo_passes_the_ordinary_checks_and_never_the_deploy_ones():
    # The entrypoint runs `check` for MEETADMIN_DEMO=true and `check --deploy` otherwise.
    # The containers' environment when .env is deploy/demo.env and nothing else.
    env = {name: value for name, value in production_environment().items() if name not in PRODUCTION_VALUES}
    env.update(demo_env_values())
    ordinary = subprocess.run(
        [sys.executable, "manage.py", "check", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ordinary.returncode == 0, ordinary.stderr
    deploy = check_deploy(env)
    assert deploy.returncode != 0
    assert "meetadmin.E003" in deploy.stderr


def test_an_oauth_client_left_empty_in_env_is_refused():
    # `.env.example` ships GOOGLE_CLIENT_SECRET= empty; compose passes that on as an empty value, not as unset.
    result = check_deploy(production_environment(GOOGLE_CLIENT_SECRET=""))
    assert result.returncode != 0
    assert "meetadmin.E007" in result.stderr
    assert "GOOGLE_CLIENT_ID or GOOGLE_CLIENT_SECRET is empty" in result.stderr
