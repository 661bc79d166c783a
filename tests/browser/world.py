"""The small Workspace the browser tests sign in to.

alice owns a space she met in two days ago (discovery finds it) and a quiet one only its link finds; charlie owns
another; everyone of tests/spaces/world.py is there, erin in another Workspace.
"""

from __future__ import annotations

from tests.spaces.world import PROJECT, seed_document

SPACES = [
    {"id": "AliceWeekly1", "owner": "alice@example.com", "project": PROJECT, "code": "abc-mnop-xyz"},
    {"id": "CharlieOne05", "owner": "charlie@example.com", "project": PROJECT, "code": "cha-rlie-one"},
    # Never met in: only "Add a space by its link" brings it into alice's inventory.
    {"id": "AliceQuiet02", "owner": "alice@example.com", "project": PROJECT, "code": "qui-etsp-ace"},
]
CONFERENCES = [
    {
        "space": "spaces/AliceWeekly1",
        "startTime": {"daysAgo": 2},
        "endTime": {"daysAgo": 2, "minutesAgo": -30},
        "participants": [{"email": "alice@example.com"}],
    },
    {
        "space": "spaces/CharlieOne05",
        "startTime": {"daysAgo": 1},
        "endTime": {"daysAgo": 1, "minutesAgo": -30},
        "participants": [{"email": "charlie@example.com"}],
    },
]


def browser_world() -> dict:
    return seed_document(spaces=SPACES, conferences=CONFERENCES)
