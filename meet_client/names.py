"""Space names: the one parser for whatever people paste (a link, a meeting code, a `spaces/...` name).

A space has two names (docs/architecture.md, Google fact 1): the permanent, case-sensitive id `spaces/{space}` and the
case-insensitive meeting-code alias `spaces/{meetingCode}`, which can expire and later point at another space.
Only `spaces.get` accepts the alias, so every write takes a name whose kind is known to be an id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

MEETING_CODE_MAX_LENGTH = 128

EXPECTED = (
    "expected a Meet link (https://meet.google.com/abc-mnop-xyz), a meeting code (abc-mnop-xyz or abcmnopxyz) "
    "or a space name (spaces/ID)"
)

# Google's documented format for a meeting code; compared case-insensitively.
_CODE = re.compile(r"[a-z]+-[a-z]+-[a-z]+", re.IGNORECASE)
# What people type when they drop the dashes of the usual 3-4-3 code.
_DASHLESS_CODE = re.compile(r"[a-z]{10}", re.IGNORECASE)
# Server-generated ids (e.g. `jQCFfuBOdN5z`, `ATCX4-zHdhYB`, `-yy3uKlef_QB`) are URL-safe tokens.
_SPACE_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")
PREFIX = "spaces/"


def space_id_of(space_name: str) -> str:
    """`X` from Google's resource name `spaces/X`: the one place the two are converted (a bare `X` stays as it is)."""
    return space_name.removeprefix(PREFIX)


def space_name_of(space_id: str) -> str:
    """Google's resource name `spaces/X` from the id `X` (a name that already has the prefix stays as it is)."""
    return space_id if space_id.startswith(PREFIX) else PREFIX + space_id


# The usual 3-4-3 shape with a digit or so in it: a meeting code someone mistyped, not an id.
_CODE_LOOKALIKE = re.compile(r"[A-Za-z0-9]{3}-[A-Za-z0-9]{4}-[A-Za-z0-9]{3}")
_MEET_HOSTS = {"meet.google.com"}
_SHORT_LINK_HOSTS = {"g.co"}


class InvalidSpaceName(ValueError):
    """The text is not something that names a Meet space; the message says what was expected."""


class MeetingCodeNotAllowed(InvalidSpaceName):
    """A write was given a meeting-code alias; Google accepts only `spaces/{space}` there."""


class SpaceNameKind(StrEnum):
    ID = "id"
    MEETING_CODE = "meeting_code"


@dataclass(frozen=True)
class SpaceName:
    """`spaces/{value}`; `kind` tells the server-generated id from a meeting-code alias."""

    value: str
    kind: SpaceNameKind

    @classmethod
    def parse(cls, text: str) -> SpaceName:
        """Reads what a person pasted. Raises `InvalidSpaceName` (a `ValueError`) with what was expected."""
        if not isinstance(text, str):
            raise InvalidSpaceName(f"{EXPECTED}; got {type(text).__name__}")
        # People paste from mail and chat: "<https://meet.google.com/abc-mnop-xyz>", "... abc-mnop-xyz."
        pasted = text.strip().strip("<>()[]\"'").rstrip(".,;:!?").strip()
        if not pasted:
            raise InvalidSpaceName(f"{EXPECTED}; got nothing")
        if pasted[:7].lower() == "spaces/":
            return cls._from_resource_name(pasted)
        if "/" in pasted or "." in pasted or ":" in pasted:
            return cls._from_link(pasted)
        return cls._from_bare(pasted)

    @classmethod
    def id(cls, space_id: str) -> SpaceName:
        """An id name from a stored id, with or without the `spaces/` prefix; kept verbatim (case-sensitive)."""
        value = space_id_of(space_id)
        if not _SPACE_ID.fullmatch(value):
            raise InvalidSpaceName(f"expected a space id such as spaces/jQCFfuBOdN5z; got {space_id!r}")
        return cls(value, SpaceNameKind.ID)

    @property
    def name(self) -> str:
        return f"spaces/{self.value}"

    @property
    def is_meeting_code(self) -> bool:
        return self.kind is SpaceNameKind.MEETING_CODE

    def require_id(self) -> SpaceName:
        """Returns self if it is an id; a meeting code raises, because only `spaces.get` accepts aliases."""
        if self.is_meeting_code:
            raise MeetingCodeNotAllowed(
                f"{self.name} is a meeting code; this call needs the space id (spaces/ID): "
                f"get the space by its code first and use the name it returns"
            )
        return self

    def __str__(self) -> str:
        return self.name

    @classmethod
    def _from_resource_name(cls, pasted: str) -> SpaceName:
        value = pasted[7:]
        code = _meeting_code(value)
        if code is not None and "-" in value:
            return cls(code, SpaceNameKind.MEETING_CODE)
        if _SPACE_ID.fullmatch(value):
            return cls(value, SpaceNameKind.ID)
        raise InvalidSpaceName(f"{EXPECTED}; {pasted!r} has no valid id or meeting code after spaces/")

    @classmethod
    def _from_link(cls, pasted: str) -> SpaceName:
        link = pasted if "://" in pasted else f"https://{pasted}"
        try:
            parts = urlsplit(link)
            host = (parts.hostname or "").lower()
        except ValueError as error:
            raise InvalidSpaceName(f"{EXPECTED}; {pasted!r} is not a link ({error})") from None
        if parts.scheme.lower() not in ("http", "https"):
            raise InvalidSpaceName(f"{EXPECTED}; {pasted!r} is not a web link")
        segments = [segment for segment in parts.path.split("/") if segment]
        if host in _SHORT_LINK_HOSTS and len(segments) == 2 and segments[0].lower() == "meet":
            segments = segments[1:]
        elif host not in _MEET_HOSTS:
            raise InvalidSpaceName(f"{EXPECTED}; {pasted!r} is not a meet.google.com link")
        if segments and segments[0].lower() == "_meet":  # the installed Meet app's URLs
            segments = segments[1:]
        if segments and segments[0].lower() == "lookup":
            # meet.google.com/lookup/{nickname} resolves a Calendar/Classroom nickname, not a meeting code.
            raise InvalidSpaceName(
                f"{pasted!r} is a Meet lookup link (a nickname, not a meeting code); open it and paste the "
                f"meet.google.com/abc-mnop-xyz link it leads to"
            )
        code = _meeting_code(segments[0]) if len(segments) == 1 else None
        if code is None:
            raise InvalidSpaceName(f"{EXPECTED}; {pasted!r} does not end in a meeting code")
        return cls(code, SpaceNameKind.MEETING_CODE)

    @classmethod
    def _from_bare(cls, pasted: str) -> SpaceName:
        code = _meeting_code(pasted)
        if code is not None:
            return cls(code, SpaceNameKind.MEETING_CODE)
        if _CODE_LOOKALIKE.fullmatch(pasted):
            raise InvalidSpaceName(f"{EXPECTED}; {pasted!r} looks like a mistyped meeting code (letters only)")
        # A bare id is accepted only when it cannot be a mistyped word: ids are long and mix case or digits. They
        # may contain `-` and `_`, first too (`ATCX4-zHdhYB`, `-yy3uKlef_QB`).
        if _SPACE_ID.fullmatch(pasted) and len(pasted) >= 8 and _looks_generated(pasted):
            return cls(pasted, SpaceNameKind.ID)
        raise InvalidSpaceName(f"{EXPECTED}; got {pasted!r}")


def _meeting_code(text: str) -> str | None:
    """The normalised (lower-case, dashed) meeting code in `text`, or None if it is not one."""
    if len(text) > MEETING_CODE_MAX_LENGTH:
        return None
    if _CODE.fullmatch(text):
        return text.lower()
    if _DASHLESS_CODE.fullmatch(text):
        lowered = text.lower()
        return f"{lowered[:3]}-{lowered[3:7]}-{lowered[7:]}"
    return None


def _looks_generated(text: str) -> bool:
    mixed_case = text != text.lower() and text != text.upper()
    return mixed_case or any(character.isdigit() for character in text)
