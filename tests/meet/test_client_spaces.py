"""Spaces over real HTTP against the emulator: create, get by id and by alias, patch with a mask, end."""

from __future__ import annotations

import dataclasses

import pytest

from meet_client import (
    SCOPE_READONLY,
    AccessType,
    MeetFailedPrecondition,
    MeetingCodeNotAllowed,
    MeetPermissionDenied,
    MeetScopeInsufficient,
    Moderation,
    ModerationRestrictions,
    RestrictionType,
    Space,
    SpaceConfig,
    SpaceName,
    space_config_update_mask,
)


def test_alice_creates_a_space_and_finds_it_by_id_and_by_any_spelling_of_its_code(alice):
    created = alice.create_space(SpaceConfig(access_type=AccessType.OPEN))
    assert isinstance(created, Space)
    assert created.name.startswith("spaces/")
    assert created.meeting_code
    assert created.meeting_uri == f"https://meet.google.com/{created.meeting_code}"
    assert created.config.access_type is AccessType.OPEN

    by_id = alice.get_space(created.name)
    by_code = alice.get_space(created.meeting_code.upper())
    by_link = alice.get_space(f"  https://meet.google.com/{created.meeting_code}?authuser=0&hs=122 ")
    assert by_id.name == by_code.name == by_link.name == created.name
    assert by_code.config == created.config


def test_patch_sends_a_minimal_mask_and_reads_back_what_was_wanted(alice, people_and_apps):
    space = alice.create_space(SpaceConfig(access_type=AccessType.TRUSTED))
    wanted = dataclasses.replace(
        space.config,
        access_type=AccessType.OPEN,
        moderation=Moderation.ON,
        moderation_restrictions=dataclasses.replace(
            space.config.moderation_restrictions, chat_restriction=RestrictionType.HOSTS_ONLY
        ),
    )
    mask = space_config_update_mask(space.config, wanted)
    assert mask == ["config.accessType", "config.moderation", "config.moderationRestrictions.chatRestriction"]

    patched = alice.patch_space(space.name, wanted, update_mask=mask)
    assert patched.config == wanted
    assert alice.get_space(space.name).config == wanted


def test_a_write_with_a_meeting_code_fails_before_any_request(alice, people_and_apps):
    space = alice.create_space()
    with pytest.raises(MeetingCodeNotAllowed):
        alice.patch_space(space.meeting_code, space.config, update_mask=["config.accessType"])
    with pytest.raises(MeetingCodeNotAllowed):
        alice.end_active_conference(f"https://meet.google.com/{space.meeting_code}")
    with pytest.raises(MeetingCodeNotAllowed):
        alice.create_member(SpaceName.parse(space.meeting_code), email="dave@example.com")
    assert people_and_apps.calls(method="meet.spaces.patch") == []
    assert people_and_apps.calls(method="meet.spaces.endActiveConference") == []
    assert people_and_apps.calls(method="meet.spaces.members.create") == []


def test_an_empty_mask_is_refused_because_google_would_update_every_field(alice, people_and_apps):
    space = alice.create_space()
    with pytest.raises(ValueError, match="non-empty"):
        alice.patch_space(space.name, space.config, update_mask=[])
    assert people_and_apps.calls(method="meet.spaces.patch") == []


def test_alice_ends_her_running_conference_and_a_second_end_is_failed_precondition(alice, people_and_apps):
    space = alice.create_space()
    people_and_apps.start_conference(space.name, [{"email": "dave@example.com"}, {"anonymous": "Guest"}])
    running = alice.get_space(space.name)
    assert running.active_conference is not None
    assert running.active_conference.conference_record.startswith("conferenceRecords/")

    assert alice.end_active_conference(space.name) is None
    assert alice.get_space(space.name).active_conference is None
    with pytest.raises(MeetFailedPrecondition) as caught:
        alice.end_active_conference(space.name)
    assert caught.value.http_status == 400
    assert not caught.value.retryable


def test_bob_sees_the_bare_space_and_may_not_change_it(alice, bob):
    space = alice.create_space(SpaceConfig(access_type=AccessType.OPEN))
    seen_by_bob = bob.get_space(space.name)
    assert seen_by_bob.name == space.name
    assert seen_by_bob.config is None
    with pytest.raises(MeetPermissionDenied) as caught:
        bob.patch_space(space.name, SpaceConfig(access_type=AccessType.RESTRICTED), update_mask=["config.accessType"])
    assert caught.value.http_status == 403
    assert not isinstance(caught.value, MeetScopeInsufficient)
    with pytest.raises(MeetPermissionDenied):
        bob.end_active_conference(space.name)


def test_a_space_that_does_not_exist_is_permission_denied_like_google(alice):
    with pytest.raises(MeetPermissionDenied, match="might not exist"):
        alice.get_space("spaces/doesNotExist123")


def test_ending_a_conference_in_another_apps_space_is_refused(connect, people_and_apps):
    other_app = connect("alice@example.com", app="other")
    theirs = other_app.create_space()
    people_and_apps.start_conference(theirs.name, [{"email": "dave@example.com"}])
    ours = connect("alice@example.com")
    with pytest.raises(MeetPermissionDenied):
        ours.end_active_conference(theirs.name)


def test_a_readonly_token_cannot_create_and_the_error_says_scope(connect):
    reader = connect("alice@example.com", scopes=[SCOPE_READONLY])
    with pytest.raises(MeetScopeInsufficient) as caught:
        reader.create_space()
    assert "ACCESS_TOKEN_SCOPE_INSUFFICIENT" in caught.value.reasons
    assert isinstance(caught.value, MeetPermissionDenied)


def test_turning_moderation_off_resets_restrictions_and_the_mask_does_not_fight_it(alice):
    space = alice.create_space(
        SpaceConfig(
            moderation=Moderation.ON, moderation_restrictions=ModerationRestrictions(chat_restriction="HOSTS_ONLY")
        )
    )
    wanted = dataclasses.replace(space.config, moderation=Moderation.OFF)
    mask = space_config_update_mask(space.config, wanted)
    assert mask == ["config.moderation"]
    after = alice.patch_space(space.name, wanted, update_mask=mask).config
    assert after.moderation is Moderation.OFF
    assert after.moderation_restrictions.chat_restriction != RestrictionType.HOSTS_ONLY


def test_a_meeting_code_handed_to_another_space_now_reads_as_that_space(alice, people_and_apps):
    old = alice.create_space()
    new = alice.create_space()
    people_and_apps.reassign_code(old.meeting_code, new.name)
    found = alice.get_space(old.meeting_code)
    assert found.name == new.name  # always file the answer under the id it returns, never under the code
    assert found.meeting_code == old.meeting_code
