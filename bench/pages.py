"""Pages at scale: p50/p95/p99 and requests per second of meetadmin's pages over 100,000 spaces, in one run with
Django's admin changelist of the same spaces (same page size) as the yardstick.

`python -m bench.pages [--spaces N --owners N --requests N --seconds S]`
"""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING

from bench import report
from bench.load import Target, Timing, run_plan
from bench.stack import Stack
from meet_client import space_id_of

if TYPE_CHECKING:
    from bench.seed import Seeded

TARGET_P95_MS = 50.0


def targets(seeded: Seeded) -> list[Target]:
    from bench import seed

    owner = seed.session_cookie(_user(seeded.owners[7]))
    admin = seed.session_cookie(seed.it_admin())
    staff = seed.session_cookie(seed.django_staff())
    owned_space = space_id_of(seeded.space_names[7])
    last_page = max(1, min(500, seeded.spaces // 50))
    since = seeded.first_day.date().isoformat()
    return [
        Target("Django admin changelist (yardstick)", "/admin/spaces/space/", staff),
        Target("My spaces: first page", "/", owner),
        Target("My spaces: search", "/?q=retro", owner),
        Target("My spaces: filter", "/?access_type=TRUSTED&sort=code", owner),
        Target("All spaces: first page", "/all-spaces/", admin),
        Target(f"All spaces: page {last_page}", f"/all-spaces/?page={last_page}", admin),
        Target("Audit log: filtered", f"/audit/?action=patch&since={since}", admin),
        Target("A space's page", f"/spaces/{owned_space}/", owner),
    ]


def _user(email: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email=email)


def measure(
    *, spaces: int, owners: int, requests: int, seconds: float, warmup: int = 20, concurrency: int = 2
) -> tuple[list[Timing], dict]:
    with Stack() as stack:
        from bench import seed  # Django models: importable once the stack has configured Django

        began = time.monotonic()
        seeded = seed.seed(spaces=spaces, owners=owners)
        seeding = time.monotonic() - began
        stack.start_web()
        load_before = report.load_average()
        plan = {
            "base_url": stack.web_url,
            "targets": [vars(target) for target in targets(seeded)],
            "count": requests,
            "seconds": seconds,
            "warmup": warmup,
            "concurrency": concurrency,
        }
        timings = run_plan(plan)
        facts = {"seeding": seeding, "machine": report.machine(load_before), "concurrency": concurrency}
    return timings, facts


def render(timings: list[Timing], facts: dict, spaces: int, owners: int) -> str:
    yardstick = timings[0]
    rows = []
    for timing in timings:
        ratio = timing.p95_ms / yardstick.p95_ms if yardstick.p95_ms else float("nan")
        is_yardstick = timing is yardstick
        met = timing.errors == 0 and timing.p95_ms <= TARGET_P95_MS and ratio <= 0.5
        rows.append(
            [
                timing.name,
                timing.requests,
                timing.errors,
                timing.p50_ms,
                timing.p95_ms,
                timing.p99_ms,
                timing.per_second,
                "1.00" if is_yardstick else f"{ratio:.2f}",
                "" if is_yardstick else report.verdict(met),
            ]
        )
    return (
        f"{spaces:,} cached spaces across {owners:,} owners, each with {2} past conferences (one participant each) "
        f"and one settled write Operation ({spaces:,} audit rows); seeded with COPY in {facts['seeding']:.0f} s. "
        f"{facts['concurrency']} keep-alive connections, each requesting the pages in turn (interleaved, so that every "
        "page meets the same background load); req/s is the connections' capacity for a page (connections ÷ mean "
        "time).\n\n"
        "Target: p95 ≤ 50 ms and ≤ 0.5 × the admin changelist's p95, no errors.\n\n"
        + report.table(
            ["page", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "req/s", "p95 ÷ admin p95", "target"], rows
        )
        + f"\n\n{facts['machine']}\n"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spaces", type=int, default=100_000)
    parser.add_argument("--owners", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=400, help="per page, after the warm-up")
    parser.add_argument("--seconds", type=float, default=150.0, help="at most, for all pages together")
    options = parser.parse_args(argv)
    timings, facts = measure(
        spaces=options.spaces, owners=options.owners, requests=options.requests, seconds=options.seconds
    )
    report.write_section("pages", "Pages at scale", render(timings, facts, options.spaces, options.owners))


if __name__ == "__main__":
    main()
