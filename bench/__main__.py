"""`python -m bench` (`make bench`): every benchmark in turn, each rewriting its section of docs/benchmarks.md.

`--smoke` runs each at a tiny scale in seconds (the test suite does, with BENCH_REPORT pointing elsewhere), to keep
the scripts working; its numbers mean nothing.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

SMOKE = {
    "bench.pages": ["--spaces", "300", "--owners", "10", "--requests", "5", "--seconds", "3"],
    "bench.click": ["--actions", "3", "--owners", "2", "--warmup", "1"],
    "bench.click_under_bulk": ["--actions", "3", "--owners", "2", "--warmup", "1", "--bulk", "300"],
    "bench.csv_export": ["--rows", "300"],
    "bench.bulk": ["--spaces", "60", "--quota", "6000", "--concurrency", "2"],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny scale, to check that the scripts run")
    options = parser.parse_args(argv)
    # One process each: a benchmark's process is a Django process on that benchmark's own database.
    for module, smoke_arguments in SMOKE.items():
        subprocess.run([sys.executable, "-m", module, *(smoke_arguments if options.smoke else [])], check=True)  # noqa: S603
    return 0


if __name__ == "__main__":
    sys.exit(main())
