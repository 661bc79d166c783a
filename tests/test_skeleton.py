"""The skeleton stands: Django serves a page from PostgreSQL-backed sessions, and the deploy checks bite."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest
from django.db import connection
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_is_served(client):
    response = client.get(reverse("spaces:home"))
    assert response.status_code == 200
    assert b"Google Meet spaces" in response.content


@pytest.mark.django_db
def test_every_page_names_an_icon_the_site_serves(client):
    # Found in the demo walk-through: without one, each page's first load logged a 404 for /favicon.ico.
    page = client.get(reverse("spaces:home")).content.decode()
    icon = page.split('<link rel="icon" href="', 1)[1].split('"', 1)[0]
    response = client.get(icon)
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content if response.streaming else [response.content])


@pytest.mark.django_db
def test_the_database_is_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("select version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL 16")


def test_redis_answers(settings):
    import redis

    assert redis.Redis.from_url(settings.REDIS_URL).ping() is True


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_refuses_the_demo_secret_key_and_a_local_google():
    result = _check_deploy({"MEET_API_URL": "http://127.0.0.1:8090", "SECRET_KEY": "", "ALLOWED_WORKSPACE_DOMAINS": ""})
    assert result.returncode != 0
    for check_id in ("E001", "E002", "E005", "E006", "E007"):
        assert f"meetadmin.{check_id}" in result.stderr


def test_check_deploy_has_no_meetadmin_errors_with_production_values():
    result = _check_deploy(
        {
            "SECRET_KEY": "x" * 64,
            "MEET_API_URL": "https://meet.googleapis.com",
            "GOOGLE_TOKEN_URI": "https://oauth2.googleapis.com/token",
            "DEBUG": "false",
            "TOKEN_ENCRYPTION_KEYS": "kL8ZsG8qOQF0vC4QfNQ0qgk3V2xG6w3mRk9P9QoJ0YU=",
            "ALLOWED_WORKSPACE_DOMAINS": "example.com",
            "GOOGLE_CLIENT_SECRET": "a-real-secret",
            "GOOGLE_EMULATOR_URL": "",
        }
    )
    assert "meetadmin.E00" not in result.stderr


def test_no_test_reads_a_path_outside_the_repository():
    # A path on one engineer's machine makes the suite fail to collect on every other (a fresh clone, CI).
    from pathlib import Path

    tests = Path(__file__).resolve().parent
    outside = re.compile(r"(?<![\w.])/(?:work|home|root|Users)/")
    found = [
        f"{path.relative_to(tests)}:{number}: {line.strip()}"
        for path in sorted(tests.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if outside.search(line)
    ]
    assert found == []


def _imported_modules(path, tree: ast.AST) -> list[tuple[int, str]]:
    """Every module a file imports, by full name: `from .conftest import X` in tests/meet is tests.meet.conftest."""
    package = ".".join(path.parent.parts)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            module = f"{base}.{node.module}" if node.level and node.module else (node.module or base)
            found.append((node.lineno, module))
            # `from tests.deploy import test_compose_file` imports a test module too.
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def test_no_test_imports_a_test_module_or_a_conftest():
    # Helpers shared by several tests live in tests/support; fixtures live in conftest.py files, which pytest
    # loads by itself. Importing either from a test module runs that module's tests' setup twice and ties tests
    # together by accident.
    from pathlib import Path

    tests = Path(__file__).resolve().parent
    found = [
        f"{path.relative_to(tests)}:{line}: {module}"
        for path in sorted(tests.rglob("*.py"))
        for line, module in _imported_modules(path.relative_to(tests.parent), ast.parse(path.read_text()))
        if module.startswith("tests.") and module.rsplit(".", 1)[-1].startswith(("test_", "conftest"))
    ]
    assert found == []
