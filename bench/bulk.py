"""Bulk under quota: refresh 10,000 spaces through one Google identity, then through 20, with the emulator's quotas and
meetadmin's pacing (MEET_QUOTAS) set from the same numbers; report the calls per minute Google received against the
quota, and the 429s (target: none).

The quotas are scaled down from Google's so that each run lasts one to two minutes, keeping Google's shape: a
person's quota is a tenth of the project's. With one identity the person's quota binds; with 20 (domain-wide
delegation as each owner) the project's does. Achieved rate: Google's calls over the span from the first to the
last, per minute.

`python -m bench.bulk [--spaces N --quota PER_MINUTE --concurrency N]`
"""

from __future__ import annotations

import argparse
import random
import string
import time
from datetime import timedelta

from bench import report
from bench.stack import Stack

TARGET_SHARE = 0.90
MARGIN = 0.9  # MEET_QUOTA_MARGIN's default: the share of Google's quota meetadmin's pacing budgets for
PROJECT = "meetadmin-demo"
SERVICE_ACCOUNT = "meetadmin-delegate@meetadmin-demo.iam.gserviceaccount.com"


def bulk_world(stack: Stack, *, identities: int, spaces: int) -> tuple[list[str], list]:
    """`spaces` spaces at Google and in meetadmin's cache (stale), owned in turn by `identities` people whom
    meetadmin's project may act as (domain-wide delegation). Adds to the emulator's world; returns (owners, the
    cached spaces)."""
    from django.conf import settings
    from django.utils import timezone

    from accounts.models import MEET_SCOPES
    from spaces.models import Space

    rng = random.Random(identities)
    owners = [f"bulk{identities}-{number:02d}@example.com" for number in range(identities)]
    ids = ["".join(rng.choices(string.ascii_letters + string.digits, k=12)) for _ in range(spaces)]
    stack.control.seed(
        {
            "users": [{"email": email} for email in owners],
            "oauthClients": [
                {
                    "clientId": settings.GOOGLE_CLIENT_ID,
                    "clientSecret": settings.GOOGLE_CLIENT_SECRET,
                    "project": PROJECT,
                }
            ],
            "serviceAccounts": [
                {
                    "email": SERVICE_ACCOUNT,
                    "project": PROJECT,
                    "keyFile": "demo-service-account.json",
                    "delegations": [{"domain": "example.com", "scopes": sorted(MEET_SCOPES.values())}],
                }
            ],
            "spaces": [
                {"id": space_id, "owner": owners[number % identities], "project": PROJECT}
                for number, space_id in enumerate(ids)
            ],
        }
    )
    stale = timezone.now() - timedelta(days=2)
    names = [f"spaces/{space_id}" for space_id in ids]
    spaces = Space.objects.bulk_create(
        (
            Space(name=name, owner_email=owners[number % identities], made_by_checked=True, fetched_at=stale)
            for number, name in enumerate(names)
        ),
        batch_size=2000,
    )
    return owners, spaces


def queue_refreshes(owners: list[str], spaces: list) -> int:
    """One refresh per space as its owner (delegation), on the bulk queue, as upkeep no person asked for queues them,
    through the engine's queue like every other Operation. Returns the first Operation's id."""
    from django.conf import settings

    from spaces.models import Operation
    from spaces.operations.queue import operation_build, operations_queue
    from spaces.permissions import Identity

    ids = operations_queue(
        [
            operation_build(
                kind=Operation.Kind.REFRESH,
                identity=Identity(Operation.IdentityKind.DELEGATION, owners[number % len(owners)]),
                space=space,
            )
            for number, space in enumerate(spaces)
        ],
        queue=settings.BULK_QUEUE,
    )
    return min(ids)


def run(stack: Stack, *, identities: int, spaces: int, quota: int, concurrency: int) -> dict:
    """One run: a fresh world and worker, `spaces` refreshes queued at once, waited for until all settle."""
    from meetadmin.redis import redis_connection
    from spaces.models import Operation

    per_user, per_project = (quota, quota * 10) if identities == 1 else (quota // 10, quota)
    limits = {"reads_per_user": per_user, "reads_per_project": per_project}
    stack.control.reset()
    owners, cached = bulk_world(stack, identities=identities, spaces=spaces)
    stack.control.set_quotas(**limits)
    redis_connection().flushdb()
    # meetadmin paces from the same numbers: the worker reads MEET_QUOTAS at start.
    stack.env["MEET_QUOTAS"] = ",".join(f"{name}={value}" for name, value in limits.items())
    stack.start_worker(concurrency=concurrency)
    stack.control.clear_calls()
    cpu_before = stack.cpu_seconds()
    began = time.monotonic()
    first_pk = queue_refreshes(owners, cached)
    queued = time.monotonic() - began
    mine = Operation.objects.filter(pk__gte=first_pk, kind=Operation.Kind.REFRESH)
    deadline = time.monotonic() + 15 * 60
    while mine.filter(state__in=Operation.UNSETTLED).exists():
        if time.monotonic() > deadline:
            raise RuntimeError("the refreshes did not settle within 15 minutes")
        time.sleep(1)
    wall = time.monotonic() - began
    cpu_after = stack.cpu_seconds()
    cpu = {part: cpu_after[part] - cpu_before.get(part, 0.0) for part in ("worker", "emulator", "postgres")}
    stack.stop_process("worker")
    calls = stack.control.calls("meet.spaces.get")
    arrived = sorted(call["receivedAt"] for call in calls)
    span = max(arrived[-1] - arrived[0], 1e-9) if arrived else 0.0
    return {
        "identities": identities,
        "limits": limits,
        "binding": quota,
        "calls": len(calls),
        "throttled": sum(1 for call in calls if call["status"] == 429),
        "per_minute": len(calls) / span * 60 if span else 0.0,
        "busiest_minute": busiest_minute(arrived),
        "span": span,
        "wall": wall,
        "queued": queued,
        "succeeded": mine.filter(state=Operation.State.SUCCEEDED).count(),
        "failed": mine.filter(state=Operation.State.FAILED).count(),
        "cpu_ms_per_call": {part: seconds * 1000 / max(len(calls), 1) for part, seconds in cpu.items()},
    }


def busiest_minute(arrivals: list[float]) -> int:
    """The most calls in any 60-second window: what Google's sliding-minute quota compares with its limit."""
    most, start = 0, 0
    for end, moment in enumerate(arrivals):
        while arrivals[start] <= moment - 60:
            start += 1
        most = max(most, end - start + 1)
    return most


def render(runs: list[dict], spaces: int, concurrency: int, machine: str) -> str:
    rows = []
    for result in runs:
        share = result["per_minute"] / result["binding"]
        budget = result["per_minute"] / (result["binding"] * MARGIN)
        met = budget >= TARGET_SHARE and result["throttled"] == 0 and result["succeeded"] == spaces
        limits = result["limits"]
        rows.append(
            [
                result["identities"],
                f"{limits['reads_per_user']:,} / {limits['reads_per_project']:,}",
                f"{result['binding']:,}",
                result["calls"],
                f"{result['per_minute']:,.0f}",
                f"{share:.0%} / {budget:.0%}",
                result["busiest_minute"],
                result["throttled"],
                f"{result['succeeded']} / {result['failed']}",
                f"{result['span']:.0f} s",
                " / ".join(f"{result['cpu_ms_per_call'][part]:.0f}" for part in ("worker", "emulator", "postgres")),
                report.verdict(met),
            ]
        )
    return (
        f"{spaces:,} refresh Operations queued at once (`spaces.get` each, as domain-wide delegation of the spaces' "
        f"owners), one Celery worker with prefork concurrency {concurrency}, MEET_QUOTA_MARGIN 0.9 (the default). "
        "Achieved = Google's calls ÷ the span from the first to the last × 60; the busiest minute is the most calls "
        "in any sliding 60 s. Pacing allows at most 0.9 × the quota (plus a small burst); when the worker cannot "
        "keep up with that, the CPU per call says where the time went: this machine's two cores also run the "
        "emulator (standing in for Google) and PostgreSQL.\n\n"
        "Target: ≥ 90 % of the configured budget (MEET_QUOTA_MARGIN 0.9 × the binding quota), zero 429s, every "
        "refresh done.\n\n"
        + report.table(
            [
                "identities",
                "quota per person / project (per min)",
                "binding quota",
                "calls",
                "achieved per min",
                "of quota / of budget",
                "busiest minute",
                "429s",
                "done / failed",
                "span",
                "CPU ms per call: worker / emulator / PostgreSQL",
                "target",
            ],
            rows,
        )
        + f"\n\n{machine}\n"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spaces", type=int, default=10_000)
    parser.add_argument("--quota", type=int, default=3_000, help="the binding per-minute quota of each run")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--identities", type=int, nargs="+", default=[1, 20])
    options = parser.parse_args(argv)
    with Stack() as stack:
        load_before = report.load_average()
        runs = [
            run(stack, identities=count, spaces=options.spaces, quota=options.quota, concurrency=options.concurrency)
            for count in options.identities
        ]
        machine = report.machine(load_before)
    report.write_section("bulk", "Bulk under quota", render(runs, options.spaces, options.concurrency, machine))


if __name__ == "__main__":
    main()
