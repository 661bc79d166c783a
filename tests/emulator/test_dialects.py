"""Both JSON dialects: `alt=json` with enum names, `$alt=json;enum-encoding=int` with enum numbers.

The numbers are positions in the discovery document's enum lists (`*_UNSPECIFIED` = 0), read here from the
repository's copy of Google's meet.v2.json as a file, not through the emulator's loader
(google_emulator/meet/discovery.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.meet_http import CREATED, READONLY, SETTINGS, error_of, meet_as, seed_apps

DISCOVERY = json.loads((Path(__file__).resolve().parents[2] / "google_emulator" / "meet" / "meet.v2.json").read_text())


def number(schema: str, field: str, name: str) -> int:
    return DISCOVERY["schemas"][schema]["properties"][field]["enum"].index(name)


@pytest.fixture
def space(control):
    seed_apps(control)
    return control.add_space(
        "alice@example.com",
        "meetadmin-demo",
        {
            "accessType": "RESTRICTED",
            "moderation": "ON",
            "moderationRestrictions": {"chatRestriction": "HOSTS_ONLY"},
        },
    )


def test_int_dialect_answers_enums_as_their_discovery_positions(emulator, control, space):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY], int_enums=True)
    config = alice.get(space["name"]).json()["config"]
    assert config["accessType"] == number("SpaceConfig", "accessType", "RESTRICTED") == 3
    assert config["moderation"] == number("SpaceConfig", "moderation", "ON")
    assert config["moderationRestrictions"]["chatRestriction"] == number(
        "ModerationRestrictions", "chatRestriction", "HOSTS_ONLY"
    )
    assert config["artifactConfig"]["recordingConfig"]["autoRecordingGeneration"] == number(
        "RecordingConfig", "autoRecordingGeneration", "OFF"
    )


def test_name_dialect_answers_enum_names(emulator, control, space):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    explicit = alice.get(space["name"], alt="json").json()
    implicit = alice.get(space["name"]).json()
    assert explicit == implicit
    assert implicit["config"]["accessType"] == "RESTRICTED"


def test_integers_are_accepted_in_request_bodies(emulator, control, space):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[SETTINGS], int_enums=True)
    body = {"config": {"accessType": number("SpaceConfig", "accessType", "OPEN")}}
    response = alice.patch(space["name"], json=body, updateMask="config.accessType")
    assert response.status_code == 200
    assert response.json()["config"]["accessType"] == 1
    by_name = meet_as(emulator, control, "alice@example.com", scopes=[READONLY]).get(space["name"]).json()
    assert by_name["config"]["accessType"] == "OPEN"


def test_names_are_accepted_in_the_int_dialect_too(emulator, control, space):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[SETTINGS], int_enums=True)
    response = alice.patch(space["name"], json={"config": {"accessType": "TRUSTED"}})
    assert response.json()["config"]["accessType"] == number("SpaceConfig", "accessType", "TRUSTED")


def test_an_integer_outside_the_enum_is_invalid(emulator, control, space):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[SETTINGS], int_enums=True)
    response = alice.patch(space["name"], json={"config": {"accessType": 9}})
    assert error_of(response) == (400, "INVALID_ARGUMENT")


def test_member_roles_and_artifact_states_follow_the_dialect(emulator, control, space):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[CREATED, READONLY], int_enums=True)
    member = alice.post(f"{space['name']}/members", json={"email": "dave@example.com", "role": 1}).json()
    assert member["role"] == number("Member", "role", "COHOST")
    control.start_conference(space["name"], [{"email": "dave@example.com"}])
    record = control.add_recording(space["name"], state="FILE_GENERATED")
    recordings = alice.get(f"{record['name'].rsplit('/recordings/', 1)[0]}/recordings").json()["recordings"]
    assert recordings[0]["state"] == number("Recording", "state", "FILE_GENERATED")


def test_unspecified_values_are_never_written(emulator, control, space):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[CREATED], int_enums=True)
    member = alice.post(f"{space['name']}/members", json={"email": "carol@example.com"}).json()
    assert "role" not in member  # ROLE_UNSPECIFIED is proto3's default: omitted, in both dialects


def test_other_response_formats_are_refused(emulator, control, space):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    assert error_of(alice.get(space["name"], alt="proto")) == (400, "INVALID_ARGUMENT")
    token = control.token("alice@example.com", "meetadmin-demo.apps.googleusercontent.com", [READONLY])
    response = requests.get(
        f"{emulator.url}/v2/{space['name']}",
        params={"$alt": "xml"},
        headers={"Authorization": f"Bearer {token['access_token']}"},
        timeout=10,
    )
    assert error_of(response) == (400, "INVALID_ARGUMENT")


def test_a_form_encoded_dollar_alt_is_understood(emulator, control, space):
    token = control.token("alice@example.com", "meetadmin-demo.apps.googleusercontent.com", [READONLY])
    url = f"{emulator.url}/v2/{space['name']}?%24alt=json%3Benum-encoding%3Dint"
    response = requests.get(url, headers={"Authorization": f"Bearer {token['access_token']}"}, timeout=10)
    assert response.json()["config"]["accessType"] == 3


def test_fields_selects_a_partial_response_and_refuses_unknown_fields(emulator, control, space):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    partial = alice.get(space["name"], fields="name,config(accessType)").json()
    assert partial == {"name": space["name"], "config": {"accessType": "RESTRICTED"}}
    assert error_of(alice.get(space["name"], fields="colour")) == (400, "INVALID_ARGUMENT")


def test_pretty_print_false_answers_one_line(emulator, control, space):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    assert "\n" not in alice.get(space["name"], prettyPrint="false").text.strip()


def _enum_leaves(schema: str, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], list[str]]]:
    """Every enum field under `schema`, as (path, enum values), read from the discovery document."""
    leaves = []
    for name, definition in DISCOVERY["schemas"][schema]["properties"].items():
        if "$ref" in definition:
            leaves.extend(_enum_leaves(definition["$ref"], (*prefix, name)))
        elif "enum" in definition:
            leaves.append(((*prefix, name), definition["enum"]))
    return leaves


CONFIG_ENUMS = _enum_leaves("SpaceConfig")


def _put(target: dict, path: tuple[str, ...], value: object) -> None:
    for part in path[:-1]:
        target = target.setdefault(part, {})
    target[path[-1]] = value


def _read(source: dict, path: tuple[str, ...]) -> object:
    for part in path:
        source = source[part]
    return source


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choices=st.tuples(*(st.integers(min_value=1, max_value=len(values) - 1) for _, values in CONFIG_ENUMS)))
def test_any_config_written_as_numbers_reads_back_as_the_same_names(emulator, control, space, choices):
    body: dict = {}
    for (path, _values), number_ in zip(CONFIG_ENUMS, choices, strict=True):
        _put(body, path, number_)
    writer = meet_as(emulator, control, "alice@example.com", scopes=[SETTINGS], int_enums=True)
    assert writer.patch(space["name"], json={"config": body}, updateMask="*").status_code == 200

    config = meet_as(emulator, control, "alice@example.com", scopes=[READONLY]).get(space["name"]).json()["config"]

    moderation_off = body["moderation"] == DISCOVERY["schemas"]["SpaceConfig"]["properties"]["moderation"][
        "enum"
    ].index("OFF")
    for (path, values), chosen in zip(CONFIG_ENUMS, choices, strict=True):
        if moderation_off and path[0] == "moderationRestrictions":
            continue  # turning moderation off resets the restrictions (checked in test_spaces)
        assert _read(config, path) == values[chosen], path
