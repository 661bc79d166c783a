"""`python -m google_emulator serve --host 127.0.0.1 --port 8090 --seed demo|empty [--state FILE]
[--pubsub-port 8085] [--pubsub-emulator-host HOST:PORT]`."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading

from google_emulator.core.quotas import DEFAULT_LIMITS
from google_emulator.server import start


def _quota(text: str) -> tuple[str, int]:
    name, _, value = text.partition("=")
    if name not in DEFAULT_LIMITS or not value.isdigit():
        raise argparse.ArgumentTypeError(f"expected NAME=N with NAME one of {', '.join(DEFAULT_LIMITS)}")
    return name, int(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m google_emulator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the Meet REST API, OAuth and the control surface")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8090)
    serve.add_argument("--seed", default="demo", help="demo, empty, or a path to a seed document (JSON)")
    serve.add_argument("--state", default=None, help="save the world here after each change and load it at start")
    serve.add_argument(
        "--quota",
        type=_quota,
        action="append",
        default=[],
        help="per-minute limit, e.g. --quota reads_per_user=600 (repeatable)",
    )
    serve.add_argument(
        "--pubsub-port",
        type=int,
        default=None,
        help="also serve Cloud Pub/Sub's gRPC API on this port (0: a free one), for PUBSUB_EMULATOR_HOST",
    )
    serve.add_argument(
        "--pubsub-emulator-host",
        default=os.environ.get("GOOGLE_PUBSUB_EMULATOR_HOST") or None,
        help="deliver published events to Google's own Pub/Sub emulator at HOST:PORT instead "
        "(default: $GOOGLE_PUBSUB_EMULATOR_HOST)",
    )
    args = parser.parse_args(argv)

    seed: str | dict = args.seed
    if args.seed not in ("demo", "empty"):
        with open(args.seed) as stream:
            seed = json.load(stream)
    running = start(
        seed=seed,
        host=args.host,
        port=args.port,
        state_file=args.state,
        quotas=dict(args.quota),
        log_requests=True,
        pubsub_port=args.pubsub_port,
        pubsub_emulator_host=args.pubsub_emulator_host,
    )
    print(f"Google emulator serving on {running.url} (control surface: {running.url}/_emulator/)", flush=True)
    if running.pubsub_address:
        print(f"Cloud Pub/Sub (gRPC) on {running.pubsub_address}: PUBSUB_EMULATOR_HOST={running.pubsub_address}")
    if args.pubsub_emulator_host:
        print(f"Published events go to Google's Pub/Sub emulator at {args.pubsub_emulator_host}", flush=True)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    with contextlib.suppress(KeyboardInterrupt):
        stopped.wait()
    running.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
