"""Google Cloud Pub/Sub over gRPC (`google.pubsub.v1.Publisher` and `Subscriber`), as Google's own Pub/Sub emulator
serves it, and the delivery of messages the other emulated APIs publish (`core/publishing.py`)."""
