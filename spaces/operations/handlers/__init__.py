"""What each kind of Operation does at Google, run by the runner (spaces/operations/runner.py) and nowhere else.

A handler receives the Operation and a Meet client already built for the identity the Operation records, and
returns an Outcome or raises a Meet error; the runner settles the Operation from that. Every handler is safe to run
twice: see each module for how.
"""

from __future__ import annotations

from collections.abc import Callable

import meet_client as meet
from spaces.models import Operation
from spaces.operations.handlers.conferences import end_conference
from spaces.operations.handlers.inventory import create, create_sent_before, discover, refresh, resolve
from spaces.operations.handlers.members import change_members
from spaces.operations.handlers.space_settings import patch
from spaces.operations.outcome import Outcome

Handler = Callable[[Operation, meet.MeetClient], Outcome]

HANDLERS: dict[str, Handler] = {
    Operation.Kind.CREATE: create,
    Operation.Kind.REFRESH: refresh,
    Operation.Kind.RESOLVE: resolve,
    Operation.Kind.PATCH: patch,
    Operation.Kind.END_CONFERENCE: end_conference,
    Operation.Kind.MEMBERS: change_members,
    Operation.Kind.DISCOVER: discover,
}

__all__ = ["HANDLERS", "Handler", "create_sent_before"]
