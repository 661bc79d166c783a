"""Spaces over real HTTP: create, get by id or code, patch with update masks, endActiveConference, roles and apps.

alice owns spaces made by meetadmin (the own app) and by other-app; dave takes part in her call; bob is nobody to
her spaces.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from google_emulator.meet.spaces import SpaceStore
from tests.support.meet_http import CREATED, MEETADMIN, OTHER_APP, READONLY, SETTINGS, error_of, meet_as, seed_apps

PERMISSION_DENIED_MESSAGE = "Permission denied on resource MeetingSpace (or it might not exist)"


@pytest.fixture
def alices_spaces(control):
    seed_apps(control)
    own = control.add_space("alice@example.com", "meetadmin-demo", {"accessType": "OPEN"})
    other = control.add_space("alice@example.com", "other-app")
    return {"own": own, "other": other}


def test_alice_creates_a_space_with_a_server_made_id_and_code(emulator, control, alices_spaces):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[CREATED])

    response = alice.post("spaces", json={"config": {"accessType": "RESTRICTED"}})

    assert response.status_code == 200
    space = response.json()
    assert re.fullmatch(r"spaces/[A-Za-z0-9_-]{12}", space["name"])
    assert re.fullmatch(r"[a-z]{3}-[a-z]{4}-[a-z]{3}", space["meetingCode"])
    assert space["meetingUri"] == f"https://meet.google.com/{space['meetingCode']}"
    assert space["config"]["accessType"] == "RESTRICTED"
    assert space["config"]["entryPointAccess"] == "ALL"  # output is the configured value, never *_UNSPECIFIED
    assert "activeConference" not in space


def test_ids_are_minted_from_googles_whole_alphabet_and_never_read_as_a_code():
    store = SpaceStore()
    now = datetime.now(UTC)
    ids = [store.create(owner="a@example.com", project="p", config={}, now=now).space_id for _ in range(400)]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{12}", space_id) for space_id in ids)
    assert any(space_id[0] in "-_" for space_id in ids)  # about 3 % start so: 12 expected in 400
    assert any("-" in space_id[1:] for space_id in ids)
    assert any("_" in space_id for space_id in ids)
    assert not any(re.fullmatch(r"[a-z]+-[a-z]+-[a-z]+", space_id, re.IGNORECASE) for space_id in ids)


def test_a_space_whose_id_starts_with_a_dash_is_reached_by_id_and_by_code(emulator, control):
    seed_apps(control)
    control.add_space("alice@example.com", "meetadmin-demo", space_id="-yy3uKlef_QB", code="das-hfir-stx")
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY, SETTINGS])
    assert alice.get("spaces/-yy3uKlef_QB").json()["name"] == "spaces/-yy3uKlef_QB"
    assert alice.get("spaces/das-hfir-stx").json()["name"] == "spaces/-yy3uKlef_QB"
    patched = alice.patch("spaces/-yy3uKlef_QB", {"config": {"accessType": "OPEN"}}, updateMask="config.accessType")
    assert patched.status_code == 200, patched.text


def test_the_sparse_config_switch_shows_only_what_published_answers_show(emulator, control):
    seed_apps(control)
    control.set_switches(freshSpaceConfig="SPARSE")
    alice = meet_as(emulator, control, "alice@example.com", scopes=[CREATED, SETTINGS])
    fresh = alice.post("spaces").json()
    assert fresh["config"] == {"accessType": "TRUSTED", "entryPointAccess": "ALL"}
    patched = alice.patch(fresh["name"], {"config": {"moderation": "ON"}}, updateMask="config.moderation").json()
    assert patched["config"] == {"accessType": "TRUSTED", "entryPointAccess": "ALL", "moderation": "ON"}


def test_create_with_an_empty_body_uses_the_defaults(emulator, control, alices_spaces):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[CREATED])
    response = alice.post("spaces")
    assert response.status_code == 200
    assert response.json()["config"]["accessType"] == "TRUSTED"


def test_create_needs_the_created_scope(emulator, control, alices_spaces):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY, SETTINGS])
    response = alice.post("spaces", json={})
    assert error_of(response) == (403, "PERMISSION_DENIED")
    assert response.json()["error"]["message"] == "Request had insufficient authentication scopes."
    assert response.json()["error"]["details"][0]["reason"] == "ACCESS_TOKEN_SCOPE_INSUFFICIENT"


def test_owner_gets_config_others_get_the_bare_space(emulator, control, alices_spaces):
    name = alices_spaces["own"]["name"]
    as_owner = meet_as(emulator, control, "alice@example.com", scopes=[READONLY]).get(name).json()
    as_bob = meet_as(emulator, control, "bob@example.com", scopes=[READONLY]).get(name).json()

    assert as_owner["config"]["accessType"] == "OPEN"
    assert as_bob == {
        "name": name,
        "meetingUri": alices_spaces["own"]["meetingUri"],
        "meetingCode": alices_spaces["own"]["meetingCode"],
    }


def test_active_conference_is_shown_to_the_owner_and_people_in_the_call_only(emulator, control, alices_spaces):
    name = alices_spaces["own"]["name"]
    record = control.start_conference(name, [{"email": "dave@example.com"}])

    for email, sees in (("alice@example.com", True), ("dave@example.com", True), ("bob@example.com", False)):
        space = meet_as(emulator, control, email, scopes=[READONLY]).get(name).json()
        assert ("activeConference" in space) is sees, email
        if sees:
            assert space["activeConference"] == {"conferenceRecord": record["name"]}
    control.leave(name, {"email": "dave@example.com"})
    assert "activeConference" not in meet_as(emulator, control, "dave@example.com").get(name).json()


def test_get_by_meeting_code_is_case_insensitive_and_answers_the_id(emulator, control, alices_spaces):
    bob = meet_as(emulator, control, "bob@example.com", scopes=[READONLY])
    response = bob.get(f"spaces/{alices_spaces['own']['meetingCode'].upper()}")
    assert response.status_code == 200
    assert response.json()["name"] == alices_spaces["own"]["name"]


def test_space_ids_are_case_sensitive(emulator, control, alices_spaces):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    response = alice.get(alices_spaces["own"]["name"].swapcase().replace("SPACES/", "spaces/"))
    assert error_of(response) == (403, "PERMISSION_DENIED")


def test_a_space_that_does_not_exist_is_403_never_404(emulator, control, alices_spaces):
    alice = meet_as(emulator, control, "alice@example.com")
    for response in (
        alice.get("spaces/doesNotExist"),
        alice.patch("spaces/doesNotExist", json={}),
        alice.post("spaces/doesNotExist:endActiveConference"),
    ):
        assert error_of(response) == (403, "PERMISSION_DENIED")
        assert response.json()["error"]["message"] == PERMISSION_DENIED_MESSAGE


def test_with_only_the_created_scope_another_apps_space_does_not_exist(emulator, control, alices_spaces):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[CREATED])
    assert alice.get(alices_spaces["own"]["name"]).status_code == 200
    response = alice.get(alices_spaces["other"]["name"])
    assert error_of(response) == (403, "PERMISSION_DENIED")
    assert response.json()["error"]["message"] == PERMISSION_DENIED_MESSAGE
    other_app = meet_as(emulator, control, "alice@example.com", client_id=OTHER_APP, scopes=[CREATED])
    assert other_app.get(alices_spaces["other"]["name"]).status_code == 200


def test_readonly_reaches_spaces_of_every_app(emulator, control, alices_spaces):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    assert alice.get(alices_spaces["other"]["name"]).json()["config"]["accessType"] == "TRUSTED"


def test_owner_patches_one_field_with_a_camel_or_snake_case_mask(emulator, control, alices_spaces):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[SETTINGS])
    name = alices_spaces["own"]["name"]

    first = alice.patch(
        name, json={"config": {"accessType": "RESTRICTED", "moderation": "ON"}}, updateMask="config.accessType"
    )
    second = alice.patch(name, json={"config": {"moderation": "ON"}}, updateMask="config.moderation")
    third = alice.patch(
        name, json={"config": {"entry_point_access": "CREATOR_APP_ONLY"}}, update_mask="config.entry_point_access"
    )

    assert first.json()["config"]["accessType"] == "RESTRICTED"
    assert first.json()["config"]["moderation"] == "OFF"  # not in the mask: untouched
    assert second.json()["config"]["moderation"] == "ON"
    assert third.json()["config"]["entryPointAccess"] == "CREATOR_APP_ONLY"
    assert third.json()["config"]["accessType"] == "RESTRICTED"


def test_without_a_mask_the_fields_given_are_updated(emulator, control, alices_spaces):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[SETTINGS])
    body = {"config": {"moderation": "ON", "moderationRestrictions": {"chatRestriction": "HOSTS_ONLY"}}}
    config = alice.patch(alices_spaces["own"]["name"], json=body).json()["config"]
    assert config["accessType"] == "OPEN"
    assert config["moderation"] == "ON"
    assert config["moderationRestrictions"]["chatRestriction"] == "HOSTS_ONLY"
    assert config["moderationRestrictions"]["presentRestriction"] == "NO_RESTRICTION"


def test_a_masked_path_absent_from_the_body_is_reset_and_star_clears_everything_unset(emulator, control, alices_spaces):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[SETTINGS])
    name = alices_spaces["own"]["name"]
    alice.patch(name, json={"config": {"moderation": "ON"}}, updateMask="config.moderation")

    reset = alice.patch(name, json={"config": {}}, updateMask="config.accessType").json()["config"]
    assert reset["accessType"] == "TRUSTED"  # OPEN was set; now back to the default
    assert reset["moderation"] == "ON"

    cleared = alice.patch(
        name, json={"config": {"attendanceReportGenerationType": "GENERATE_REPORT"}}, updateMask="*"
    ).json()["config"]
    assert cleared["moderation"] == "OFF"
    assert cleared["attendanceReportGenerationType"] == "GENERATE_REPORT"


def test_turning_moderation_off_resets_the_restrictions(emulator, control, alices_spaces):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[SETTINGS])
    name = alices_spaces["own"]["name"]
    moderated = {"moderation": "ON", "moderationRestrictions": {"chatRestriction": "HOSTS_ONLY"}}
    alice.patch(name, json={"config": moderated})
    config = alice.patch(name, json={"config": {"moderation": "OFF"}}).json()["config"]
    assert config["moderationRestrictions"]["chatRestriction"] == "NO_RESTRICTION"


@pytest.mark.parametrize("mask", ["meetingCode", "meeting_uri", "name", "activeConference", "config.nope", "nope"])
def test_unknown_or_output_only_mask_paths_are_invalid(emulator, control, alices_spaces, mask):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[SETTINGS])
    response = alice.patch(alices_spaces["own"]["name"], json={"config": {"accessType": "OPEN"}}, updateMask=mask)
    assert error_of(response) == (400, "INVALID_ARGUMENT")


def test_unknown_body_fields_and_bad_enums_are_rejected_as_google_does(emulator, control, alices_spaces):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[SETTINGS])
    typo = alice.patch(alices_spaces["own"]["name"], json={"config": {"accesType": "OPEN"}})
    bad_enum = alice.patch(alices_spaces["own"]["name"], json={"config": {"accessType": "PUBLIC"}})

    assert error_of(typo) == (400, "INVALID_ARGUMENT")
    assert "Unknown name \"accesType\" at 'space.config': Cannot find field." in typo.json()["error"]["message"]
    assert error_of(bad_enum) == (400, "INVALID_ARGUMENT")
    assert "space.config.access_type" in bad_enum.json()["error"]["message"]


def test_every_unknown_body_field_is_reported_in_one_answer(emulator, control, alices_spaces):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[SETTINGS])
    body = {"colour": "red", "config": {"accesType": "OPEN", "moderation": "ON", "modration": "ON"}}
    response = alice.patch(alices_spaces["own"]["name"], json=body)
    assert error_of(response) == (400, "INVALID_ARGUMENT")
    error = response.json()["error"]
    assert error["message"].split("\n") == [
        "Invalid JSON payload received. Unknown name \"colour\" at 'space': Cannot find field.",
        "Invalid JSON payload received. Unknown name \"accesType\" at 'space.config': Cannot find field.",
        "Invalid JSON payload received. Unknown name \"modration\" at 'space.config': Cannot find field.",
    ]
    [bad_request] = error["details"]
    assert [violation["field"] for violation in bad_request["fieldViolations"]] == [
        "space",
        "space.config",
        "space.config",
    ]
    assert [violation["description"] for violation in bad_request["fieldViolations"]] == error["message"].split("\n")


def test_only_the_owner_may_patch(emulator, control, alices_spaces):
    bob = meet_as(emulator, control, "bob@example.com", scopes=[SETTINGS, READONLY])
    response = bob.patch(alices_spaces["own"]["name"], json={"config": {"accessType": "RESTRICTED"}})
    assert error_of(response) == (403, "PERMISSION_DENIED")
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    assert alice.get(alices_spaces["own"]["name"]).json()["config"]["accessType"] == "OPEN"


def test_settings_scope_patches_another_apps_space_created_does_not(emulator, control, alices_spaces):
    with_settings = meet_as(emulator, control, "alice@example.com", scopes=[SETTINGS])
    with_created = meet_as(emulator, control, "alice@example.com", scopes=[CREATED])
    body = {"config": {"accessType": "RESTRICTED"}}
    assert with_settings.patch(alices_spaces["other"]["name"], json=body).status_code == 200
    assert error_of(with_created.patch(alices_spaces["other"]["name"], json=body)) == (403, "PERMISSION_DENIED")


def test_patch_and_end_do_not_accept_a_meeting_code(emulator, control, alices_spaces):
    alice = meet_as(emulator, control, "alice@example.com")
    code_name = f"spaces/{alices_spaces['own']['meetingCode']}"
    control.start_conference(alices_spaces["own"]["name"], [{"email": "dave@example.com"}])
    assert error_of(alice.patch(code_name, json={"config": {"accessType": "OPEN"}})) == (403, "PERMISSION_DENIED")
    assert error_of(alice.post(f"{code_name}:endActiveConference")) == (403, "PERMISSION_DENIED")


def test_owner_ends_the_conference_and_every_session_closes(emulator, control, alices_spaces):
    name = alices_spaces["own"]["name"]
    record = control.start_conference(name, [{"email": "dave@example.com"}, {"anonymous": "Guest"}])
    alice = meet_as(emulator, control, "alice@example.com", scopes=[CREATED, READONLY])

    response = alice.post(f"{name}:endActiveConference", json={})

    assert response.status_code == 200
    assert response.json() == {}
    assert "activeConference" not in alice.get(name).json()
    ended = alice.get(record["name"]).json()
    assert "endTime" in ended
    participants = alice.get(f"{record['name']}/participants").json()["participants"]
    assert all("latestEndTime" in participant for participant in participants)


def test_ending_with_nothing_running_is_a_failed_precondition(emulator, control, alices_spaces):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[CREATED])
    response = alice.post(f"{alices_spaces['own']['name']}:endActiveConference")
    assert error_of(response) == (400, "FAILED_PRECONDITION")


def test_end_needs_the_created_scope_and_the_apps_own_space(emulator, control, alices_spaces):
    control.start_conference(alices_spaces["other"]["name"], [{"email": "dave@example.com"}])
    control.start_conference(alices_spaces["own"]["name"], [{"email": "dave@example.com"}])
    with_settings = meet_as(emulator, control, "alice@example.com", scopes=[SETTINGS, READONLY])
    with_created = meet_as(emulator, control, "alice@example.com", scopes=[CREATED])

    no_scope = with_settings.post(f"{alices_spaces['own']['name']}:endActiveConference")
    other_app = with_created.post(f"{alices_spaces['other']['name']}:endActiveConference")

    assert error_of(no_scope) == (403, "PERMISSION_DENIED")
    assert no_scope.json()["error"]["details"][0]["reason"] == "ACCESS_TOKEN_SCOPE_INSUFFICIENT"
    assert error_of(other_app) == (403, "PERMISSION_DENIED")
    assert other_app.json()["error"]["message"] == PERMISSION_DENIED_MESSAGE


def test_only_the_owner_may_end(emulator, control, alices_spaces):
    control.start_conference(alices_spaces["own"]["name"], [{"email": "dave@example.com"}])
    dave = meet_as(emulator, control, "dave@example.com", client_id=MEETADMIN, scopes=[CREATED])
    response = dave.post(f"{alices_spaces['own']['name']}:endActiveConference")
    assert error_of(response) == (403, "PERMISSION_DENIED")


def test_end_rejects_unknown_body_fields(emulator, control, alices_spaces):
    control.start_conference(alices_spaces["own"]["name"], [{"email": "dave@example.com"}])
    alice = meet_as(emulator, control, "alice@example.com", scopes=[CREATED])
    response = alice.post(f"{alices_spaces['own']['name']}:endActiveConference", json={"force": True})
    assert error_of(response) == (400, "INVALID_ARGUMENT")


def test_a_malformed_space_name_is_invalid(emulator, control, alices_spaces):
    alice = meet_as(emulator, control, "alice@example.com")
    assert error_of(alice.get("spaces/" + "x" * 129)) == (400, "INVALID_ARGUMENT")


def test_unknown_query_parameters_are_rejected(emulator, control, alices_spaces):
    alice = meet_as(emulator, control, "alice@example.com")
    assert error_of(alice.get(alices_spaces["own"]["name"], colour="blue")) == (400, "INVALID_ARGUMENT")


def test_reassigned_code_now_names_the_other_space_and_the_loser_gets_a_fresh_one(emulator, control, alices_spaces):
    code = alices_spaces["own"]["meetingCode"]
    control.reassign_code(code, alices_spaces["other"]["name"])
    bob = meet_as(emulator, control, "bob@example.com", scopes=[READONLY])

    assert bob.get(f"spaces/{code}").json()["name"] == alices_spaces["other"]["name"]
    own_now = bob.get(alices_spaces["own"]["name"]).json()
    assert own_now["meetingCode"] != code
    assert bob.get(f"spaces/{own_now['meetingCode']}").json()["name"] == alices_spaces["own"]["name"]


def test_codes_expire_a_year_after_last_use(emulator, control, alices_spaces):
    code = alices_spaces["own"]["meetingCode"]
    control.advance_clock(364 * 86400)
    control.start_conference(alices_spaces["own"]["name"], [{"email": "dave@example.com"}])  # a meeting uses the code
    control.end_conference(alices_spaces["own"]["name"])
    control.advance_clock(364 * 86400)
    bob = meet_as(emulator, control, "bob@example.com", scopes=[READONLY])
    assert bob.get(f"spaces/{code}").status_code == 200
    control.advance_clock(2 * 86400)
    bob = meet_as(emulator, control, "bob@example.com", scopes=[READONLY])
    assert error_of(bob.get(f"spaces/{code}")) == (403, "PERMISSION_DENIED")
    fresh = bob.get(alices_spaces["own"]["name"]).json()["meetingCode"]
    assert fresh != code
    assert bob.get(f"spaces/{fresh}").json()["name"] == alices_spaces["own"]["name"]


def test_expire_code_from_the_control_surface(emulator, control, alices_spaces):
    summary = control.expire_code(alices_spaces["own"]["name"])
    bob = meet_as(emulator, control, "bob@example.com", scopes=[READONLY])
    assert error_of(bob.get(f"spaces/{summary['expiredCode']}")) == (403, "PERMISSION_DENIED")
    assert bob.get(f"spaces/{summary['meetingCode']}").json()["name"] == alices_spaces["own"]["name"]


def test_concurrent_creates_get_distinct_ids_and_codes(emulator, control, alices_spaces):
    from concurrent.futures import ThreadPoolExecutor

    control.set_quotas(creates_per_user=100)
    alice = meet_as(emulator, control, "alice@example.com", scopes=[CREATED])
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda _: alice.post("spaces", json={}), range(24)))
    spaces = [response.json() for response in responses]
    assert all(response.status_code == 200 for response in responses)
    assert len({space["name"] for space in spaces}) == 24
    assert len({space["meetingCode"] for space in spaces}) == 24
    assert len(control.calls(method="meet.spaces.create")) == 24
