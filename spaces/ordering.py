"""Changes to one space apply in the order they were asked for, and a retry never undoes a newer change.

A worker that dies mid-call leaves its Operation to a redelivery or the sweeper, minutes later. Meanwhile newer
changes to the same space may have been asked for. Two rules keep Google on the last value asked:

- an Operation waits while an older change of the same kind to the same space is unsettled (the newer waits);
- a retry of a settings change whose every field a newer change also sets is settled as superseded, unsent.
"""

from __future__ import annotations

from spaces.models import Operation

ORDERED_KINDS = frozenset({Operation.Kind.PATCH, Operation.Kind.MEMBERS})


def waits_for(operation: Operation) -> Operation | None:
    """The oldest unsettled change to the same space asked for before this one, if any."""
    if operation.kind not in ORDERED_KINDS or operation.space_name is None:
        return None
    return (
        Operation.objects.filter(
            space_name=operation.space_name, kind=operation.kind, state__in=Operation.UNSETTLED, pk__lt=operation.pk
        )
        .order_by("pk")
        .first()
    )


def superseded_by(operation: Operation) -> Operation | None:
    """For a retried settings change: the newer change (not failed) that sets every field this one would send."""
    if operation.kind != Operation.Kind.PATCH or operation.attempts <= 1 or operation.space_name is None:
        return None
    mask = set(operation.params.get("updateMask", []))
    newer = (
        Operation.objects.filter(space_name=operation.space_name, kind=Operation.Kind.PATCH, pk__gt=operation.pk)
        .exclude(state=Operation.State.FAILED)
        .order_by("-pk")
    )
    for candidate in newer:
        if mask <= set(candidate.params.get("updateMask", [])):
            return candidate
    return None
