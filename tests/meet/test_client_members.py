"""Members over real HTTP: create, list (paged), delete: the member calls meetadmin makes."""

from __future__ import annotations

import pytest

from meet_client import MeetingCodeNotAllowed, MeetPermissionDenied, Member, MemberRole


def test_alice_manages_the_members_of_her_space(alice):
    space = alice.create_space()
    dave = alice.create_member(space, email="dave@example.com", role=MemberRole.COHOST)
    assert dave.name.startswith(f"{space.name}/members/")
    assert (dave.email, dave.role) == ("dave@example.com", MemberRole.COHOST)
    carol = alice.create_member(space.name, email="carol@example.com")
    erin = alice.create_member(space.name, email="erin@otherco.test")

    listed = list(alice.list_members(space.name, page_size=1))
    assert sorted(member.email for member in listed) == ["carol@example.com", "dave@example.com", "erin@otherco.test"]
    assert dave in listed
    assert carol in listed

    alice.delete_member(erin)
    assert {member.email for member in alice.list_members(space)} == {"carol@example.com", "dave@example.com"}


def test_list_members_follows_page_tokens(alice, people_and_apps):
    space = alice.create_space()
    for number in range(5):
        alice.create_member(space.name, email=f"guest{number}@example.com")
    emails = [member.email for member in alice.list_members(space.name, page_size=2)]
    assert sorted(emails) == [f"guest{number}@example.com" for number in range(5)]
    assert len(people_and_apps.calls(method="meet.spaces.members.list")) == 3


def test_member_writes_refuse_a_meeting_code_parent_before_any_request(alice, people_and_apps):
    space = alice.create_space()
    member = alice.create_member(space.name, email="dave@example.com")
    by_code = Member(
        name=f"spaces/{space.meeting_code}/members/{member.name.rsplit('/', 1)[-1]}",
        email="dave@example.com",
        role=MemberRole.COHOST,
    )
    with pytest.raises(MeetingCodeNotAllowed):
        alice.delete_member(by_code)
    with pytest.raises(MeetingCodeNotAllowed):
        alice.delete_member(by_code.name)
    assert people_and_apps.calls(method="meet.spaces.members.delete") == []


def test_bob_may_not_add_members_to_alices_space(alice, bob):
    space = alice.create_space()
    with pytest.raises(MeetPermissionDenied):
        bob.create_member(space.name, email="bob@example.com")
