"""Co-hosts: alice adds and removes them from her space's page; Google allows it only in spaces meetadmin made."""

from __future__ import annotations

import pytest
import requests
from django.conf import settings
from django.urls import reverse

from accounts.models import MEET_SCOPES
from embedded.waiting import wait_for
from spaces import services
from spaces.models import Operation, Space
from spaces.permissions import Action, decide
from tests.support.settled_operation import settled
from tests.support.signed_in_people import person, sign_in
from tests.support.workspace_seed import PROJECT, seed_document


@pytest.fixture
def alice_at_google(client, control):
    """alice of the seeded Workspace, signed in with a real grant, on her space AliceHere001 at Google; returns her
    and the co-host form's address."""
    control.seed(seed_document(spaces=[{"id": "AliceHere001", "owner": "alice@example.com", "project": PROJECT}]))
    alice = sign_in(control, "alice@example.com")
    return alice, _on_her_space(client, alice)


@pytest.fixture
def alice_in_cache(client):
    """alice, signed in, on her cached space AliceHere001 (no emulator); returns the co-host form's address."""
    return _on_her_space(client, person("alice@example.com"))


def _on_her_space(client, alice) -> str:
    """alice's space AliceHere001, made by meetadmin (so Google allows co-hosts), and alice logged in."""
    Space.objects.create(name="spaces/AliceHere001", owner_email=alice.email, made_by_meetadmin=True)
    client.force_login(alice)
    return reverse("spaces:space_members", args=["AliceHere001"])


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("celery_worker")
def test_alice_adds_dave_as_co_host_then_removes_him(client, control, alice_at_google):
    _, url = alice_at_google
    assert settled(_posted(client, url, {"add": "Dave@Example.com"})).state == Operation.State.SUCCEEDED
    space = Space.objects.get(pk="spaces/AliceHere001")
    assert [member["email"] for member in space.members] == ["dave@example.com"]
    assert next(s for s in control.spaces() if s["name"] == "spaces/AliceHere001")["members"]
    page = client.get(reverse("spaces:space", args=["AliceHere001"])).content.decode()
    assert "Remove dave@example.com as co-host" in page
    removal = settled(_posted(client, url, {"remove": space.members[0]["name"]}))
    assert removal.state == Operation.State.SUCCEEDED
    assert removal.result_message == "Co-hosts: removed dave@example.com."  # the audit row names whom (was "1")
    wait_for(lambda: Space.objects.get(pk="spaces/AliceHere001").members == [], what="the removal to be filed")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("celery_worker")
def test_co_host_changes_already_made_are_nothing_to_change_and_no_google_call(client, control, alice_at_google):
    alice, url = alice_at_google
    shown_empty = {"shown": ""}  # the page showed no co-hosts
    settled(_posted(client, url, {"add": "dave@example.com", **shown_empty}))
    again = client.post(url, {"add": "dave@example.com", **shown_empty})  # a second tab, opened before
    assert again.status_code == 422
    assert "dave@example.com is already a co-host (since this page was opened): nothing to change" in (
        again.content.decode()
    )
    name = Space.objects.get(pk="spaces/AliceHere001").members[0]["name"]
    # The cache has not seen a removal made elsewhere: the worker finds the co-host gone and calls nothing.
    control_member_gone = settled(_posted(client, url, {"remove": name, "shown": "dave@example.com"}))
    twice = services.members_change(
        space=Space.objects.get(pk="spaces/AliceHere001"),
        actor=alice,
        identity=decide(alice, Space.objects.get(pk="spaces/AliceHere001"), Action.MANAGE_MEMBERS).identity,
        remove=[name],
        remove_emails=["dave@example.com"],
    )
    assert control_member_gone.result_message == "Co-hosts: removed dave@example.com."
    assert settled(twice).result_message == "Co-hosts: nothing to change."
    assert [call["status"] for call in control.calls(method="meet.spaces.members.create")] == [200]
    assert [call["status"] for call in control.calls(method="meet.spaces.members.delete")] == [200]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("celery_worker")
@pytest.mark.parametrize("duplicate", ["ALREADY_EXISTS", "RETURN_EXISTING"])
def test_a_co_host_added_elsewhere_meanwhile_is_already_there_whatever_google_answers(
    client, control, alice_at_google, duplicate
):
    """Google does not document its answer to a duplicate member (the emulator's duplicateMember switch): dave is
    added in Meet between the worker's list and its create, and the change succeeds either way."""
    _, url = alice_at_google
    control.set_switches(duplicateMember=duplicate)
    # The worker's create is held for a moment once it reaches Google (below the worker's 1 s read timeout)...
    control.fault("meet.spaces.members.create", delay=0.7)
    operation = _posted(client, url, {"add": "dave@example.com"})
    wait_for(lambda: control.faults() == [], what="the worker's create to reach Google")
    # ...while alice adds dave in Meet herself.
    token = control.token("alice@example.com", settings.GOOGLE_CLIENT_ID, sorted(MEET_SCOPES.values()))
    in_meet = requests.post(
        f"{settings.MEET_API_URL}/v2/spaces/AliceHere001/members",
        json={"email": "dave@example.com", "role": "COHOST"},
        headers={"Authorization": f"Bearer {token['access_token']}"},
        timeout=10,
    )
    assert in_meet.status_code == 200, in_meet.text
    operation = settled(operation)
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    assert operation.result_message == "Co-hosts: added dave@example.com."
    creates = control.calls(method="meet.spaces.members.create")
    assert sorted(call["status"] for call in creates) == sorted([200, 409 if duplicate == "ALREADY_EXISTS" else 200])
    assert [member["email"] for member in Space.objects.get(pk="spaces/AliceHere001").members] == ["dave@example.com"]


def _posted(client, url: str, data: dict) -> Operation:
    before = set(Operation.objects.values_list("pk", flat=True))
    assert client.post(url, data).status_code == 302
    return Operation.objects.exclude(pk__in=before).get()


@pytest.mark.django_db
def test_co_hosts_are_not_offered_where_google_forbids_them(client):
    alice = person("alice@example.com")
    Space.objects.create(name="spaces/AliceOther02", owner_email=alice.email, made_by_meetadmin=False)
    client.force_login(alice)
    page = client.get(reverse("spaces:space", args=["AliceOther02"])).content.decode()
    assert "Add co-host" not in page
    assert "made outside meetadmin" in page
    response = client.post(reverse("spaces:space_members", args=["AliceOther02"]), {"add": "dave@example.com"})
    assert response.status_code == 403
    assert not Operation.objects.filter(kind=Operation.Kind.MEMBERS).exists()


@pytest.mark.django_db
def test_a_bad_co_host_request_is_explained(client, alice_in_cache):
    url = alice_in_cache
    assert client.post(url, {"add": "not an address"}).status_code == 422
    gone = client.post(url, {"remove": "spaces/AliceHere001/members/nobody"})
    assert gone.status_code == 422
    assert "not a co-host of this space" in gone.content.decode()
    assert Operation.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    ["dave@localhost", "x" * 65 + "@example.com", "dave..smith@example.com"],
    ids=["localhost", "long-local-part", "two-dots"],
)
def test_a_co_host_address_is_judged_as_a_bulk_import_judges_one(client, alice_in_cache, address):
    # Django's own EmailField takes the first two; no Google account has either (accounts/email_addresses.py).
    response = client.post(alice_in_cache, {"add": address})
    assert response.status_code == 422
    assert "Enter a valid email address." in response.content.decode()
    assert Operation.objects.count() == 0
