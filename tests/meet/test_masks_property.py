"""Property: for any current and wanted settings, patching with the computed mask makes the space read `wanted`.

Against the emulator over real HTTP. The one documented exception: when `wanted` has moderation OFF, Google resets
(or keeps resetting) the moderation restrictions, so they are not compared.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meet_client import (
    AccessType,
    ArtifactConfig,
    AttendanceReportGenerationType,
    AutoGenerationType,
    DefaultJoinAsViewerType,
    EntryPointAccess,
    Moderation,
    ModerationRestrictions,
    RecordingConfig,
    RestrictionType,
    SmartNotesConfig,
    SpaceConfig,
    TranscriptionConfig,
    config_leaves,
    space_config_update_mask,
)


def values(enum_type, *, may_be_unset: bool):
    choices = st.sampled_from([member for member in enum_type if not member.value.endswith("_UNSPECIFIED")])
    return st.one_of(st.none(), st.sampled_from(list(enum_type)), choices) if may_be_unset else choices


def space_configs(*, complete: bool):
    unset = not complete
    restrictions = st.builds(
        ModerationRestrictions,
        chat_restriction=values(RestrictionType, may_be_unset=unset),
        reaction_restriction=values(RestrictionType, may_be_unset=unset),
        present_restriction=values(RestrictionType, may_be_unset=unset),
        default_join_as_viewer_type=values(DefaultJoinAsViewerType, may_be_unset=unset),
    )
    artifacts = st.builds(
        ArtifactConfig,
        recording_config=st.builds(
            RecordingConfig, auto_recording_generation=values(AutoGenerationType, may_be_unset=unset)
        ),
        transcription_config=st.builds(
            TranscriptionConfig, auto_transcription_generation=values(AutoGenerationType, may_be_unset=unset)
        ),
        smart_notes_config=st.builds(
            SmartNotesConfig, auto_smart_notes_generation=values(AutoGenerationType, may_be_unset=unset)
        ),
    )
    return st.builds(
        SpaceConfig,
        access_type=values(AccessType, may_be_unset=unset),
        entry_point_access=values(EntryPointAccess, may_be_unset=unset),
        moderation=values(Moderation, may_be_unset=unset),
        moderation_restrictions=restrictions if complete else st.one_of(st.none(), restrictions),
        attendance_report_generation_type=values(AttendanceReportGenerationType, may_be_unset=unset),
        artifact_config=artifacts if complete else st.one_of(st.none(), artifacts),
    )


def comparable(config: SpaceConfig, *, moderation_off: bool) -> dict[str, str]:
    leaves = config_leaves(config)
    if moderation_off:
        leaves = {path: value for path, value in leaves.items() if ".moderationRestrictions." not in path}
    return leaves


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(current=space_configs(complete=False), wanted=space_configs(complete=True))
def test_patching_with_the_mask_yields_wanted(alice, people_and_apps, current, wanted):
    people_and_apps.set_quotas(
        creates_per_user=100_000,
        creates_per_project=100_000,
        writes_per_user=100_000,
        writes_per_project=100_000,
        reads_per_user=100_000,
        reads_per_project=100_000,
    )
    space = alice.create_space(current)
    actual = space.config  # what Google made of `current` (defaults filled in) is what the dashboard would show
    mask = space_config_update_mask(actual, wanted)
    if mask:
        alice.patch_space(space.name, wanted, update_mask=mask)
    moderation_off = wanted.moderation == Moderation.OFF
    after = alice.get_space(space.name).config
    assert comparable(after, moderation_off=moderation_off) == comparable(wanted, moderation_off=moderation_off)
    before, target = config_leaves(actual), config_leaves(wanted)
    assert all(before.get(path) != target.get(path) for path in mask), "the mask names only changed leaves"
