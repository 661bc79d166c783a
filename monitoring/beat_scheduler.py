"""Celery beat's scheduler, saying in Redis that beat is alive (every tick) and what it last sent (readyz, status)."""

from __future__ import annotations

import logging

import redis
from celery.beat import PersistentScheduler

from monitoring import heartbeats

logger = logging.getLogger(__name__)


class HeartbeatScheduler(PersistentScheduler):
    def tick(self, *args, **kwargs) -> float:
        try:
            heartbeats.beat_ticked()
        except redis.RedisError as error:  # beat keeps its schedule while Redis is away; readyz will say so
            logger.warning("could not record beat's heartbeat: %s", error)
        return super().tick(*args, **kwargs)

    def apply_entry(self, entry, producer=None) -> None:
        super().apply_entry(entry, producer=producer)
        try:
            heartbeats.beat_sent(entry.name)
        except redis.RedisError as error:
            logger.warning("could not record that beat sent %s: %s", entry.name, error)
