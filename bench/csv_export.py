"""CSV export of the audit log: time, and the web worker's peak memory, at 10,000 and at 100,000 rows.

Each export runs on a fresh gunicorn (one sync worker, production settings), so the worker's high-water mark
(VmHWM in /proc) belongs to that export alone. Streaming means the peak does not grow with the rows.

`python -m bench.csv_export [--rows N]`
"""

from __future__ import annotations

import argparse
import http.client
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from bench import report
from bench.stack import Stack

# Flat: the larger export may take at most this much more peak memory than the smaller one.
FLAT_TOLERANCE_MB = 5.0


def memory_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def gunicorn_worker(master: int, timeout: float = 30.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.05)
    raise RuntimeError("gunicorn started no worker")


def export(stack: Stack, cookie: str, query: str) -> dict:
    """One export on a fresh one-worker gunicorn: rows, seconds, bytes, the worker's memory before and at peak."""
    url = stack.start_web(workers=1, name="csv")
    worker = gunicorn_worker(stack.processes["csv"].pid)
    before = memory_kb(worker, "VmRSS")
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=300)
    started = time.perf_counter()
    connection.request("GET", f"/audit/?format=csv&{query}", headers={"Cookie": cookie})
    response = connection.getresponse()
    assert response.status == 200, f"the export answered {response.status}"
    lines, size = 0, 0
    while chunk := response.read(1 << 16):
        lines += chunk.count(b"\n")
        size += len(chunk)
    seconds = time.perf_counter() - started
    peak = memory_kb(worker, "VmHWM")
    connection.close()
    stack.stop_process("csv")
    return {"rows": lines - 1, "seconds": seconds, "bytes": size, "before_kb": before, "peak_kb": peak}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    options = parser.parse_args(argv)
    with Stack() as stack:
        from bench import seed

        seeded = seed.seed(spaces=options.rows, owners=max(1, options.rows // 50), records_per_space=0)
        cookie = seed.session_cookie(seed.it_admin())
        load_before = report.load_average()
        # The seed spreads the audit rows evenly over 100 days: a tenth of the days holds a tenth of the rows.
        until = (seeded.first_day + timedelta(days=9)).date().isoformat()
        small = export(stack, cookie, f"since={seeded.first_day.date().isoformat()}&until={until}")
        large = export(stack, cookie, "")
        machine = report.machine(load_before)
    report.write_section("csv", "CSV export", render([small, large], machine))


def render(exports: list[dict], machine: str) -> str:
    small, large = exports
    growth = [(e["peak_kb"] - e["before_kb"]) / 1024 for e in exports]
    flat = growth[1] - growth[0] <= FLAT_TOLERANCE_MB
    rows = [
        [
            f"{e['rows']:,}",
            f"{e['seconds']:.1f}",
            f"{e['rows'] / e['seconds']:,.0f}",
            f"{e['bytes'] / 1024 / 1024:.1f}",
            f"{e['before_kb'] / 1024:.0f}",
            f"{e['peak_kb'] / 1024:.0f}",
            f"{g:+.1f}",
        ]
        for e, g in zip(exports, growth, strict=True)
    ]
    return (
        "`GET /audit/?format=csv` as an IT admin, each on a fresh gunicorn (one sync worker, production settings); "
        "the worker's resident memory after start and its high-water mark (VmHWM) after the export.\n\n"
        f"Target: memory flat in the number of rows (peak growth at {large['rows']:,} rows within "
        f"{FLAT_TOLERANCE_MB:.0f} MB of the growth at {small['rows']:,}): {report.verdict(flat)}.\n\n"
        + report.table(["rows", "seconds", "rows/s", "MB sent", "RSS at start MB", "peak MB", "growth MB"], rows)
        + f"\n\n{machine}\n"
    )


if __name__ == "__main__":
    main()
