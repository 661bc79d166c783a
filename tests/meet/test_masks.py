"""space_config_update_mask: exactly the changed leaves, and the moderation-OFF reset rule."""

from __future__ import annotations

from meet_client import (
    AccessType,
    ArtifactConfig,
    AutoGenerationType,
    DefaultJoinAsViewerType,
    EntryPointAccess,
    Moderation,
    ModerationRestrictions,
    RecordingConfig,
    RestrictionType,
    SpaceConfig,
    config_leaves,
    resets_moderation_restrictions,
    space_config_update_mask,
)

CURRENT = SpaceConfig(
    access_type=AccessType.TRUSTED,
    entry_point_access=EntryPointAccess.ALL,
    moderation=Moderation.ON,
    moderation_restrictions=ModerationRestrictions(chat_restriction=RestrictionType.NO_RESTRICTION),
)


def test_nothing_changed_means_an_empty_mask():
    assert space_config_update_mask(CURRENT, CURRENT) == []


def test_one_top_level_and_one_nested_change():
    wanted = SpaceConfig(
        access_type=AccessType.OPEN,
        entry_point_access=EntryPointAccess.ALL,
        moderation=Moderation.ON,
        moderation_restrictions=ModerationRestrictions(chat_restriction=RestrictionType.HOSTS_ONLY),
    )
    assert space_config_update_mask(CURRENT, wanted) == [
        "config.accessType",
        "config.moderationRestrictions.chatRestriction",
    ]


def test_a_field_cleared_in_wanted_is_masked_so_google_resets_it():
    wanted = SpaceConfig(
        access_type=AccessType.TRUSTED,
        moderation=Moderation.ON,
        moderation_restrictions=CURRENT.moderation_restrictions,
    )
    assert space_config_update_mask(CURRENT, wanted) == ["config.entryPointAccess"]


def test_unspecified_is_the_same_as_unset():
    wanted = SpaceConfig(access_type=AccessType.ACCESS_TYPE_UNSPECIFIED)
    assert space_config_update_mask(SpaceConfig(), wanted) == []
    assert config_leaves(wanted) == {}


def test_deep_artifact_leaves_use_camel_case_paths():
    wanted = SpaceConfig(
        artifact_config=ArtifactConfig(
            recording_config=RecordingConfig(auto_recording_generation=AutoGenerationType.ON)
        )
    )
    assert space_config_update_mask(None, wanted) == ["config.artifactConfig.recordingConfig.autoRecordingGeneration"]


def test_turning_moderation_off_does_not_send_restrictions_it_resets():
    wanted = SpaceConfig(
        access_type=AccessType.TRUSTED,
        entry_point_access=EntryPointAccess.ALL,
        moderation=Moderation.OFF,
        moderation_restrictions=ModerationRestrictions(
            chat_restriction=RestrictionType.HOSTS_ONLY,
            default_join_as_viewer_type=DefaultJoinAsViewerType.ON,
        ),
    )
    assert space_config_update_mask(CURRENT, wanted) == ["config.moderation"]
    assert resets_moderation_restrictions(wanted)


def test_restrictions_alone_change_when_moderation_stays_on():
    wanted = SpaceConfig(
        access_type=AccessType.TRUSTED,
        entry_point_access=EntryPointAccess.ALL,
        moderation=Moderation.ON,
        moderation_restrictions=ModerationRestrictions(
            chat_restriction=RestrictionType.NO_RESTRICTION,
            present_restriction=RestrictionType.HOSTS_ONLY,
        ),
    )
    assert space_config_update_mask(CURRENT, wanted) == ["config.moderationRestrictions.presentRestriction"]
    assert not resets_moderation_restrictions(wanted)


def test_unknown_enum_values_are_compared_as_strings():
    wanted = SpaceConfig(access_type="FUTURE_TYPE")
    assert space_config_update_mask(SpaceConfig(access_type="FUTURE_TYPE"), wanted) == []
    assert space_config_update_mask(SpaceConfig(), wanted) == ["config.accessType"]
