"""Where spaces come from (create, add by link, discover), codes as moving aliases, and history kept past 30 days.

Real worker, real Redis, the emulator over HTTP.
"""

from __future__ import annotations

import pytest
from django.db import transaction

import meet_client as meet
from accounts.roles import Role
from embedded.waiting import wait_for
from spaces import services, tasks
from spaces.models import Artifact, ConferenceRecord, Operation, Participant, Space
from spaces.permissions import Action, decide
from tests.support.settled_operation import settled
from tests.support.signed_in_people import sign_in
from tests.support.workspace_seed import OTHER_PROJECT, PROJECT, seed_document

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker")]

QUIET = {
    "id": "AliceQuiet01",
    "owner": "alice@example.com",
    "project": PROJECT,
    "code": "abc-mnop-xyz",
    "config": {"accessType": "OPEN"},
}
OTHER = {"id": "AliceOther02", "owner": "alice@example.com", "project": OTHER_PROJECT, "code": "oth-erap-pqr"}
CHARLIE = {"id": "CharlieOne05", "owner": "charlie@example.com", "project": PROJECT, "code": "cha-rlie-one"}
PAST = {
    "space": "spaces/AliceQuiet01",
    "startTime": {"daysAgo": 3},
    "endTime": {"daysAgo": 3, "minutesAgo": -45},
    "participants": [{"email": "alice@example.com"}, {"email": "dave@example.com"}, {"anonymous": "Guest"}],
    "recordings": [{"state": "FILE_GENERATED"}],
    "transcripts": [{"state": "FILE_GENERATED", "entries": []}],
    "smartNotes": [{"state": "FILE_GENERATED"}],
}


def own(user):
    return decide(user, Space(name="spaces/any", owner_email=user.email), Action.REFRESH).identity


def add_by_link(user, pasted: str) -> Operation:
    return settled(services.space_add_by_link(actor=user, identity=own(user), pasted=pasted))


def test_alice_creates_a_space_here_with_her_settings(control):
    control.seed(seed_document())
    alice = sign_in(control, "alice@example.com")
    operation = settled(
        services.space_create(
            actor=alice,
            identity=own(alice),
            label="Weekly sync",
            config=meet.SpaceConfig.from_json({"accessType": "RESTRICTED"}),
        )
    )
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    space = Space.objects.get(pk=operation.space_name)
    assert (space.label, space.owner_email, space.made_by_meetadmin, space.access_type) == (
        "Weekly sync",
        "alice@example.com",
        True,
        "RESTRICTED",
    )
    assert space.meeting_code
    assert space.meeting_uri.endswith(space.meeting_code)
    [create] = control.calls(method="meet.spaces.create")
    assert create["project"] == PROJECT


def test_helpdesk_resolving_a_link_nobody_owns_here_says_what_that_means(control):
    # Found in the demo walk-through: the message spoke of meetadmin's bookkeeping, not of what bob can do next.
    control.seed(seed_document(spaces=[QUIET]))
    bob = sign_in(control, "bob@example.com", role=Role.HELPDESK)
    operation = add_by_link(bob, "abc-mnop-xyz")
    assert operation.state == Operation.State.SUCCEEDED
    assert "Google does not say who owns it" in operation.result_message
    assert "cannot act on it" in operation.result_message
    assert Space.objects.get(pk="spaces/AliceQuiet01").owner_email == ""


def test_helpdesk_resolving_a_link_keeps_the_owner_already_known(control):
    control.seed(seed_document(spaces=[QUIET]))
    alice = sign_in(control, "alice@example.com")
    bob = sign_in(control, "bob@example.com", role=Role.HELPDESK)
    add_by_link(alice, "abc-mnop-xyz")
    operation = add_by_link(bob, "https://meet.google.com/abc-mnop-xyz")
    assert operation.state == Operation.State.SUCCEEDED
    assert operation.result_message == "Found it: alice@example.com's space."
    space = Space.objects.get(pk="spaces/AliceQuiet01")
    assert space.owner_email == "alice@example.com"
    assert space.config["accessType"] == "OPEN"


def test_a_space_resolved_by_someone_else_first_has_no_owner(control):
    control.seed(seed_document(spaces=[QUIET]))
    bob = sign_in(control, "bob@example.com", role=Role.HELPDESK)
    add_by_link(bob, "ABC-MNOP-XYZ")
    assert Space.objects.get(pk="spaces/AliceQuiet01").owner_email == ""


def test_a_pasted_code_that_moved_to_another_space_moves_in_the_cache_too(control):
    control.seed(seed_document(spaces=[QUIET, CHARLIE]))
    alice = sign_in(control, "alice@example.com")
    charlie = sign_in(control, "charlie@example.com")
    add_by_link(alice, "abc-mnop-xyz")
    control.reassign_code("abc-mnop-xyz", "spaces/CharlieOne05")
    add_by_link(charlie, "abc-mnop-xyz")
    assert Space.objects.get(pk="spaces/CharlieOne05").meeting_code == "abc-mnop-xyz"
    assert Space.objects.get(pk="spaces/AliceQuiet01").meeting_code == ""
    assert Space.objects.filter(meeting_code="abc-mnop-xyz").count() == 1


def test_the_schedule_rereads_codes_and_an_expired_one_is_replaced(control, settings):
    control.seed(seed_document(spaces=[QUIET]))
    alice = sign_in(control, "alice@example.com")
    add_by_link(alice, "abc-mnop-xyz")
    control.expire_code("spaces/AliceQuiet01")
    expired = add_by_link(alice, "abc-mnop-xyz")
    assert expired.state == Operation.State.FAILED
    assert Space.objects.get(pk="spaces/AliceQuiet01").meeting_code == ""
    Space.objects.filter(pk="spaces/AliceQuiet01").update(meeting_code_seen_at=None, fetched_at="2020-01-01T00:00Z")
    assert tasks.refresh_aliases() == 1
    fresh = wait_for(
        lambda: Space.objects.filter(pk="spaces/AliceQuiet01").exclude(meeting_code="").first(), what="a new code"
    )
    assert fresh.meeting_code != "abc-mnop-xyz"
    assert fresh.meeting_uri == f"https://meet.google.com/{fresh.meeting_code}"


def test_discovery_finds_what_alice_owns_and_copies_history_before_google_drops_it(control):
    control.seed(
        seed_document(
            spaces=[QUIET, CHARLIE],
            conferences=[
                PAST,
                {**PAST, "space": "spaces/CharlieOne05"},
            ],
        )
    )
    alice = sign_in(control, "alice@example.com")
    operation = settled(services.spaces_discover(actor=alice, identity=own(alice)))
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    assert list(Space.objects.values_list("name", "owner_email")) == [("spaces/AliceQuiet01", "alice@example.com")]
    record = ConferenceRecord.objects.get(space="spaces/AliceQuiet01")
    assert Participant.objects.filter(record=record).count() == 3
    assert set(Artifact.objects.filter(record=record).values_list("kind", flat=True)) == {
        "recording",
        "transcript",
        "smart_note",
    }
    control.advance_clock(31 * 24 * 3600)
    again = settled(services.spaces_discover(actor=alice, identity=own(alice)))
    assert "Found 0 spaces" in again.result_message  # Google has forgotten the conference...
    assert ConferenceRecord.objects.filter(pk=record.pk).exists()  # ...meetadmin has not
    assert Participant.objects.filter(record=record).count() == 3


def test_discovery_reconciles_a_create_whose_answer_was_lost(control):
    control.seed(seed_document())
    alice = sign_in(control, "alice@example.com")
    control.fault("meet.spaces.create", delay=3.0)  # Google creates it; the answer comes too late
    create = settled(
        services.space_create(
            actor=alice, identity=own(alice), label="Lost", config=meet.SpaceConfig.from_json({"accessType": "OPEN"})
        )
    )
    assert create.state == Operation.State.OUTCOME_UNKNOWN
    created = wait_for(lambda: [s for s in control.spaces() if s["owner"] == "alice@example.com"], what="the space")
    control.start_conference(created[0]["name"], [{"email": "alice@example.com"}])
    discovery = settled(services.spaces_discover(actor=alice, identity=own(alice)))
    assert "Settled 1 create whose answer had been lost." in discovery.result_message
    create.refresh_from_db()
    assert create.state == Operation.State.SUCCEEDED
    assert create.space_name == created[0]["name"]
    assert Space.objects.get(pk=create.space_name).made_by_meetadmin


def test_stale_spaces_on_a_page_queue_one_refresh_each_never_two(control, settings):
    control.seed(seed_document(spaces=[QUIET, OTHER]))
    alice = sign_in(control, "alice@example.com")
    for spec in (QUIET, OTHER):
        Space.objects.create(name=f"spaces/{spec['id']}", owner_email=alice.email)
    shown = list(Space.objects.all())
    with transaction.atomic():
        first = services.spaces_refresh_stale(spaces=shown, viewer=alice)
        second = services.spaces_refresh_stale(spaces=shown, viewer=alice)
    assert (first, second) == (2, 0)
    wait_for(lambda: Space.objects.filter(fetched_at__isnull=False).count() == 2, what="both refreshed")
    assert Operation.objects.filter(kind=Operation.Kind.REFRESH).count() == 2


def test_a_created_scope_only_get_tells_which_spaces_meetadmins_project_made(control):
    """Google has no creator field; `meetings.space.created` alone reaches only the project's own spaces."""
    control.seed(seed_document(spaces=[QUIET, OTHER]))
    alice = sign_in(control, "alice@example.com")
    add_by_link(alice, "abc-mnop-xyz")
    add_by_link(alice, "oth-erap-pqr")
    made_here = dict(Space.objects.values_list("name", "made_by_meetadmin"))
    assert made_here == {"spaces/AliceQuiet01": True, "spaces/AliceOther02": False}
    add_by_link(alice, "abc-mnop-xyz")  # known now: no second probe
    # Lookups by code are logged under the code; the only read by id was the one probe.
    probes = [call for call in control.calls(method="meet.spaces.get") if call["resource"] == "spaces/AliceQuiet01"]
    assert len(probes) == 1
