"""Meeting spaces, their meeting codes and their members: pure state, no HTTP and no locking.

A space is known by its permanent, case-sensitive id; its meeting code is a case-insensitive alias that expires
365 days after last use and may be handed to another space, which is why nothing here is keyed by code except the
index of live codes.
"""

from __future__ import annotations

import copy
import re
import secrets
import string
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from google_emulator.core.clock import parse_rfc3339, rfc3339
from google_emulator.core.errors import ApiError, invalid_argument, not_found

CODE_LIFETIME = timedelta(days=365)
# Google's space ids are URL-safe tokens: letters, digits, `-` and `_`, also first (`spaces/-yy3uKlef_QB`).
ID_ALPHABET = string.ascii_letters + string.digits + "-_"
CODE_ALPHABET = string.ascii_lowercase
CODE_SHAPE = re.compile(r"[a-z]+-[a-z]+-[a-z]+", re.IGNORECASE)

# What Google returns for a space whose owner set nothing: the configured values, never the *_UNSPECIFIED ones.
DEFAULT_CONFIG: dict[str, Any] = {
    "accessType": "TRUSTED",
    "entryPointAccess": "ALL",
    "moderation": "OFF",
    "moderationRestrictions": {
        "chatRestriction": "NO_RESTRICTION",
        "reactionRestriction": "NO_RESTRICTION",
        "presentRestriction": "NO_RESTRICTION",
        "defaultJoinAsViewerType": "OFF",
    },
    "attendanceReportGenerationType": "DO_NOT_GENERATE",
    "artifactConfig": {
        "recordingConfig": {"autoRecordingGeneration": "OFF"},
        "transcriptionConfig": {"autoTranscriptionGeneration": "OFF"},
        "smartNotesConfig": {"autoSmartNotesGeneration": "OFF"},
    },
}


# What published answers show of a space whose owner set nothing (the rest is the user's or the admin's default,
# left out): the emulator's `freshSpaceConfig` switch, value SPARSE.
SPARSE_DEFAULT_CONFIG: dict[str, Any] = {"accessType": "TRUSTED", "entryPointAccess": "ALL"}


def effective_config(explicit: dict[str, Any], defaults: dict[str, Any] = DEFAULT_CONFIG) -> dict[str, Any]:
    """Defaults overlaid with what the owner set; an *_UNSPECIFIED value means "the default"."""

    def overlay(defaults: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        result = copy.deepcopy(defaults)
        for key, value in values.items():
            if isinstance(value, dict) and isinstance(result.get(key), dict):
                result[key] = overlay(result[key], value)
            elif isinstance(value, str) and value.endswith("_UNSPECIFIED"):
                continue
            else:
                result[key] = value
        return result

    return overlay(defaults, explicit)


@dataclass
class Member:
    name: str
    email: str
    role: str = "ROLE_UNSPECIFIED"

    def resource(self) -> dict[str, Any]:
        return {"name": self.name, "email": self.email, "role": self.role}


@dataclass
class SpaceRecord:
    space_id: str
    owner: str  # email of the owner (the Space resource itself has no owner field)
    project: str  # the Cloud project whose client or service account created it
    code: str
    code_last_used: datetime
    config: dict[str, Any] = field(default_factory=dict)  # only what was set explicitly
    created_at: datetime | None = None
    members: list[Member] = field(default_factory=list)
    # A meetingUri the control surface chose, to test what a client does with a link it did not expect.
    given_meeting_uri: str = ""

    @property
    def name(self) -> str:
        return f"spaces/{self.space_id}"

    @property
    def meeting_uri(self) -> str:
        return self.given_meeting_uri or f"https://meet.google.com/{self.code}"

    def to_state(self) -> dict[str, Any]:
        state = asdict(self)
        state["code_last_used"] = rfc3339(self.code_last_used)
        state["created_at"] = rfc3339(self.created_at) if self.created_at else None
        return state

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> SpaceRecord:
        values = dict(state)
        values["code_last_used"] = parse_rfc3339(values["code_last_used"])
        values["created_at"] = parse_rfc3339(values["created_at"]) if values.get("created_at") else None
        values["members"] = [Member(**member) for member in values.get("members", [])]
        return cls(**values)


class SpaceStore:
    def __init__(self) -> None:
        self.spaces: dict[str, SpaceRecord] = {}  # by case-sensitive id
        self.codes: dict[str, str] = {}  # live lower-case code -> space id
        # No code was used before this (or None: unknown). Every API call asks for expiries, so the whole-store
        # scan runs only once the oldest use may have run out, not on each call of a busy emulator.
        self._earliest_use: datetime | None = None

    # --- ids and codes ---
    def _new_id(self) -> str:
        while True:
            candidate = "".join(secrets.choice(ID_ALPHABET) for _ in range(12))
            # An id must never read as a meeting code (`spaces/abc-mnop-xyz` is an alias to `get`).
            if candidate not in self.spaces and not CODE_SHAPE.fullmatch(candidate):
                return candidate

    def _new_code(self) -> str:
        while True:
            parts = [3, 4, 3]
            candidate = "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(n)) for n in parts)
            if candidate not in self.codes:
                return candidate

    def expire_stale_codes(self, now: datetime) -> None:
        """A code unused for 365 days stops resolving; its space gets a fresh code, as Meet hands out a new one."""
        if self._earliest_use is not None and now < self._earliest_use + CODE_LIFETIME:
            return
        for space in self.spaces.values():
            if space.code_last_used + CODE_LIFETIME <= now:
                self.give_fresh_code(space, now)
        uses = [space.code_last_used for space in self.spaces.values()]
        self._earliest_use = min(uses) if uses else None

    def _used(self, now: datetime) -> None:
        if self._earliest_use is not None and now < self._earliest_use:
            self._earliest_use = now  # the emulated clock was moved back

    def give_fresh_code(self, space: SpaceRecord, now: datetime) -> None:
        if self.codes.get(space.code) == space.space_id:
            del self.codes[space.code]
        space.code = self._new_code()
        space.code_last_used = now
        self._used(now)
        self.codes[space.code] = space.space_id

    def touch_code(self, space: SpaceRecord, now: datetime) -> None:
        space.code_last_used = now
        self._used(now)

    def reassign_code(self, code: str, to_space_id: str, now: datetime) -> SpaceRecord:
        """Hands `code` to another space: the loser gets a fresh code, the receiver's old code is released."""
        code = code.lower()
        receiver = self.spaces.get(to_space_id)
        if receiver is None:
            raise not_found(f"No space {to_space_id}.")
        loser_id = self.codes.get(code)
        if loser_id == to_space_id:
            return receiver
        if loser_id is not None:
            del self.codes[code]
            self.give_fresh_code(self.spaces[loser_id], now)
        if self.codes.get(receiver.code) == receiver.space_id:
            del self.codes[receiver.code]
        receiver.code = code
        receiver.code_last_used = now
        self._used(now)
        self.codes[code] = receiver.space_id
        return receiver

    # --- spaces ---
    def create(
        self,
        *,
        owner: str,
        project: str,
        config: dict[str, Any],
        now: datetime,
        space_id: str | None = None,
        code: str | None = None,
        meeting_uri: str = "",
    ) -> SpaceRecord:
        if space_id is not None and space_id in self.spaces:
            raise ApiError(409, "ALREADY_EXISTS", f"Space {space_id} already exists.")
        space = SpaceRecord(
            space_id=space_id or self._new_id(),
            owner=owner,
            project=project,
            code="",
            code_last_used=now,
            config=copy.deepcopy(config),
            created_at=now,
            given_meeting_uri=meeting_uri,
        )
        self.spaces[space.space_id] = space
        if code:
            self.reassign_code(code, space.space_id, now)
        else:
            self.give_fresh_code(space, now)
        return space

    def remove(self, space_id: str) -> None:
        """A space deleted (the control surface's, to test what depends on it: a subscription to its events)."""
        space = self.spaces.pop(space_id)
        if self.codes.get(space.code) == space_id:
            del self.codes[space.code]

    def by_id(self, space_id: str) -> SpaceRecord | None:
        return self.spaces.get(space_id)

    def by_id_or_code(self, key: str) -> SpaceRecord | None:
        """`spaces.get` only: the id (case-sensitive) first, else a live meeting code (case-insensitive)."""
        if key in self.spaces:
            return self.spaces[key]
        space_id = self.codes.get(key.lower())
        return self.spaces.get(space_id) if space_id else None

    # --- members ---
    def add_member(self, space: SpaceRecord, email: str, role: str) -> Member:
        if any(member.email.lower() == email.lower() for member in space.members):
            raise ApiError(409, "ALREADY_EXISTS", f"Member with email {email} already exists in the space.")
        member = Member(name=f"{space.name}/members/{secrets.token_urlsafe(9)}", email=email, role=role)
        space.members.append(member)
        return member

    def member(self, space: SpaceRecord, name: str) -> Member:
        for member in space.members:
            if member.name == name:
                return member
        raise not_found(f"Member {name} not found.")

    def remove_member(self, space: SpaceRecord, name: str) -> None:
        space.members.remove(self.member(space, name))

    # --- state ---
    def to_state(self) -> dict[str, Any]:
        return {"spaces": [space.to_state() for space in self.spaces.values()], "codes": dict(self.codes)}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> SpaceStore:
        store = cls()
        for space in state.get("spaces", []):
            record = SpaceRecord.from_state(space)
            store.spaces[record.space_id] = record
        store.codes = dict(state.get("codes", {}))
        return store


def check_code_format(code: str) -> None:
    parts = code.split("-")
    if not code or len(code) > 128 or len(parts) != 3 or not all(p.isascii() and p.isalpha() for p in parts):
        raise invalid_argument(f"Invalid meeting code {code!r}: expected [a-z]+-[a-z]+-[a-z]+.")
