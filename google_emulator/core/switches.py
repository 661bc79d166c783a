"""Switches for answers Google does not document: the emulator picks one by default, and a test can pick another.

A test of meetadmin that depends on one of these answers runs both ways, so that meetadmin is right whichever way
Google answers. `docs/emulator.md` ("Fidelity") lists each switch with what is documented and what is chosen.
"""

from __future__ import annotations

from typing import Any

# name -> (default, allowed values)
SWITCHES: dict[str, tuple[Any, tuple[Any, ...]]] = {
    # A quota 429 with a RetryInfo detail. Google's published quota errors carry ErrorInfo and Help, no RetryInfo.
    "quotaRetryInfo": (False, (False, True)),
    # members.create for someone already a member: 409 ALREADY_EXISTS, or 200 with the member as it already is.
    "duplicateMember": ("ALREADY_EXISTS", ("ALREADY_EXISTS", "RETURN_EXISTING")),
    # A space's config as its owner reads it: every field with its value (FULL), or only `accessType`,
    # `entryPointAccess` and what the owner set (SPARSE, as published answers show a fresh space).
    "freshSpaceConfig": ("FULL", ("FULL", "SPARSE")),
}


class Switches:
    def __init__(self, values: dict[str, Any] | None = None) -> None:
        self.values = {name: default for name, (default, _allowed) in SWITCHES.items()}
        self.configure(values or {})

    def configure(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            if name not in SWITCHES:
                raise ValueError(f"unknown switch {name!r}; known: {', '.join(SWITCHES)}")
            allowed = SWITCHES[name][1]
            if value not in allowed or type(value) is not type(allowed[0]):
                raise ValueError(f"switch {name!r} takes one of {list(allowed)}, not {value!r}")
        self.values.update(values)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]
