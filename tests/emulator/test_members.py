"""Space members over real HTTP: create, get, list with pages, patch, delete, batchUpdate; owners only."""

from __future__ import annotations

import pytest

from tests.support.meet_http import CREATED, READONLY, error_of, meet_as, seed_apps


@pytest.fixture
def space(control):
    seed_apps(control)
    return control.add_space("alice@example.com", "meetadmin-demo")["name"]


@pytest.fixture
def alice(emulator, control, space):
    return meet_as(emulator, control, "alice@example.com", scopes=[CREATED])


def test_owner_adds_and_reads_a_member(alice, space):
    created = alice.post(f"{space}/members", json={"email": "dave@example.com", "role": "COHOST"})
    assert created.status_code == 200
    member = created.json()
    assert member["name"].startswith(f"{space}/members/")
    assert member == {"name": member["name"], "email": "dave@example.com", "role": "COHOST"}
    assert alice.get(member["name"]).json() == member


def test_email_is_required_and_must_be_an_email(alice, space):
    assert error_of(alice.post(f"{space}/members", json={"role": "COHOST"})) == (400, "INVALID_ARGUMENT")
    assert error_of(alice.post(f"{space}/members", json={"email": "dave"})) == (400, "INVALID_ARGUMENT")


def test_the_same_email_twice_already_exists(alice, space):
    alice.post(f"{space}/members", json={"email": "dave@example.com"})
    assert error_of(alice.post(f"{space}/members", json={"email": "DAVE@example.com"})) == (409, "ALREADY_EXISTS")


def test_the_duplicate_member_switch_answers_the_member_as_it_is(control, alice, space):
    first = alice.post(f"{space}/members", json={"email": "dave@example.com", "role": "COHOST"}).json()
    control.set_switches(duplicateMember="RETURN_EXISTING")
    again = alice.post(f"{space}/members", json={"email": "DAVE@example.com"})
    assert again.status_code == 200
    assert again.json() == first
    assert len(alice.get(f"{space}/members").json()["members"]) == 1


def test_members_are_listed_in_pages_with_a_signed_token(alice, space):
    for index in range(5):
        alice.post(f"{space}/members", json={"email": f"person{index}@example.com"})

    first = alice.get(f"{space}/members", pageSize=2).json()
    second = alice.get(f"{space}/members", pageSize=2, pageToken=first["nextPageToken"]).json()
    third = alice.get(f"{space}/members", pageSize=2, pageToken=second["nextPageToken"]).json()

    emails = [m["email"] for page in (first, second, third) for m in page["members"]]
    assert emails == [f"person{index}@example.com" for index in range(5)]
    assert "nextPageToken" not in third


def test_a_forged_or_foreign_page_token_is_invalid(emulator, control, alice, space):
    for index in range(3):
        alice.post(f"{space}/members", json={"email": f"person{index}@example.com"})
    token = alice.get(f"{space}/members", pageSize=1).json()["nextPageToken"]
    other_space = alice.post("spaces", json={}).json()["name"]
    alice.post(f"{other_space}/members", json={"email": "x@example.com"})

    assert error_of(alice.get(f"{space}/members", pageToken=token + "x")) == (400, "INVALID_ARGUMENT")
    assert error_of(alice.get(f"{other_space}/members", pageToken=token)) == (400, "INVALID_ARGUMENT")


def test_page_size_is_clipped_to_the_maximum_and_negative_is_invalid(alice, space):
    alice.post(f"{space}/members", json={"email": "dave@example.com"})
    assert alice.get(f"{space}/members", pageSize=100000).status_code == 200
    assert error_of(alice.get(f"{space}/members", pageSize=-1)) == (400, "INVALID_ARGUMENT")
    assert error_of(alice.get(f"{space}/members", pageSize="ten")) == (400, "INVALID_ARGUMENT")


def test_patch_changes_the_role_and_a_masked_absent_role_is_cleared(alice, space):
    name = alice.post(f"{space}/members", json={"email": "dave@example.com"}).json()["name"]
    promoted = alice.patch(name, json={"role": "COHOST"}, updateMask="role").json()
    demoted = alice.patch(name, json={}, updateMask="role").json()
    assert promoted["role"] == "COHOST"
    assert "role" not in demoted
    assert error_of(alice.patch(name, json={"role": "COHOST"}, updateMask="name")) == (400, "INVALID_ARGUMENT")


def test_delete_removes_the_member(alice, space):
    name = alice.post(f"{space}/members", json={"email": "dave@example.com"}).json()["name"]
    assert alice.delete(name).json() == {}
    assert error_of(alice.get(name)) == (404, "NOT_FOUND")
    assert error_of(alice.delete(name)) == (404, "NOT_FOUND")


def test_batch_update_applies_every_request_or_none(alice, space):
    first = alice.post(f"{space}/members", json={"email": "dave@example.com"}).json()["name"]
    second = alice.post(f"{space}/members", json={"email": "carol@example.com"}).json()["name"]

    response = alice.post(
        f"{space}/members:batchUpdate",
        json={
            "updateMask": "role",
            "requests": [{"member": {"name": first, "role": "COHOST"}}, {"member": {"name": second, "role": "COHOST"}}],
        },
    )
    assert response.status_code == 200
    assert [m["role"] for m in response.json()["members"]] == ["COHOST", "COHOST"]

    failing = alice.post(
        f"{space}/members:batchUpdate",
        json={
            "updateMask": "role",
            "requests": [{"member": {"name": first}}, {"member": {"name": f"{space}/members/missing"}}],
        },
    )
    assert error_of(failing) == (404, "NOT_FOUND")
    assert alice.get(first).json()["role"] == "COHOST"  # nothing of the failed batch was applied


def test_batch_update_refuses_a_child_mask_without_a_top_level_one(alice, space):
    name = alice.post(f"{space}/members", json={"email": "dave@example.com"}).json()["name"]
    response = alice.post(
        f"{space}/members:batchUpdate",
        json={"requests": [{"member": {"name": name, "role": "COHOST"}, "updateMask": "role"}]},
    )
    assert error_of(response) == (400, "INVALID_ARGUMENT")


def test_batch_update_is_limited_to_500(alice, space):
    name = alice.post(f"{space}/members", json={"email": "dave@example.com"}).json()["name"]
    requests_ = [{"member": {"name": name, "role": "COHOST"}}] * 501
    response = alice.post(f"{space}/members:batchUpdate", json={"updateMask": "role", "requests": requests_})
    assert error_of(response) == (400, "INVALID_ARGUMENT")


def test_only_the_owner_manages_members(emulator, control, alice, space):
    name = alice.post(f"{space}/members", json={"email": "dave@example.com"}).json()["name"]
    bob = meet_as(emulator, control, "bob@example.com", scopes=[CREATED, READONLY])
    assert error_of(bob.get(f"{space}/members")) == (403, "PERMISSION_DENIED")
    assert error_of(bob.post(f"{space}/members", json={"email": "x@example.com"})) == (403, "PERMISSION_DENIED")
    assert error_of(bob.delete(name)) == (403, "PERMISSION_DENIED")


def test_members_of_another_apps_space_are_out_of_reach_with_only_created(emulator, control):
    seed_apps(control)
    other = control.add_space("alice@example.com", "other-app")["name"]
    created_only = meet_as(emulator, control, "alice@example.com", scopes=[CREATED])
    readonly = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    assert error_of(created_only.get(f"{other}/members")) == (403, "PERMISSION_DENIED")
    assert readonly.get(f"{other}/members").status_code == 200


def test_members_of_a_space_named_by_its_meeting_code_are_out_of_reach(emulator, control, alice, space):
    code = next(s["meetingCode"] for s in control.spaces() if s["name"] == space)
    assert error_of(alice.get(f"spaces/{code}/members")) == (403, "PERMISSION_DENIED")
    assert error_of(alice.post(f"spaces/{code}/members", json={"email": "x@example.com"})) == (403, "PERMISSION_DENIED")
