"""The load generator: a separate process that requests pages over keep-alive connections and times each answer.

`python -m bench.load` reads a plan (JSON) on stdin and writes one result per target (JSON) on stdout. Each target
gets a warm-up (not counted), then `concurrency` connections request it until `count` answers or `seconds` have
passed, whichever comes first. A request's time runs from sending it to reading the last byte of its body.
"""

from __future__ import annotations

import http.client
import json
import math
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit


@dataclass
class Target:
    name: str
    path: str
    cookie: str = ""


@dataclass
class Timing:
    name: str
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    per_second: float
    status: int


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below it."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def drive(base_url: str, target: Target, *, count: int, seconds: float, warmup: int, concurrency: int) -> Timing:
    host = urlsplit(base_url)
    headers = {"Cookie": target.cookie, "Accept-Encoding": "identity"}
    latencies: list[float] = []
    errors: list[int] = []
    statuses: list[int] = []
    lock = threading.Lock()
    stop_at = [math.inf]

    def one(connection: http.client.HTTPConnection) -> tuple[int, float]:
        started = time.perf_counter()
        connection.request("GET", target.path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started

    def client() -> None:
        connection = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        for _ in range(max(1, warmup // concurrency)):
            one(connection)
        with lock:
            if stop_at[0] is math.inf:
                stop_at[0] = time.monotonic() + seconds
        while True:
            with lock:
                if len(latencies) + len(errors) >= count or time.monotonic() > stop_at[0]:
                    break
            status, elapsed = one(connection)
            with lock:
                statuses.append(status)
                (latencies if status == 200 else errors).append(elapsed)
        connection.close()

    began = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    measured = max(time.monotonic() - max(stop_at[0] - seconds, began), 1e-9)
    return Timing(
        name=target.name,
        requests=len(latencies),
        errors=len(errors),
        seconds=round(measured, 2),
        p50_ms=round(percentile(latencies, 0.50) * 1000, 1),
        p95_ms=round(percentile(latencies, 0.95) * 1000, 1),
        p99_ms=round(percentile(latencies, 0.99) * 1000, 1),
        per_second=round((len(latencies) + len(errors)) / measured, 1),
        status=max(set(statuses), key=statuses.count) if statuses else 0,
    )


def run_plan(plan: dict) -> list[Timing]:
    """Runs the plan in a separate process, so that the generator's work never shares a GIL with the harness."""
    finished = subprocess.run(
        [sys.executable, "-m", "bench.load"], input=json.dumps(plan), capture_output=True, text=True, check=True
    )
    return [Timing(**row) for row in json.loads(finished.stdout)]


def main() -> None:
    plan = json.load(sys.stdin)
    results = [
        drive(
            plan["base_url"],
            Target(**target),
            count=plan["count"],
            seconds=plan["seconds"],
            warmup=plan["warmup"],
            concurrency=plan["concurrency"],
        )
        for target in plan["targets"]
    ]
    json.dump([asdict(result) for result in results], sys.stdout)


if __name__ == "__main__":
    main()
