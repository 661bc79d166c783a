"""The Celery worker's command line, as the demo, the benchmarks and the tests start it.

The same options as docker-compose.yml's worker services (prefork, no gossip or mingle between workers, one name per
worker); only the queues, the name and the concurrency differ from one use to the next.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def worker_command(*, queues: Sequence[str], name: str, concurrency: int = 2) -> list[str]:
    """`name` is Celery's node name (`%h` becomes the host name); it must be unique among running workers."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "meetadmin",
        "worker",
        "--loglevel",
        "INFO",
        "--pool",
        "prefork",
        "--concurrency",
        str(concurrency),
        "--without-gossip",
        "--without-mingle",
        "--queues",
        ",".join(queues),
        "-n",
        name,
    ]
