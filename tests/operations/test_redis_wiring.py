"""meetadmin's own Redis keys (quota buckets, worker heartbeats) live on REDIS_URL, never on the evicting cache.

Production runs a separate cache Redis (`CACHE_URL`, `allkeys-lru` in the compose file). A worker started with both
URLs set apart must write its heartbeat and the quota buckets of the call it makes to REDIS_URL only.
"""

from __future__ import annotations

import pytest
import redis

from embedded.servers import EmbeddedRedis
from embedded.waiting import wait_for
from monitoring import heartbeats
from spaces import quota_buckets, services
from spaces.models import Operation, Space
from spaces.permissions import Action, decide
from tests.support.settled_operation import settled
from tests.support.signed_in_people import sign_in
from tests.support.worker_process import WorkerProcess
from tests.support.workspace_seed import PROJECT, seed_document

QUEUE = "redis-wiring-tests"


@pytest.fixture
def cache_server(tmp_path):
    server = EmbeddedRedis(tmp_path / "cache-redis")
    url = server.start()
    yield url
    server.stop()


def keys(url: str, pattern: str) -> set[bytes]:
    return set(redis.Redis.from_url(url).scan_iter(match=pattern))


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_with_a_separate_cache_keeps_buckets_and_heartbeats_on_redis_url(
    control, worker_env, cache_server, settings
):
    assert cache_server != settings.REDIS_URL
    settings.INTERACTIVE_QUEUE = settings.BULK_QUEUE = QUEUE
    control.seed(seed_document(spaces=[{"id": "WiringSpace01", "owner": "alice@example.com", "project": PROJECT}]))
    alice = sign_in(control, "alice@example.com")
    main = redis.Redis.from_url(settings.REDIS_URL)
    for key in keys(settings.REDIS_URL, f"{quota_buckets.BUCKET_PREFIX}*:user:alice@example.com"):
        main.delete(key)
    workers_before = set(main.zrange(heartbeats.WORKERS_KEY, 0, -1))

    worker = WorkerProcess(
        {**worker_env, "CACHE_URL": cache_server, "WORKER_HEARTBEAT_SECONDS": "1"}, concurrency=1, queues=QUEUE
    ).start()
    try:
        identity = decide(alice, Space(name="x", owner_email=alice.email), Action.REFRESH).identity
        operation = settled(services.space_add_by_link(actor=alice, identity=identity, pasted="spaces/WiringSpace01"))
        assert operation.state == Operation.State.SUCCEEDED, operation.result_message
        started = wait_for(
            lambda: set(main.zrange(heartbeats.WORKERS_KEY, 0, -1)) - workers_before,
            timeout=15,
            what="the worker's heartbeat on REDIS_URL",
        )
        assert any(QUEUE in queues.decode() for queues in main.hmget(heartbeats.WORKER_QUEUES_KEY, *started))
    finally:
        worker.stop()

    assert keys(settings.REDIS_URL, f"{quota_buckets.BUCKET_PREFIX}reads:user:alice@example.com")
    assert keys(cache_server, "meetadmin:*") == set()


def test_the_web_reads_meetadmins_keys_from_redis_url_not_the_cache(settings):
    from meetadmin.redis import quick_redis_connection, redis_connection

    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"], "LOCATION": "redis://cache:1/0"}}
    wanted = redis.Redis.from_url(settings.REDIS_URL).connection_pool.connection_kwargs
    for connection in (redis_connection(), quick_redis_connection()):
        used = connection.connection_pool.connection_kwargs
        assert (used["host"], used["port"]) == (wanted["host"], wanted["port"])
