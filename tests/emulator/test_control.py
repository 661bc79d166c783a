"""The control surface (`/_emulator/...`) through EmulatorControl: every call is real HTTP."""

from __future__ import annotations

import pytest
import requests

from google_emulator.control.client import EmulatorControlError
from tests.support.meet_http import READONLY, error_of, meet_as, seed_apps


def test_reset_empties_the_world(emulator, control):
    seed_apps(control)
    control.add_space("alice@example.com", "meetadmin-demo")
    control.reset()
    assert control.spaces() == []
    assert control.calls() == []


def test_add_user_returns_the_meet_user_resource(control):
    user = control.add_user("dave@example.com", "Dave D")
    assert user["email"] == "dave@example.com"
    assert user["displayName"] == "Dave D"
    assert user["user"].startswith("users/")


def test_token_registers_an_unknown_client_as_its_own_app(emulator, control):
    first = control.token("alice@example.com", "one.apps.googleusercontent.com", [READONLY])
    second = control.token("alice@example.com", "two.apps.googleusercontent.com", [READONLY])
    assert {"access_token", "refresh_token", "expires_in", "token_type"} <= set(first)
    assert first["token_type"] == "Bearer"
    assert first["project"] != second["project"]


def test_seed_document_builds_users_apps_spaces_and_conferences(emulator, control):
    made = control.seed(
        {
            "users": [{"email": "alice@example.com", "displayName": "Alice"}, {"email": "dave@example.com"}],
            "oauthClients": [{"clientId": "app.apps.googleusercontent.com", "clientSecret": "s", "project": "app"}],
            "spaces": [
                {
                    "id": "SeededSpace1",
                    "owner": "alice@example.com",
                    "project": "app",
                    "code": "see-deds-pce",
                    "config": {"accessType": "OPEN"},
                }
            ],
            "conferences": [{"space": "spaces/SeededSpace1", "participants": [{"email": "dave@example.com"}]}],
        }
    )
    assert made["spaces"][0]["name"] == "spaces/SeededSpace1"
    alice = meet_as(emulator, control, "alice@example.com", "app.apps.googleusercontent.com", [READONLY])
    space = alice.get("spaces/see-deds-pce").json()
    assert space["name"] == "spaces/SeededSpace1"
    assert space["config"]["accessType"] == "OPEN"
    assert space["activeConference"]["conferenceRecord"] == made["conferences"][0]["name"]


def test_a_bad_seed_is_refused_with_a_reason(control):
    with pytest.raises(EmulatorControlError, match="400"):
        control.seed({"spaceships": []})
    with pytest.raises(EmulatorControlError, match="400"):
        control.seed({"spaces": [{"owner": "a@example.com", "project": "p", "config": {"accessType": "NOPE"}}]})


def test_conferences_start_join_leave_and_end(emulator, control):
    seed_apps(control)
    name = control.add_space("alice@example.com", "meetadmin-demo")["name"]
    record = control.start_conference(name, [{"email": "dave@example.com"}])
    joined = control.join(name, {"anonymous": "Guest"})
    assert joined["anonymousUser"] == {"displayName": "Guest"}
    control.leave(name, {"email": "dave@example.com"})
    assert control.end_conference(name) is True
    assert control.end_conference(name) is False
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    assert "endTime" in alice.get(record["name"]).json()


def test_artifacts_are_added_to_a_space_or_a_record(emulator, control):
    seed_apps(control)
    name = control.add_space("alice@example.com", "meetadmin-demo")["name"]
    record = control.start_conference(name, [{"email": "dave@example.com"}])
    control.add_recording(name)
    transcript = control.add_transcript(
        record["name"], entries=[{"participant": {"email": "dave@example.com"}, "text": "Hello"}]
    )
    control.add_smart_note(name)
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    assert len(alice.get(f"{record['name']}/recordings").json()["recordings"]) == 1
    assert len(alice.get(f"{record['name']}/smartNotes").json()["smartNotes"]) == 1
    entries = alice.get(f"{transcript['name']}/entries").json()["transcriptEntries"]
    assert [entry["text"] for entry in entries] == ["Hello"]


def test_the_clock_advances(control):
    before = control.now()
    after = control.advance_clock(3600)
    assert after > before
    assert after[:13] != before[:13]


def test_an_unknown_route_is_404(emulator):
    response = requests.post(f"{emulator.url}/_emulator/teleport", json={}, timeout=10)
    assert error_of(response) == (404, "NOT_FOUND")


def test_the_status_page_shows_the_world(emulator, control):
    seed_apps(control)
    name = control.add_space("alice@example.com", "meetadmin-demo")["name"]
    control.start_conference(name, [{"email": "dave@example.com"}])
    meet_as(emulator, control, "alice@example.com").get(name)

    page = requests.get(f"{emulator.url}/_emulator/", timeout=10)

    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    for text in ("alice@example.com", name, "meet.spaces.get", "conferenceRecords/", "Live conferences"):
        assert text in page.text
    live = page.text.split("Live conferences", 1)[1].split("</table>", 1)[0]
    assert "Dave" in live
