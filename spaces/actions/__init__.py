"""What each kind of Operation does at Google, run by the worker (spaces/tasks.py) and nowhere else.

Each action returns an Outcome or raises a Meet error; the task settles the Operation from that. Every action
is safe to run twice: see each module for how.
"""

from __future__ import annotations

from collections.abc import Callable

from spaces.actions.conferences import end_conference
from spaces.actions.inventory import create, discover, refresh, resolve
from spaces.actions.members import change_members
from spaces.actions.outcome import Outcome
from spaces.actions.space_settings import patch
from spaces.models import Operation

ACTIONS: dict[str, Callable[[Operation], Outcome]] = {
    Operation.Kind.CREATE: create,
    Operation.Kind.REFRESH: refresh,
    Operation.Kind.RESOLVE: resolve,
    Operation.Kind.PATCH: patch,
    Operation.Kind.END_CONFERENCE: end_conference,
    Operation.Kind.MEMBERS: change_members,
    Operation.Kind.DISCOVER: discover,
}


def execute(operation: Operation) -> Outcome:
    return ACTIONS[operation.kind](operation)


__all__ = ["ACTIONS", "Outcome", "execute"]
