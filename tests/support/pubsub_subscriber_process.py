"""A subscriber in a process of its own that never acknowledges: it prints each message id it receives, so a test can
kill it (SIGKILL) while it holds messages, as a consumer dies between filing an event and acknowledging it.

`PUBSUB_EMULATOR_HOST=host:port python -m tests.support.pubsub_subscriber_process SUBSCRIPTION`
"""

from __future__ import annotations

import signal
import subprocess
import sys

from google.cloud import pubsub_v1

from tests.support.paths import REPO


def main(subscription: str) -> None:
    subscriber = pubsub_v1.SubscriberClient()
    # Leases of 10 s, the stream's too: with the default 60 s stream deadline, Google's Pub/Sub emulator can hand a
    # message back to the dead stream (it notices the stream is gone late) and take two minutes to offer it again.
    flow_control = pubsub_v1.types.FlowControl(max_duration_per_lease_extension=10)
    stream = subscriber.subscribe(
        subscription, lambda message: print(message.message_id, flush=True), flow_control=flow_control
    )
    stream.result()


class SubscriberProcess:
    """`SubscriberProcess(address, subscription)`; `.next_message_id()` waits for a line; `.kill()`."""

    def __init__(self, address: str, subscription: str) -> None:
        import os

        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.pubsub_subscriber_process", subscription],
            cwd=REPO,
            env={**os.environ, "PUBSUB_EMULATOR_HOST": address},
            stdout=subprocess.PIPE,
            text=True,
        )

    def next_message_id(self) -> str:
        return self.process.stdout.readline().strip()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process.stdout.close()


if __name__ == "__main__":
    main(sys.argv[1])
