"""The small Workspace the browser tests sign in to.

alice owns a space she met in two days ago (discovery finds it) and a quiet one only its link finds; charlie owns
another; everyone of tests/spaces/world.py is there, erin in another Workspace.
"""

from __future__ import annotations

from tests.spaces.world import PROJECT, past_conference, seed_document

SPACES = [
    {"id": "AliceWeekly1", "owner": "alice@example.com", "project": PROJECT, "code": "abc-mnop-xyz"},
    {"id": "CharlieOne05", "owner": "charlie@example.com", "project": PROJECT, "code": "cha-rlie-one"},
    # Never met in: only "Add a space by its link" brings it into alice's inventory.
    {"id": "AliceQuiet02", "owner": "alice@example.com", "project": PROJECT, "code": "qui-etsp-ace"},
]
CONFERENCES = [
    past_conference("spaces/AliceWeekly1", "alice@example.com", days_ago=2),
    past_conference("spaces/CharlieOne05", "charlie@example.com", days_ago=1),
]


def browser_world() -> dict:
    return seed_document(spaces=SPACES, conferences=CONFERENCES)
