"""docker-compose.yml, the Dockerfile and .env.example, read as files (Docker does not run here): the services and
their settings, the image's shape, and that every setting an operator can set is one the code reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.support.settings_names import settings_read

REPO = Path(__file__).resolve().parents[2]
APP_SERVICES = ("migrate", "web", "worker-interactive", "worker-bulk", "beat")
WORKERS = ("worker-interactive", "worker-bulk")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def test_the_stack_has_web_worker_beat_two_redis_postgres_and_a_demo_emulator(services):
    assert set(services) == {*APP_SERVICES, "postgres", "redis-broker", "redis-cache", "emulator"}


def test_web_worker_and_beat_run_gunicorn_celery_worker_and_celery_beat(services):
    assert services["web"]["command"][:3] == ["gunicorn", "--config", "meetadmin/gunicorn.conf.py"]
    assert services["web"]["command"][-1] == "meetadmin.wsgi"
    for name in WORKERS:
        assert services[name]["command"][:4] == ["celery", "--app", "meetadmin", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "--app", "meetadmin", "beat"]
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--no-input"]


def test_the_app_services_share_one_image_and_one_env_file(services):
    images = {services[name]["image"] for name in APP_SERVICES}
    assert len(images) == 1
    assert {services[name]["env_file"] for name in APP_SERVICES} == {".env"}
    assert all(services[name]["build"] == "." for name in APP_SERVICES)


def test_the_app_services_point_at_this_files_postgres_and_redis_servers(services):
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://meetadmin:")
        assert environment["DATABASE_URL"].endswith("@postgres:5432/meetadmin")
        assert environment["CELERY_BROKER_URL"] == "redis://redis-broker:6379/0"
        assert environment["CACHE_URL"] == "redis://redis-cache:6379/0"
        # Quota buckets and heartbeats must not be evicted: on the broker's server, in a database of their own.
        assert environment["REDIS_URL"] == "redis://redis-broker:6379/1"


def test_web_and_workers_start_after_the_migrations_and_healthy_servers(services):
    for name in ("web", *WORKERS, "beat"):
        depends_on = services[name]["depends_on"]
        assert depends_on["migrate"] == {"condition": "service_completed_successfully"}
        for server in ("postgres", "redis-broker", "redis-cache"):
            assert depends_on[server] == {"condition": "service_healthy"}


def test_every_long_running_service_has_a_healthcheck(services):
    for name in ("web", *WORKERS, "beat", "postgres", "redis-broker", "redis-cache"):
        assert services[name]["healthcheck"]["test"], name
    assert "deploy/healthcheck.py" in services["web"]["healthcheck"]["test"]


def test_the_broker_never_evicts_and_keeps_an_append_only_file_on_a_volume(services, compose):
    command = " ".join(services["redis-broker"]["command"])
    assert "--maxmemory-policy noeviction" in command
    assert "--appendonly yes" in command
    volume = services["redis-broker"]["volumes"][0]
    assert volume == "redis-broker-data:/data"
    assert "redis-broker-data" in compose["volumes"]


def test_the_cache_evicts_least_recently_used_keys_and_keeps_nothing_on_disk(services):
    command = " ".join(services["redis-cache"]["command"])
    assert "--maxmemory-policy allkeys-lru" in command
    assert "--maxmemory " in command
    assert "--appendonly no" in command
    assert "volumes" not in services["redis-cache"]


def test_postgresql_keeps_its_data_on_a_volume(services, compose):
    assert services["postgres"]["image"].startswith("postgres:16")
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "postgres-data" in compose["volumes"]


def test_the_emulator_runs_only_under_the_demo_profile(services):
    assert services["emulator"]["profiles"] == ["demo"]
    assert services["emulator"]["command"][:3] == ["python", "-m", "google_emulator"]
    for name, service in services.items():
        if name != "emulator":
            assert "profiles" not in service, name
            assert "emulator" not in str(service.get("environment", "")), name


def test_only_web_publishes_a_port_among_the_production_services(services):
    published = {name for name, service in services.items() if "ports" in service and "profiles" not in service}
    assert published == {"web"}


# --- the Dockerfile ---


@pytest.fixture(scope="module")
def stages() -> list[list[str]]:
    """The Dockerfile's instructions (continuation lines joined, comments dropped), split into build stages."""
    text = re.sub(r"\\\n\s*", " ", (REPO / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    result: list[list[str]] = []
    for line in lines:
        if line.startswith("FROM "):
            result.append([])
        if result:
            result[-1].append(line)
    return result


def test_the_image_is_built_in_two_stages_on_a_slim_base(stages):
    dockerfile = (REPO / "Dockerfile").read_text()
    assert len(stages) >= 2
    assert "ARG PYTHON_IMAGE=python:3.11-slim" in dockerfile
    assert stages[-1][0].startswith("FROM ${PYTHON_IMAGE}")


def test_the_final_stage_has_no_compiler_and_copies_only_the_built_virtualenv(stages):
    final = "\n".join(stages[-1])
    for tool in ("gcc", "build-essential", "apt-get install", "pip install"):
        assert tool not in final
    assert "COPY --from=build /opt/venv /opt/venv" in final


def test_the_final_stage_runs_as_a_non_root_user(stages):
    users = [line.split()[1] for line in stages[-1] if line.startswith("USER ")]
    assert users
    assert users[-1] not in ("root", "0")


def test_static_files_are_collected_at_build_time_before_dropping_root(stages):
    final = stages[-1]
    collect = next(i for i, line in enumerate(final) if "collectstatic" in line)
    user = next(i for i, line in enumerate(final) if line.startswith("USER "))
    assert collect < user


def test_the_entrypoint_runs_check_deploy_before_the_command():
    dockerfile = (REPO / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["/app/deploy/entrypoint.sh"]' in dockerfile
    script = (REPO / "deploy" / "entrypoint.sh").read_text()
    assert script.index("manage.py check --deploy") < script.index('exec "$@"')
    assert (REPO / "deploy" / "entrypoint.sh").stat().st_mode & 0o111


def test_the_image_installs_only_the_hashed_production_set(stages):
    build = stages[0]
    installs = [line for line in build if line.startswith("RUN ") and "pip install" in line]
    assert installs == ["RUN /opt/venv/bin/pip install --require-hashes --requirement /tmp/requirements.txt"]
    assert "COPY requirements/production.txt /tmp/requirements.txt" in build
    # The development set is never copied in and nothing is filtered out of a lock by hand.
    assert not any("development" in line or "grep" in line for stage in stages for line in stage)


# --- .env.example against the settings ---

OS_ENVIRON_READ = re.compile(r"os\.environ\.get\(\s*\"([A-Z][A-Z0-9_]*)\"")
SHELL_READ = re.compile(r"\$\{([A-Z][A-Z0-9_]*)")


def example_names() -> set[str]:
    names = set()
    for line in (REPO / ".env.example").read_text().splitlines():
        match = re.match(r"#?\s*([A-Z][A-Z0-9_]*)=", line)
        if match:
            names.add(match.group(1))
    return names


def test_env_example_names_every_setting_the_settings_module_reads():
    read = settings_read()
    assert len(read) > 40  # the scan found the settings
    assert read - example_names() == set()


def test_every_name_in_env_example_is_read_by_the_settings_gunicorn_the_entrypoint_or_the_compose_file():
    readers = (
        settings_read()
        | set(OS_ENVIRON_READ.findall((REPO / "meetadmin" / "gunicorn.conf.py").read_text()))
        | set(SHELL_READ.findall((REPO / "deploy" / "entrypoint.sh").read_text()))
        | set(SHELL_READ.findall((REPO / "docker-compose.yml").read_text()))
    )
    assert example_names() - readers == set()


def test_the_required_settings_are_left_for_the_operator_to_fill_in():
    values = dict(
        line.split("=", 1) for line in (REPO / ".env.example").read_text().splitlines() if re.match(r"[A-Z]", line)
    )
    for name in ("SECRET_KEY", "GOOGLE_CLIENT_SECRET", "TOKEN_ENCRYPTION_KEYS", "POSTGRES_PASSWORD"):
        assert values[name] == "", f"{name} must not ship with a value"


def test_the_compose_demo_sets_only_settings_env_example_names():
    demo = {
        line.split("=", 1)[0]
        for line in (REPO / "deploy" / "demo.env").read_text().splitlines()
        if re.match(r"[A-Z]", line)
    }
    assert "MEETADMIN_DEMO" in demo
    assert demo - example_names() == set()
