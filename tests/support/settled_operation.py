"""Waiting for a real worker to settle an Operation."""

from __future__ import annotations

from embedded.waiting import wait_for
from spaces.models import Operation


def settled(operation, timeout: float = 30.0):
    """Wait for a real worker to settle the Operation; returns it fresh from the database."""

    def reload():
        fresh = Operation.objects.get(pk=operation.pk)
        return fresh if fresh.is_settled else None

    return wait_for(reload, timeout=timeout, what=f"operation {operation.pk} to settle")
