"""The Meet client package must not import Django: workers and the emulator tests use it on its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_importing_the_client_does_not_import_django():
    program = (
        "import sys, meet_client, meet_client.client, meet_client.credentials;"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'));"
        "print(loaded); sys.exit(1 if loaded else 0)"
    )
    result = subprocess.run([sys.executable, "-c", program], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_of_the_package_mentions_django():
    for module in (REPO / "meet_client").rglob("*.py"):
        source = module.read_text()
        assert "import django" not in source, module
        assert "from django" not in source, module
