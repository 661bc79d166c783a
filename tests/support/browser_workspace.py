"""The small Workspace the browser tests sign in to.

alice owns a space she met in two days ago (discovery finds it) and a quiet one only its link finds; charlie owns
another; everyone of tests/support/workspace_seed.py is there, erin in another Workspace.
"""

from __future__ import annotations

from meet_client import space_id_of
from tests.support.workspace_seed import PROJECT, past_conference, seed_document

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


def browser_seed() -> dict:
    return seed_document(spaces=SPACES, conferences=CONFERENCES)


# alice's weekly call, made by meetadmin (so it can be ended here) and running now: dave and a guest are in it.
LIVE_SPACE = "spaces/AliceLive003"
LIVE_CODE = "liv-econ-fer"
LIVE_CONFERENCE = {
    "space": LIVE_SPACE,
    "startTime": {"minutesAgo": 25},
    "participants": [{"email": "dave@example.com"}, {"anonymous": "Guest Visitor"}],
}


def dashboard_seed() -> dict:
    """browser_seed with alice's running call in it."""
    live = {"id": space_id_of(LIVE_SPACE), "owner": "alice@example.com", "project": PROJECT}
    return seed_document(spaces=[*SPACES, {**live, "code": LIVE_CODE}], conferences=[*CONFERENCES, LIVE_CONFERENCE])


def space_made_here(name: str = LIVE_SPACE, owner: str = "alice@example.com") -> None:
    """What meetadmin knows of a space its owner created here, before anyone has read it again from Google: the
    first page that shows it queues that read."""
    from spaces.models import Space

    Space.objects.create(name=name, owner_email=owner, made_by_meetadmin=True, made_by_checked=True)


def alice_opens_her_live_space(control, google_sign_in):
    """alice signs in, her spaces are found from her meetings, and she opens the one with a call running."""
    from playwright.sync_api import expect

    control.seed(dashboard_seed())
    page = google_sign_in("alice@example.com")
    page.get_by_role("link", name="Reload to see your spaces as they are now").click()
    page.get_by_role("table", name="Spaces you own").get_by_role("link", name=LIVE_SPACE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LIVE_SPACE)
    return page
