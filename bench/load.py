"""The load generator: a separate process that requests pages over keep-alive connections and times each answer.

`python -m bench.load` reads a plan (JSON) on stdin and writes one result per target (JSON) on stdout. After a
warm-up (not counted), `concurrency` connections request the targets in turn until each has `count` answers or
`seconds` have passed. A request's time runs from sending it to reading the last byte of its body.
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


def drive(
    base_url: str, targets: list[Target], *, count: int, seconds: float, warmup: int, concurrency: int
) -> list[Timing]:
    """Requests every target in turn, request by request, so that all of them see the same background load.

    On a shared machine the load changes from one minute to the next; timing one page after another would compare
    pages measured under different loads. Interleaved, the ratios between pages hold even when the milliseconds
    drift. Requests per second are the connections' capacity for that page: concurrency ÷ mean time.
    """
    host = urlsplit(base_url)
    samples: list[list[tuple[int, float]]] = [[] for _ in targets]
    lock = threading.Lock()
    stop_at = [math.inf]

    def one(connection: http.client.HTTPConnection, target: Target) -> tuple[int, float]:
        started = time.perf_counter()
        connection.request("GET", target.path, headers={"Cookie": target.cookie, "Accept-Encoding": "identity"})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        for _ in range(max(1, warmup // concurrency)):
            for target in targets:
                one(connection, target)
        with lock:
            if stop_at[0] is math.inf:
                stop_at[0] = time.monotonic() + seconds
        turn = offset
        while True:
            index = turn % len(targets)
            turn += 1
            with lock:
                if min(len(taken) for taken in samples) >= count or time.monotonic() > stop_at[0]:
                    break
            status, elapsed = one(connection, targets[index])
            with lock:
                samples[index].append((status, elapsed))
        connection.close()

    threads = [threading.Thread(target=client, args=(number,)) for number in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    measured = max(time.monotonic() - (stop_at[0] - seconds), 1e-9)
    timings = []
    for target, taken in zip(targets, samples, strict=True):
        latencies = [elapsed for status, elapsed in taken if status == 200]
        statuses = [status for status, _ in taken]
        mean = sum(latencies) / len(latencies) if latencies else math.nan
        timings.append(
            Timing(
                name=target.name,
                requests=len(latencies),
                errors=len(taken) - len(latencies),
                seconds=round(measured, 2),
                p50_ms=round(percentile(latencies, 0.50) * 1000, 1),
                p95_ms=round(percentile(latencies, 0.95) * 1000, 1),
                p99_ms=round(percentile(latencies, 0.99) * 1000, 1),
                per_second=round(concurrency / mean, 1) if latencies else 0.0,
                status=max(set(statuses), key=statuses.count) if statuses else 0,
            )
        )
    return timings


def run_plan(plan: dict) -> list[Timing]:
    """Runs the plan in a separate process, so that the generator's work never shares a GIL with the harness."""
    finished = subprocess.run(
        [sys.executable, "-m", "bench.load"], input=json.dumps(plan), capture_output=True, text=True, check=True
    )
    return [Timing(**row) for row in json.loads(finished.stdout)]


def main() -> None:
    plan = json.load(sys.stdin)
    results = drive(
        plan["base_url"],
        [Target(**target) for target in plan["targets"]],
        count=plan["count"],
        seconds=plan["seconds"],
        warmup=plan["warmup"],
        concurrency=plan["concurrency"],
    )
    json.dump([asdict(result) for result in results], sys.stdout)


if __name__ == "__main__":
    main()
