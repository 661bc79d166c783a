"""The benchmarks still run: `python -m bench --smoke` at a tiny scale, its report written to a temporary file.

Timings are not asserted (a shared machine's are noise); what must hold is that every benchmark starts the stack,
drives it, gets answers, and writes its table.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.support.paths import REPO

# Five stacks start one after the other (about two minutes on two busy cores): more than the suite's usual limit.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


def test_every_benchmark_runs_at_a_tiny_scale_and_writes_its_table(tmp_path):
    report = tmp_path / "benchmarks.md"
    environment = {name: value for name, value in os.environ.items() if not name.startswith(("TEST_", "PYTEST_"))}
    finished = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke"],
        cwd=REPO,
        env={**environment, "BENCH_REPORT": str(report)},
        capture_output=True,
        text=True,
        timeout=570,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    text = report.read_text()
    for section in ("pages", "click", "click-bulk", "csv", "bulk"):
        assert f"<!-- bench:{section} -->" in text
    pages = text.split("<!-- bench:pages -->")[1].split("<!-- /bench:pages -->")[0]
    rows = re.findall(r"^\| ([^|]+) \| (\d+) \| (\d+) \|", pages, re.MULTILINE)
    assert len(rows) == 8, pages
    assert all(int(requests) > 0 and errors == "0" for _page, requests, errors in rows), pages
    under_bulk = text.split("<!-- bench:click-bulk -->")[1].split("<!-- /bench:click-bulk -->")[0]
    # Three Ends measured while the 300 bulk refreshes were queued before the first click.
    assert re.search(r"\| End for everyone → endActiveConference \| 3 \| 300 \| \d+ → \d+ \|", under_bulk), under_bulk
    csv = text.split("<!-- bench:csv -->")[1]
    # The seed's 300 audit rows and the role grant that made the benchmark's IT admin (an audit row too).
    assert re.search(r"\| 301 \|", csv), "the CSV export should have streamed all 301 audit rows"
    bulk = text.split("<!-- bench:bulk -->")[1]
    assert re.search(r"\| 60 / 0 \|", bulk), "every refresh should have succeeded"
