from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spaces.models import Operation, Space


@dataclass(frozen=True)
class Outcome:
    """How an Operation settles: its final state, a sentence for people, and what it found or changed."""

    state: Operation.State
    message: str
    result: dict[str, Any] = field(default_factory=dict)
    config_after: dict[str, Any] | None = None
    space: Space | None = None
    error_status: str = ""

    @classmethod
    def done(cls, message: str, **fields: Any) -> Outcome:
        return cls(Operation.State.SUCCEEDED, message, **fields)

    @classmethod
    def failed(cls, message: str, **fields: Any) -> Outcome:
        return cls(Operation.State.FAILED, message, **fields)

    @classmethod
    def unknown(cls, message: str, **fields: Any) -> Outcome:
        return cls(Operation.State.OUTCOME_UNKNOWN, message, **fields)
