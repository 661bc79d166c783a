"""The people in a conference: participants (who they are) and their sessions (each join until its leave)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from google_emulator.core.clock import rfc3339
from google_emulator.core.errors import invalid_argument
from google_emulator.meet.conference_times import optional_moment, optional_rfc3339

SIGNED_IN, ANONYMOUS, PHONE = "signedinUser", "anonymousUser", "phoneUser"


@dataclass
class Session:
    id: str
    start: datetime
    end: datetime | None
    seq: int

    def resource(self, participant_name: str) -> dict[str, Any]:
        resource = {"name": f"{participant_name}/participantSessions/{self.id}", "startTime": rfc3339(self.start)}
        if self.end is not None:
            resource["endTime"] = rfc3339(self.end)
        return resource

    def to_state(self) -> dict[str, Any]:
        return {"id": self.id, "start": rfc3339(self.start), "end": optional_rfc3339(self.end), "seq": self.seq}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Session:
        return cls(state["id"], optional_moment(state["start"]), optional_moment(state["end"]), state["seq"])


@dataclass
class Participant:
    id: str
    kind: str  # SIGNED_IN, ANONYMOUS or PHONE: the Participant field that carries who it is
    display_name: str
    user: str | None  # "users/{id}" for signed-in people
    email: str | None  # kept to match control calls and seed entries; never part of the resource
    seq: int
    sessions: list[Session] = field(default_factory=list)

    @property
    def earliest_start(self) -> datetime:
        return min(session.start for session in self.sessions)

    @property
    def latest_end(self) -> datetime | None:
        if self.in_call:
            return None
        return max(session.end for session in self.sessions if session.end is not None)

    @property
    def in_call(self) -> bool:
        return any(session.end is None for session in self.sessions)

    def resource(self, record_name: str) -> dict[str, Any]:
        who: dict[str, Any] = {"displayName": self.display_name} if self.display_name else {}
        if self.kind == SIGNED_IN:
            who = {"user": self.user, **who}
        resource = {
            "name": f"{record_name}/participants/{self.id}",
            self.kind: who,
            "earliestStartTime": rfc3339(self.earliest_start),
        }
        latest_end = self.latest_end
        if latest_end is not None:
            resource["latestEndTime"] = rfc3339(latest_end)
        return resource

    def to_state(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "displayName": self.display_name,
            "user": self.user,
            "email": self.email,
            "seq": self.seq,
            "sessions": [session.to_state() for session in self.sessions],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Participant:
        return cls(
            id=state["id"],
            kind=state["kind"],
            display_name=state["displayName"],
            user=state["user"],
            email=state["email"],
            seq=state["seq"],
            sessions=[Session.from_state(session) for session in state["sessions"]],
        )


@dataclass(frozen=True)
class Identity:
    """Who a participant spec names: `{"user", "displayName", "email"}` | `{"anonymous": name}` | `{"phone": name}`."""

    kind: str
    display_name: str
    user: str | None = None
    email: str | None = None

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> Identity:
        if not isinstance(spec, dict):
            raise invalid_argument(f"A participant is an object, not {spec!r}.")
        if spec.get("user"):
            user = str(spec["user"])
            if not user.startswith("users/"):
                raise invalid_argument(f'A signed-in participant\'s user is "users/{{id}}", not {user!r}.')
            return cls(SIGNED_IN, str(spec.get("displayName") or ""), user, spec.get("email"))
        if "anonymous" in spec:
            return cls(ANONYMOUS, str(spec["anonymous"]))
        if "phone" in spec:
            return cls(PHONE, str(spec["phone"]))
        raise invalid_argument(
            f'A participant is {{"user": "users/..."}}, {{"anonymous": "Name"}} or {{"phone": "Name"}}, not {spec!r}.'
        )
